// NHWC AveragePool against AveragePool on NCHW data: random 1-D, 2-D and 3-D
// windows with and without count_include_pad, ceil_mode and auto_pad, and a
// hand-computed case that pins down the layout.

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

TEST(NhwcAveragePoolTest, MatchesAveragePoolOnRandomCases) {
  std::mt19937 rng(5);
  for (int trial = 0; trial < 60; ++trial) {
    const PoolCase p = RandomPoolCase(trial, rng);
    SCOPED_TRACE(kernels::testing::PoolCaseString(p));
    NhwcCase c;
    c.op = "AveragePool";
    c.opset = 19;
    const bool include_pad = trial % 4 >= 2;
    const std::string auto_pad = trial % 7 == 3 ? "SAME_UPPER" : trial % 7 == 5 ? "VALID" : "NOTSET";
    c.attrs = [=](KernelRunner& r) {
      r.Attr("kernel_shape", p.kernel).Attr("strides", p.strides);
      r.Attr("count_include_pad", int64_t{include_pad});
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

// 2x2 windows, stride 1, pads 1 at the end with count_include_pad 0 over
// [1, 2, 2, 2] NHWC: each channel's mean over the taps inside.
TEST(NhwcAveragePoolTest, HandComputed) {
  KernelRunner r(NhwcLibrary(), "AveragePool", 11);
  r.Attr("kernel_shape", Dims{2, 2}).Attr("pads", Dims{0, 0, 1, 1});
  auto out = r.Run({HostTensor::From<float>({1, 2, 2, 2}, {1, 10, 2, 20, 3, 30, 4, 40})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dims(), (Dims{1, 2, 2, 2}));
  EXPECT_EQ(out.value()[0].values<float>(), (std::vector<float>{2.5f, 25, 3, 30, 3.5f, 35, 4, 40}));
}

}  // namespace
}  // namespace onyx::kernels::ref
