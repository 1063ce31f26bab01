// Which simdutf kernel enc_base64 runs Node's calls on (NodeKernel) and the guard that puts them
// there (ActiveKernel), on whatever kernels this CPU runs: the checks hold for any list.
#include "simdutf_kernels.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <set>
#include <string>

#include "node_codecs.h"

namespace {

using nodefuzz::enc::ActiveKernel;
using nodefuzz::enc::Kernels;
using nodefuzz::enc::NodeKernel;

TEST(NodeKernel, ChoiceZeroIsTheKernelSimdutfPicks) {
  EXPECT_EQ(std::string(NodeKernel(0)->name()),
            std::string(simdutf::get_active_implementation()->name()));
}

bool Forced() {
  const char* name = std::getenv("SIMDUTF_FORCE_IMPLEMENTATION");
  return name != nullptr && *name != '\0';
}

TEST(NodeKernel, TheChoicesReachEveryKernelWithFallbackLast) {
  if (Forced())
    GTEST_SKIP() << "SIMDUTF_FORCE_IMPLEMENTATION is set: NodeKernel.ForcedIsEveryChoice";
  const size_t n = Kernels().size();
  std::set<std::string> reached;
  for (unsigned choice = 0; choice < n; ++choice) reached.insert(NodeKernel(choice)->name());
  std::set<std::string> all;
  for (const simdutf::implementation* k : Kernels()) all.insert(k->name());
  EXPECT_EQ(reached, all);
  EXPECT_EQ(std::string(NodeKernel(static_cast<unsigned>(n - 1))->name()), "fallback");
  EXPECT_EQ(NodeKernel(static_cast<unsigned>(n)), NodeKernel(0));  // modulo the count
}

// ctest runs this with SIMDUTF_FORCE_IMPLEMENTATION=fallback (enc.node-kernel.forced).
TEST(NodeKernel, ForcedIsEveryChoice) {
  if (!Forced()) GTEST_SKIP() << "SIMDUTF_FORCE_IMPLEMENTATION is not set";
  for (unsigned choice = 0; choice < 4; ++choice) {
    EXPECT_EQ(std::string(NodeKernel(choice)->name()),
              std::string(std::getenv("SIMDUTF_FORCE_IMPLEMENTATION")));
  }
}

TEST(ActiveKernel, NodesCallsRunOnTheKernelUntilTheGuardEnds) {
  const simdutf::implementation* before = simdutf::get_active_implementation();
  for (const simdutf::implementation* k : Kernels()) {
    {
      const ActiveKernel active(k);
      EXPECT_EQ(static_cast<const simdutf::implementation*>(simdutf::get_active_implementation()),
                k);
      // Node's write goes through the free functions, so through this kernel; the answer is the
      // same on every kernel.
      char out[3];
      EXPECT_EQ(nodefuzz::enc::node_tree::WriteBase64(out, sizeof out, "QUJD", 4, false), 3u);
      EXPECT_EQ(std::string(out, 3), "ABC");
    }
    EXPECT_EQ(static_cast<const simdutf::implementation*>(simdutf::get_active_implementation()),
              before);
  }
}

}  // namespace
