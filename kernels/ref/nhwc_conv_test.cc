// NHWC Conv and FusedConv against Conv and FusedConv on NCHW data: random
// 1-D, 2-D and 3-D cases (groups, depthwise, strides, dilations, pads and
// every auto_pad), a hand-computed case that pins down the layouts, and errors.

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <utility>
#include <vector>

#include "kernels/ref/internal/nhwc_test_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

using kernels::testing::Random;
using testing::ExpectNhwcMatchesNchw;
using testing::NhwcCase;
using testing::NhwcLibrary;

int64_t Pick(std::mt19937& rng, int64_t lo, int64_t hi) { return std::uniform_int_distribution<int64_t>(lo, hi)(rng); }

// A random Conv (opset 11) of `nsp` spatial dims.
NhwcCase RandomConv(std::mt19937& rng, size_t nsp, int trial) {
  const char* kAutoPads[] = {"NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID"};
  const std::string auto_pad = kAutoPads[trial % 4];
  const int64_t group = trial % 3 == 0 ? 1 : Pick(rng, 2, 3);
  const bool depthwise = trial % 5 == 1;
  const int64_t cg = depthwise ? 1 : Pick(rng, 1, 3), mg = Pick(rng, 1, 3);
  Dims x{Pick(rng, 1, 2), group * cg}, w{group * mg, cg};
  std::vector<int64_t> strides, dilations, pads;
  for (size_t d = 0; d < nsp; ++d) {
    const int64_t k = Pick(rng, 1, 3), dil = auto_pad == "NOTSET" ? Pick(rng, 1, 2) : 1;
    w.push_back(k);
    strides.push_back(Pick(rng, 1, 2));
    dilations.push_back(dil);
    pads.push_back(Pick(rng, 0, k - 1));
    x.push_back((k - 1) * dil + 1 + Pick(rng, 0, nsp == 3 ? 3 : 6));
  }
  for (size_t d = 0; d < nsp; ++d) pads.push_back(Pick(rng, 0, w[2 + d] - 1));
  NhwcCase c;
  c.op = "Conv";
  c.opset = 11;
  const bool bias = trial % 2 == 0;
  c.attrs = [=](KernelRunner& r) {
    r.Attr("group", group).Attr("strides", strides);
    if (auto_pad == "NOTSET") {
      r.Attr("dilations", dilations).Attr("pads", pads);
    } else {
      r.Attr("auto_pad", auto_pad);
    }
  };
  c.inputs.push_back(HostTensor::From<float>(x, Random<float>(NumElements(x), rng)));
  c.inputs.push_back(HostTensor::From<float>(w, Random<float>(NumElements(w), rng)));
  if (bias) c.inputs.push_back(HostTensor::From<float>({w[0]}, Random<float>(w[0], rng)));
  c.channels_last = {true, true, false};
  if (trial % 4 < 2) c.constants = {1};
  return c;
}

TEST(NhwcConvTest, MatchesConvOnRandomCases) {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 60; ++trial) {
    const size_t nsp = trial < 40 ? 2 : 1 + trial % 3;
    NhwcCase c = RandomConv(rng, nsp, trial);
    SCOPED_TRACE(::testing::Message() << "trial " << trial << " X" << DimsToString(c.inputs[0].dims()) << " W"
                                      << DimsToString(c.inputs[1].dims()));
    ExpectNhwcMatchesNchw(c);
  }
}

TEST(NhwcConvTest, FusedConvMatchesFusedConv) {
  // com.microsoft's FusedConv under the default domain, as KernelRunner needs.
  static const KernelDef kFused[] = {{"", "FusedConv", 1, kLatestOpset, 0, FusedConvPrepare, FusedConvRun}};
  const std::vector<std::pair<std::string, std::vector<float>>> kActivations = {
      {"Relu", {}}, {"Clip", {-0.5f, 0.5f}}, {"Sigmoid", {}}, {"LeakyRelu", {0.1f}}, {"HardSwish", {}}};
  std::mt19937 rng(11);
  for (int trial = 0; trial < 20; ++trial) {
    NhwcCase c = RandomConv(rng, 2, trial);
    c.op = "FusedConv";
    c.opset = 1;
    c.nchw_library = KernelLibrary{"fused", Span<const KernelDef>(kFused)};
    const auto& act = kActivations[trial % kActivations.size()];
    auto conv_attrs = c.attrs;
    c.attrs = [=](KernelRunner& r) {
      conv_attrs(r);
      r.Attr("activation", act.first);
      if (!act.second.empty()) r.Attr("activation_params", act.second);
    };
    SCOPED_TRACE(::testing::Message() << "trial " << trial << " " << act.first);
    ExpectNhwcMatchesNchw(c);
  }
}

// 1x1 convolution of a 1x2x2x2 NHWC input: y[n, h, w, m] = sum_c x[n, h, w, c]
// * W[m, 0, 0, c] + b[m], with W in OHWI.
TEST(NhwcConvTest, HandComputedPointwise) {
  KernelRunner r(NhwcLibrary(), "Conv", 11);
  const HostTensor x = HostTensor::From<float>({1, 2, 2, 2}, {1, 2, 3, 4, 5, 6, 7, 8});  // (h, w, c)
  const HostTensor w = HostTensor::From<float>({3, 1, 1, 2}, {1, 0, 0, 1, 1, 1});
  const HostTensor b = HostTensor::From<float>({3}, {0, 10, 100});
  auto out = r.Run({x, w, b});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dims(), (Dims{1, 2, 2, 3}));
  EXPECT_EQ(out.value()[0].values<float>(), (std::vector<float>{1, 12, 103, 3, 14, 107, 5, 16, 111, 7, 18, 115}));
}

TEST(NhwcConvTest, Errors) {
  KernelRunner r(NhwcLibrary(), "Conv", 11);
  const HostTensor x = HostTensor::From<float>({2, 3}, std::vector<float>(6, 1.f));
  const HostTensor w = HostTensor::From<float>({1, 1, 1, 3}, {1, 1, 1});
  kernels::testing::ExpectError(r.Run({x, w}), StatusCode::kInvalidArgument, "channels-last");
  // W's channels (last axis) must be C / group.
  KernelRunner r2(NhwcLibrary(), "Conv", 11);
  const HostTensor x4 = HostTensor::From<float>({1, 2, 2, 3}, std::vector<float>(12, 1.f));
  const HostTensor w4 = HostTensor::From<float>({1, 1, 1, 2}, {1, 1});
  kernels::testing::ExpectError(r2.Run({x4, w4}), StatusCode::kInvalidArgument, "C/group");
}

}  // namespace
}  // namespace onyx::kernels::ref
