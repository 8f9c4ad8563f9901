// NHWC AveragePool on XNNPACK against the reference NHWC kernel: random
// windows with strides, pads, auto_pad, ceil_mode and count_include_pad
// (taken without padding); and what is declined.

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

TEST(XnnpackNhwcAveragePool, MatchesReferenceOnRandomCases) {
  std::mt19937 rng(301);
  const char* kAutoPads[] = {"NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID", "NOTSET"};
  for (int trial = 0; trial < 120; ++trial) {
    const std::string auto_pad = kAutoPads[trial % 5];
    const std::vector<int64_t> kernel = {Pick(rng, 1, 4), Pick(rng, 2, 4)};
    const std::vector<int64_t> strides = {Pick(rng, 1, 3), Pick(rng, 1, 3)};
    const bool padded = trial % 5 == 0;
    const std::vector<int64_t> pads = {Pick(rng, 0, kernel[0] - 1), Pick(rng, 0, kernel[1] - 1),
                                       Pick(rng, 0, kernel[0] - 1), Pick(rng, 0, kernel[1] - 1)};
    const bool ceil_mode = trial % 3 == 1 && auto_pad == "NOTSET";
    // count_include_pad only matters with padding, which XNNPACK counts out.
    const bool include_pad = trial % 5 == 4;
    const Dims x{Pick(rng, 1, 2), kernel[0] - 1 + Pick(rng, 1, 9), kernel[1] - 1 + Pick(rng, 1, 9), Pick(rng, 1, 17)};
    Configure configure = [&](KernelRunner& r) {
      r.Attr("kernel_shape", kernel).Attr("strides", strides).Attr("ceil_mode", int64_t{ceil_mode});
      r.Attr("count_include_pad", int64_t{include_pad});
      if (auto_pad != "NOTSET") {
        r.Attr("auto_pad", auto_pad);
      } else if (padded) {
        r.Attr("pads", pads);
      }
    };
    const std::string what = StrCat("trial ", trial, " X", DimsToString(x), " kernel", DimsToString(kernel), " strides",
                                    DimsToString(strides), " ", auto_pad, padded ? " pads" : "", " ceil ", ceil_mode,
                                    " include_pad ", include_pad);
    ExpectNhwcMatchesReference("AveragePool", 19, configure, {RandomTensor(x, rng)}, 1e-5, what);
  }
}

TEST(XnnpackNhwcAveragePool, Declines) {
  std::mt19937 rng(303);
  const HostTensor x = RandomTensor({1, 6, 6, 3}, rng);
  ExpectNhwcDeclines(
      "AveragePool", 19,
      [](KernelRunner& r) {
        r.Attr("kernel_shape", std::vector<int64_t>{3, 3})
            .Attr("pads", std::vector<int64_t>{1, 1, 1, 1})
            .Attr("count_include_pad", int64_t{1});
      },
      {x}, "count_include_pad with padding");
  ExpectNhwcDeclines(
      "AveragePool", 19,
      [](KernelRunner& r) {
        r.Attr("kernel_shape", std::vector<int64_t>{2, 2}).Attr("dilations", std::vector<int64_t>{2, 1});
      },
      {x}, "dilations");
  ExpectNhwcDeclines(
      "AveragePool", 11,
      [](KernelRunner& r) {
        r.Attr("kernel_shape", std::vector<int64_t>{2, 2}).Attr("dilations", std::vector<int64_t>{1, 1});
      },
      {x}, "not defined before opset 19");
}

}  // namespace
}  // namespace onyx::kernels::xnnpack
