// NHWC Conv and FusedConv on XNNPACK against the reference NHWC kernels:
// random regular, grouped, depthwise and dilated convolutions with every
// auto_pad and explicit pads, with and without bias; the clamp activations;
// and what is declined.

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "kernels/xnnpack/conv_pool_test_util.h"

namespace onyx::kernels::xnnpack {
namespace {

using testing::Configure;
using testing::ExpectNhwcDeclines;
using testing::ExpectNhwcMatchesReference;
using testing::Pick;
using testing::RandomTensor;

struct ConvCase {
  std::vector<HostTensor> inputs;
  Configure configure;
  std::string what;
};

ConvCase RandomConv(std::mt19937& rng, int trial) {
  const char* kAutoPads[] = {"NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID", "NOTSET"};
  const std::string auto_pad = kAutoPads[trial % 5];
  const int kind = trial % 4;  // 0 regular, 1 grouped, 2 depthwise, 3 depthwise with multiplier.
  const int64_t c = kind == 0 ? Pick(rng, 1, 9) : kind == 1 ? 2 * Pick(rng, 1, 4) : Pick(rng, 1, 12);
  const int64_t group = kind == 0 ? 1 : kind == 1 ? 2 : c;
  const int64_t m = kind == 0 ? Pick(rng, 1, 12) : kind == 1 ? 2 * Pick(rng, 1, 5) : kind == 2 ? c : 2 * c;
  const int64_t kh = Pick(rng, 1, 5), kw = Pick(rng, 1, 5);
  const std::vector<int64_t> strides = {Pick(rng, 1, 3), Pick(rng, 1, 3)};
  const std::vector<int64_t> dilations = {trial % 3 == 2 ? 2 : 1, trial % 6 == 5 ? 3 : 1};
  const std::vector<int64_t> pads = {Pick(rng, 0, kh), Pick(rng, 0, kw), Pick(rng, 0, kh), Pick(rng, 0, kw)};
  const Dims x{Pick(rng, 1, 2), (kh - 1) * dilations[0] + Pick(rng, 1, 10), (kw - 1) * dilations[1] + Pick(rng, 1, 10),
               c};
  const Dims w{m, kh, kw, c / group};
  ConvCase cc;
  cc.inputs = {RandomTensor(x, rng), RandomTensor(w, rng)};
  const bool bias = trial % 2 == 0;
  if (bias) cc.inputs.push_back(RandomTensor({m}, rng));
  cc.configure = [=](KernelRunner& r) {
    r.Attr("group", group).Attr("strides", strides).Attr("dilations", dilations).Constant(1).Constant(2);
    if (trial % 7 == 0) r.Attr("kernel_shape", std::vector<int64_t>{kh, kw});
    if (auto_pad == "NOTSET") {
      if (trial % 5 == 0) r.Attr("pads", pads);  // else no pads at all.
    } else {
      r.Attr("auto_pad", auto_pad);
    }
  };
  cc.what = StrCat("trial ", trial, " X", DimsToString(x), " W", DimsToString(w), " group ", group, " ", auto_pad,
                   bias ? " bias" : "");
  return cc;
}

TEST(XnnpackNhwcConv, MatchesReferenceOnRandomCases) {
  std::mt19937 rng(101);
  for (int trial = 0; trial < 120; ++trial) {
    ConvCase c = RandomConv(rng, trial);
    ExpectNhwcMatchesReference("Conv", 11, c.configure, c.inputs, 1e-4, c.what);
  }
}

TEST(XnnpackNhwcConv, FusedActivations) {
  struct Act {
    const char* name;
    std::vector<float> params;
    double tol;
  };
  const Act kActivations[] = {
      {"Relu", {}, 1e-4},      {"Clip", {-0.25f, 0.5f}, 1e-4}, {"HardSigmoid", {0.2f, 0.5f}, 1e-4},
      {"HardSwish", {}, 1e-4}, {"Sigmoid", {}, 1e-4},          {"LeakyRelu", {0.1f}, 1e-4},
      {"Swish", {1.0f}, 1e-4}};
  std::mt19937 rng(103);
  for (int trial = 0; trial < 42; ++trial) {
    ConvCase c = RandomConv(rng, trial);
    const Act& act = kActivations[trial % 7];
    Configure configure = [&](KernelRunner& r) {
      c.configure(r);
      r.Attr("activation", std::string(act.name));
      if (!act.params.empty()) r.Attr("activation_params", act.params);
    };
    ExpectNhwcMatchesReference("FusedConv", 1, configure, c.inputs, act.tol, c.what + " " + act.name);
  }
  // No activation at all is a plain convolution.
  ConvCase c = RandomConv(rng, 1);
  ExpectNhwcMatchesReference("FusedConv", 1, c.configure, c.inputs, 1e-4, c.what);
}

TEST(XnnpackNhwcConv, Declines) {
  std::mt19937 rng(107);
  const HostTensor x = RandomTensor({1, 5, 5, 4}, rng), w = RandomTensor({3, 3, 3, 4}, rng);
  auto constant_w = [](KernelRunner& r) { r.Constant(1); };
  ExpectNhwcDeclines("Conv", 11, nullptr, {x, w}, "W is not a float constant");
  ExpectNhwcDeclines(
      "Conv", 11, [](KernelRunner& r) { r.Constant(1).Attr("group", int64_t{3}); }, {x, w}, "does not fit");
  ExpectNhwcDeclines(
      "FusedConv", 1, [](KernelRunner& r) { r.Constant(1).Attr("activation", std::string("Tanh")); }, {x, w},
      "activation 'Tanh'");
  ExpectNhwcDeclines(
      "FusedConv", 1,
      [](KernelRunner& r) {
        r.Constant(1).Attr("activation", std::string("Swish")).Attr("activation_params", std::vector<float>{2.f});
      },
      {x, w}, "activation 'Swish'");
  ExpectNhwcDeclines(
      "FusedConv", 1, [](KernelRunner& r) { r.Constant(1).Attr("activation", std::string("LeakyRelu")); }, {x, w},
      "with 0 parameters");
  ExpectNhwcDeclines(
      "FusedConv", 1,
      [](KernelRunner& r) {
        r.Constant(1).Attr("activation", std::string("Clip")).Attr("activation_params", std::vector<float>{1.f, 0.f});
      },
      {x, w}, "not increasing");
  ExpectNhwcDeclines(
      "Conv", 11,
      [](KernelRunner& r) {
        r.Constant(1).Attr("pads", std::vector<int64_t>{0, -1, 0, 0});
      },
      {x, w}, "negative pads");
  ExpectNhwcDeclines("Conv", 11, constant_w, {RandomTensor({1, 5, 4}, rng), RandomTensor({3, 3, 4}, rng)},
                     "is not 4-D NHWC");
  ExpectNhwcDeclines(
      "Conv", 11, [](KernelRunner& r) { r.Constant(1).Attr("foo", int64_t{1}); }, {x, w}, "attribute 'foo'");
}

}  // namespace
}  // namespace onyx::kernels::xnnpack
