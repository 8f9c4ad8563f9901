// NHWC MaxPool against MaxPool on NCHW data: random 1-D, 2-D and 3-D
// windows (strides, dilations, pads, ceil_mode, auto_pad), a hand-computed
// case that pins down the layout, and the Indices output it refuses.

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "kernels/ref/internal/nhwc_test_util.h"

namespace onyx::kernels::ref {
namespace {

using kernels::testing::PoolCase;
using kernels::testing::Random;
using kernels::testing::RandomPoolCase;
using testing::ExpectNhwcMatchesNchw;
using testing::NhwcCase;
using testing::NhwcLibrary;

TEST(NhwcMaxPoolTest, MatchesMaxPoolOnRandomCases) {
  std::mt19937 rng(3);
  for (int trial = 0; trial < 60; ++trial) {
    const PoolCase p = RandomPoolCase(trial, rng);
    SCOPED_TRACE(kernels::testing::PoolCaseString(p));
    NhwcCase c;
    c.op = "MaxPool";
    c.opset = 12;
    const std::string auto_pad = trial % 7 == 3 ? "SAME_UPPER" : trial % 7 == 5 ? "SAME_LOWER" : "NOTSET";
    c.attrs = [=](KernelRunner& r) {
      r.Attr("kernel_shape", p.kernel).Attr("strides", p.strides);
      if (auto_pad != "NOTSET") {
        r.Attr("auto_pad", auto_pad);
        return;
      }
      r.Attr("dilations", p.dilations).Attr("pads", p.pads).Attr("ceil_mode", int64_t{p.ceil_mode});
    };
    c.inputs.push_back(HostTensor::From<float>(p.x, Random<float>(NumElements(p.x), rng)));
    c.channels_last = {true};
    ExpectNhwcMatchesNchw(c);
  }
}

// 2x2 windows, stride 2, over [1, 2, 2, 2] NHWC: the max per channel.
TEST(NhwcMaxPoolTest, HandComputed) {
  KernelRunner r(NhwcLibrary(), "MaxPool", 12);
  r.Attr("kernel_shape", Dims{2, 2}).Attr("strides", Dims{2, 2});
  auto out = r.Run({HostTensor::From<float>({1, 2, 2, 2}, {1, -1, 5, -5, 3, -3, 2, -2})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dims(), (Dims{1, 1, 1, 2}));
  EXPECT_EQ(out.value()[0].values<float>(), (std::vector<float>{5, -1}));
}

TEST(NhwcMaxPoolTest, RefusesIndices) {
  KernelRunner r(NhwcLibrary(), "MaxPool", 12);
  r.Attr("kernel_shape", Dims{2, 2}).Outputs(2);
  kernels::testing::ExpectError(r.Run({HostTensor::From<float>({1, 2, 2, 1}, {1, 2, 3, 4})}), StatusCode::kInvalidModel,
                                "in the NHWC domain");
}

}  // namespace
}  // namespace onyx::kernels::ref
