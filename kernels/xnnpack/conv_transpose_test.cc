// NHWC ConvTranspose on XNNPACK against the reference NHWC kernel: random
// regular and grouped cases with strides, dilations, explicit pads,
// output_padding, auto_pad SAME_* and output_shape; and what is declined.

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

TEST(XnnpackNhwcConvTranspose, MatchesReferenceOnRandomCases) {
  std::mt19937 rng(601);
  for (int trial = 0; trial < 80; ++trial) {
    const int64_t group = trial % 3 == 0 ? Pick(rng, 2, 3) : 1, cg = Pick(rng, 1, 6), mg = Pick(rng, 1, 6);
    const int form = trial % 4;  // 0 pads + output_padding, 1 SAME_UPPER, 2 SAME_LOWER, 3 output_shape.
    const std::vector<int64_t> strides = {Pick(rng, 1, 3), Pick(rng, 1, 3)};
    // Kernels at least the stride keep the SAME and output_shape paddings
    // non-negative (the Negative* tests take the rest).
    const int64_t kh = Pick(rng, form ? strides[0] : 1, 4), kw = Pick(rng, form ? strides[1] : 1, 4);
    const std::vector<int64_t> dilations = {Pick(rng, 1, 2), Pick(rng, 1, 2)};
    const std::vector<int64_t> adjust = {Pick(rng, 0, strides[0] - 1), Pick(rng, 0, strides[1] - 1)};
    const std::vector<int64_t> pads = {Pick(rng, 0, (kh - 1) / 2), Pick(rng, 0, (kw - 1) / 2),
                                       Pick(rng, 0, (kh - 1) / 2), Pick(rng, 0, (kw - 1) / 2)};
    const Dims x{Pick(rng, 1, 2), Pick(rng, 1, 7), Pick(rng, 1, 7), group * cg};
    const std::vector<int64_t> out_shape = {x[1] * strides[0] - Pick(rng, 0, 1), x[2] * strides[1]};
    // Pads below half the kernel keep the output non-empty (XNNPACK has no empty tensors).
    Configure configure = [&](KernelRunner& r) {
      r.Attr("group", group).Attr("strides", strides).Constant(1).Constant(2);
      if (form == 0) r.Attr("pads", pads).Attr("output_padding", adjust).Attr("dilations", dilations);
      if (form == 1) r.Attr("auto_pad", std::string("SAME_UPPER"));
      if (form == 2) r.Attr("auto_pad", std::string("SAME_LOWER"));
      if (form == 3) r.Attr("output_shape", out_shape);
    };
    std::vector<HostTensor> inputs = {RandomTensor(x, rng), RandomTensor({group * cg, kh, kw, mg}, rng)};
    if (trial % 2 == 0) inputs.push_back(RandomTensor({group * mg}, rng));
    ExpectNhwcMatchesReference(
        "ConvTranspose", 11, configure, inputs, 1e-4,
        StrCat("trial ", trial, " X", DimsToString(x), " kernel ", kh, "x", kw, " group ", group, " form ", form));
  }
}

// SAME with a kernel smaller than the stride: the output (in * stride)
// exceeds the computed extent; ONNX adds the missing row at the end for
// SAME_LOWER (taken, as adjustment) and at the start for SAME_UPPER (declined).
TEST(XnnpackNhwcConvTranspose, NegativeTotalPadding) {
  std::mt19937 rng(605);
  const HostTensor x = RandomTensor({1, 4, 5, 3}, rng), w = RandomTensor({3, 1, 1, 2}, rng), b = RandomTensor({2}, rng);
  Configure lower = [](KernelRunner& r) {
    r.Constant(1).Constant(2).Attr("strides", std::vector<int64_t>{2, 2}).Attr("auto_pad", std::string("SAME_LOWER"));
  };
  ExpectNhwcMatchesReference("ConvTranspose", 11, lower, {x, w, b}, 1e-5, "SAME_LOWER");
  Configure shape = [](KernelRunner& r) {
    r.Constant(1)
        .Constant(2)
        .Attr("strides", std::vector<int64_t>{2, 2})
        .Attr("output_shape", std::vector<int64_t>{8, 10});
  };
  ExpectNhwcMatchesReference("ConvTranspose", 11, shape, {x, w, b}, 1e-5, "output_shape");
  Configure upper = [](KernelRunner& r) {
    r.Constant(1).Attr("strides", std::vector<int64_t>{2, 2}).Attr("auto_pad", std::string("SAME_UPPER"));
  };
  ExpectNhwcDeclines("ConvTranspose", 11, upper, {x, w}, "beyond the computed");
}

TEST(XnnpackNhwcConvTranspose, Declines) {
  std::mt19937 rng(603);
  const HostTensor x = RandomTensor({1, 3, 3, 4}, rng), w = RandomTensor({4, 3, 3, 2}, rng);
  ExpectNhwcDeclines("ConvTranspose", 11, nullptr, {x, w}, "W is not a 4-D float constant");
  ExpectNhwcDeclines(
      "ConvTranspose", 11,
      [](KernelRunner& r) {
        r.Constant(1).Attr("strides", std::vector<int64_t>{1, 1}).Attr("dilations", std::vector<int64_t>{2, 2});
        r.Attr("output_padding", std::vector<int64_t>{1, 1});
      },
      {x, w}, "not below stride");
}

}  // namespace
}  // namespace onyx::kernels::xnnpack
