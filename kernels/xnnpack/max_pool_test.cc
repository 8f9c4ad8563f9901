// NHWC MaxPool on XNNPACK against the reference NHWC kernel: random windows
// with strides, dilations, pads, auto_pad and ceil_mode; and what is declined.

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

TEST(XnnpackNhwcMaxPool, MatchesReferenceOnRandomCases) {
  std::mt19937 rng(201);
  const char* kAutoPads[] = {"NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID"};
  for (int trial = 0; trial < 120; ++trial) {
    const std::string auto_pad = kAutoPads[trial % 4];
    const std::vector<int64_t> kernel = {Pick(rng, 1, 4), Pick(rng, 2, 4)};
    const std::vector<int64_t> strides = {Pick(rng, 1, 3), Pick(rng, 1, 3)};
    // Dilation only without padding (XNNPACK's padding is exact only then).
    const bool dilated = auto_pad == "VALID" || (auto_pad == "NOTSET" && trial % 8 == 4);
    const std::vector<int64_t> dilations = {dilated ? Pick(rng, 1, 2) : 1, dilated ? Pick(rng, 1, 3) : 1};
    const std::vector<int64_t> pads = {Pick(rng, 0, kernel[0] - 1), Pick(rng, 0, kernel[1] - 1),
                                       Pick(rng, 0, kernel[0] - 1), Pick(rng, 0, kernel[1] - 1)};
    const bool ceil_mode = trial % 3 == 1 && !dilated;  // Its end padding is declined with dilation.
    const Dims x{Pick(rng, 1, 2), (kernel[0] - 1) * dilations[0] + Pick(rng, 1, 9),
                 (kernel[1] - 1) * dilations[1] + Pick(rng, 1, 9), Pick(rng, 1, 17)};
    Configure configure = [&](KernelRunner& r) {
      r.Attr("kernel_shape", kernel).Attr("strides", strides).Attr("ceil_mode", int64_t{ceil_mode});
      if (dilated) r.Attr("dilations", dilations);
      if (auto_pad != "NOTSET") {
        r.Attr("auto_pad", auto_pad);
      } else if (!dilated) {
        r.Attr("pads", pads);
      }
    };
    const std::string what = StrCat("trial ", trial, " X", DimsToString(x), " kernel", DimsToString(kernel), " strides",
                                    DimsToString(strides), " ", auto_pad, " ceil ", ceil_mode);
    ExpectNhwcMatchesReference("MaxPool", 12, configure, {RandomTensor(x, rng)}, 0, what);
  }
}

TEST(XnnpackNhwcMaxPool, Declines) {
  std::mt19937 rng(203);
  const HostTensor x = RandomTensor({1, 6, 6, 3}, rng);
  ExpectNhwcDeclines(
      "MaxPool", 12,
      [](KernelRunner& r) {
        r.Attr("kernel_shape", std::vector<int64_t>{2, 2})
            .Attr("dilations", std::vector<int64_t>{2, 2})
            .Attr("pads", std::vector<int64_t>{1, 1, 1, 1});
      },
      {x}, "padding with dilation");
  ExpectNhwcDeclines(
      "MaxPool", 12,
      [](KernelRunner& r) {
        r.Attr("kernel_shape", std::vector<int64_t>{2, 2}).Attr("pads", std::vector<int64_t>{2, 0, 0, 0});
      },
      {x}, "wholly in the padding");
  ExpectNhwcDeclines(
      "MaxPool", 8,
      [](KernelRunner& r) {
        r.Attr("kernel_shape", std::vector<int64_t>{2, 2}).Attr("ceil_mode", int64_t{1});
      },
      {x}, "not defined before opset 10");
  ExpectNhwcDeclines("MaxPool", 12, nullptr, {x}, "kernel_shape");
  ExpectNhwcDeclines(
      "MaxPool", 12,
      [](KernelRunner& r) {
        r.Attr("kernel_shape", std::vector<int64_t>{1, 1});
      },
      {x}, "xnn_create_max_pooling2d_nhwc_f32");
}

}  // namespace
}  // namespace onyx::kernels::xnnpack
