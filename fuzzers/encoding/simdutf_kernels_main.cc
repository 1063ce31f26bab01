// Prints the simdutf kernels this CPU runs, on one line (tests/findings: a kernel's bug is
// checked only where that kernel runs).
#include <cstdio>

#include "simdutf_kernels.h"

int main() {
  std::printf("%s\n", nodefuzz::enc::SupportedKernelNames().c_str());
  return 0;
}
