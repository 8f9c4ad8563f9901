// NHWC DepthToSpace on XNNPACK against the reference NHWC kernel on random
// shapes and block sizes (DCR); CRD is declined.

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "kernels/xnnpack/conv_pool_test_util.h"

namespace onyx::kernels::xnnpack {
namespace {

using testing::Configure;
using testing::ExpectNhwcDeclines;
using testing::ExpectNhwcMatchesReference;
using testing::Pick;
using testing::RandomTensor;

TEST(XnnpackNhwcDepthToSpace, MatchesReferenceOnRandomShapes) {
  std::mt19937 rng(501);
  for (int trial = 0; trial < 40; ++trial) {
    const int64_t bs = Pick(rng, 2, 4);
    const Dims x{Pick(rng, 1, 2), Pick(rng, 1, 6), Pick(rng, 1, 6), bs * bs * Pick(rng, 1, 5)};
    Configure configure = [&](KernelRunner& r) {
      r.Attr("blocksize", bs);
      if (trial % 2) r.Attr("mode", std::string("DCR"));
    };
    ExpectNhwcMatchesReference("DepthToSpace", 13, configure, {RandomTensor(x, rng)}, 0,
                               StrCat("trial ", trial, " X", DimsToString(x), " blocksize ", bs));
  }
}

TEST(XnnpackNhwcDepthToSpace, Declines) {
  std::mt19937 rng(503);
  const HostTensor x = RandomTensor({1, 2, 2, 8}, rng);
  ExpectNhwcDeclines(
      "DepthToSpace", 13, [](KernelRunner& r) { r.Attr("blocksize", int64_t{2}).Attr("mode", std::string("CRD")); },
      {x}, "mode 'CRD'");
  ExpectNhwcDeclines(
      "DepthToSpace", 13, [](KernelRunner& r) { r.Attr("blocksize", int64_t{3}); }, {x}, "blocksize 3");
}

}  // namespace
}  // namespace onyx::kernels::xnnpack
