/* A failing assert() under musl, whose message puts the function after the expression:
 * "Assertion failed: <expr> (<file>: <function>: <line>)". No sanitizer: musl-gcc has none. */
#include <assert.h>
#include <string.h>

static void CheckSelector(const char* selector) {
  assert(strcmp(selector, "a") != 0 && "selector a");
}

int main(int argc, char** argv) {
  CheckSelector(argc > 1 ? argv[1] : "a");
  return 0;
}
