// NHWC DepthToSpace against DepthToSpace on NCHW data in both modes, and a
// hand-computed case that pins down the layout.

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "kernels/ref/internal/nhwc_test_util.h"

namespace onyx::kernels::ref {
namespace {

using kernels::testing::Random;
using testing::ExpectNhwcMatchesNchw;
using testing::NhwcCase;
using testing::NhwcLibrary;

TEST(NhwcDepthToSpaceTest, MatchesDepthToSpace) {
  std::mt19937 rng(13);
  for (int trial = 0; trial < 16; ++trial) {
    const int64_t bs = 1 + trial % 3;
    const std::string mode = trial % 2 ? "CRD" : "DCR";
    Dims x{1 + trial % 2, bs * bs * (1 + trial % 3), 1 + trial % 4, 2 + trial % 3};
    SCOPED_TRACE(DimsToString(x) + " " + mode);
    NhwcCase c;
    c.op = "DepthToSpace";
    c.opset = 13;
    c.attrs = [=](KernelRunner& r) { r.Attr("blocksize", bs).Attr("mode", mode); };
    c.inputs.push_back(HostTensor::From<float>(x, Random<float>(NumElements(x), rng)));
    c.channels_last = {true};
    ExpectNhwcMatchesNchw(c);
  }
}

// [1, 1, 1, 4] NHWC with blocksize 2, DCR: channel (i, j) goes to pixel (i, j).
TEST(NhwcDepthToSpaceTest, HandComputed) {
  KernelRunner r(NhwcLibrary(), "DepthToSpace", 13);
  r.Attr("blocksize", int64_t{2});
  auto out = r.Run({HostTensor::From<float>({1, 1, 1, 4}, {1, 2, 3, 4})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dims(), (Dims{1, 2, 2, 1}));
  EXPECT_EQ(out.value()[0].values<float>(), (std::vector<float>{1, 2, 3, 4}));
}

}  // namespace
}  // namespace onyx::kernels::ref
