// NHWC ConvTranspose against ConvTranspose on NCHW data: random 1-D and 2-D
// cases (groups, strides, dilations, pads, output_padding, output_shape and
// auto_pad), and a hand-computed case that pins down the weight layout.

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

int64_t Pick(std::mt19937& rng, int64_t lo, int64_t hi) { return std::uniform_int_distribution<int64_t>(lo, hi)(rng); }

TEST(NhwcConvTransposeTest, MatchesConvTransposeOnRandomCases) {
  std::mt19937 rng(17);
  for (int trial = 0; trial < 40; ++trial) {
    const size_t nsp = trial % 4 == 3 ? 1 : 2;
    const int64_t group = trial % 3 == 0 ? 2 : 1, cg = Pick(rng, 1, 3), mg = Pick(rng, 1, 3);
    Dims x{Pick(rng, 1, 2), group * cg}, w{group * cg, mg};
    std::vector<int64_t> strides, dilations, pads, output_padding, output_shape;
    for (size_t d = 0; d < nsp; ++d) {
      const int64_t k = Pick(rng, 1, 3), s = Pick(rng, 1, 3);
      w.push_back(k);
      x.push_back(Pick(rng, 1, 5));
      strides.push_back(s);
      dilations.push_back(Pick(rng, 1, 2));
      pads.push_back(Pick(rng, 0, k - 1));
      output_padding.push_back(Pick(rng, 0, s - 1));
      output_shape.push_back(x.back() * s + Pick(rng, 0, 1));
    }
    for (size_t d = 0; d < nsp; ++d) pads.push_back(Pick(rng, 0, w[2 + d] - 1));
    const int form = trial % 4;  // 0, 3: explicit pads; 1: output_shape; 2: SAME_UPPER.
    NhwcCase c;
    c.op = "ConvTranspose";
    c.opset = 11;
    c.attrs = [=](KernelRunner& r) {
      r.Attr("group", group).Attr("strides", strides);
      if (form == 1) {
        r.Attr("output_shape", output_shape);
      } else if (form == 2) {
        r.Attr("auto_pad", std::string("SAME_UPPER"));
      } else {
        r.Attr("dilations", dilations).Attr("pads", pads).Attr("output_padding", output_padding);
      }
    };
    c.inputs.push_back(HostTensor::From<float>(x, Random<float>(NumElements(x), rng)));
    c.inputs.push_back(HostTensor::From<float>(w, Random<float>(NumElements(w), rng)));
    const int64_t m = group * mg;
    if (trial % 2 == 0) c.inputs.push_back(HostTensor::From<float>({m}, Random<float>(m, rng)));
    c.channels_last = {true, true, false};
    if (trial % 3 != 1) c.constants = {1};
    SCOPED_TRACE(::testing::Message() << "trial " << trial << " X" << DimsToString(x) << " W" << DimsToString(w));
    ExpectNhwcMatchesNchw(c);
  }
}

// 1x1 kernel: y[m] = sum_c x[c] * W[c, 0, 0, m], W laid out [C, kH, kW, M].
TEST(NhwcConvTransposeTest, HandComputed) {
  KernelRunner r(NhwcLibrary(), "ConvTranspose", 11);
  auto out =
      r.Run({HostTensor::From<float>({1, 1, 1, 2}, {1, 2}), HostTensor::From<float>({2, 1, 1, 2}, {1, 2, 3, 4})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dims(), (Dims{1, 1, 1, 2}));
  EXPECT_EQ(out.value()[0].values<float>(), (std::vector<float>{7, 10}));
}

}  // namespace
}  // namespace onyx::kernels::ref
