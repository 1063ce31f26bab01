// Prints the simdutf kernels the targets run here, on one line: those this CPU supports, or
// fallback and the one SIMDUTF_FORCE_IMPLEMENTATION names. tests/findings checks a kernel's bug
// only where it runs; forcing a kernel stands in for a CPU that has no faster one.
#include <cstdio>
#include <string>

#include "simdutf_kernels.h"

int main() {
  std::string names;
  for (const simdutf::implementation* k : nodefuzz::enc::Kernels()) {
    if (!names.empty()) names += ' ';
    names += k->name();
  }
  std::printf("%s\n", names.c_str());
  return 0;
}
