// NHWC Resize (linear) on XNNPACK against the reference NHWC kernel: random
// up- and downscaling by sizes or whole scales in each coordinate mode XNNPACK
// has, the `axes` attribute; and what is declined.

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

TEST(XnnpackNhwcResize, MatchesReferenceOnRandomCases) {
  const char* kModes[] = {"half_pixel", "pytorch_half_pixel", "align_corners", "asymmetric"};
  std::mt19937 rng(701);
  for (int trial = 0; trial < 80; ++trial) {
    const std::string coord = kModes[trial % 4];
    const Dims x{Pick(rng, 1, 2), Pick(rng, 2, 9), Pick(rng, 2, 9), Pick(rng, 1, 9)};
    const bool by_sizes = trial % 2 == 0;
    std::vector<HostTensor> inputs = {RandomTensor(x, rng), HostTensor()};
    if (by_sizes) {
      inputs.push_back(HostTensor());
      inputs.push_back(HostTensor::From<int64_t>({4}, {x[0], Pick(rng, 2, 17), Pick(rng, 2, 17), x[3]}));
    } else {
      const float sh = static_cast<float>(Pick(rng, 1, 3)), sw = trial % 3 == 0 ? 0.5f : 2.0f;
      const Dims even{x[0], x[1], x[2] * 2, x[3]};  // A whole extent for sw = 0.5.
      inputs[0] = RandomTensor(even, rng);
      inputs.push_back(HostTensor::From<float>({4}, {1, sh, sw, 1}));
    }
    Configure configure = [&](KernelRunner& r) {
      r.Attr("mode", std::string("linear")).Attr("coordinate_transformation_mode", coord);
      r.Constant(1).Constant(2).Constant(3);
    };
    ExpectNhwcMatchesReference(
        "Resize", 13, configure, inputs, 1e-5,
        StrCat("trial ", trial, " X", DimsToString(inputs[0].dims()), " ", coord, by_sizes ? " sizes" : " scales"));
  }
}

TEST(XnnpackNhwcResize, AxesAndOpset10) {
  std::mt19937 rng(703);
  const HostTensor x = RandomTensor({1, 4, 6, 3}, rng);
  Configure axes = [](KernelRunner& r) {
    r.Attr("mode", std::string("linear")).Attr("axes", std::vector<int64_t>{1, 2}).Constant(3);
  };
  ExpectNhwcMatchesReference("Resize", 18, axes,
                             {x, HostTensor(), HostTensor(), HostTensor::From<int64_t>({2}, {7, 5})}, 1e-5, "axes");
  Configure legacy = [](KernelRunner& r) { r.Attr("mode", std::string("linear")).Constant(1); };
  ExpectNhwcMatchesReference("Resize", 10, legacy, {x, HostTensor::From<float>({4}, {1, 2, 0.5f, 1})}, 1e-5,
                             "opset 10");
}

TEST(XnnpackNhwcResize, Declines) {
  std::mt19937 rng(705);
  const HostTensor x = RandomTensor({1, 4, 5, 3}, rng);
  const HostTensor scales = HostTensor::From<float>({4}, {1, 2, 2, 1});
  ExpectNhwcDeclines(
      "Resize", 13, [](KernelRunner& r) { r.Constant(2); }, {x, HostTensor(), scales}, "mode 'nearest'");
  ExpectNhwcDeclines(
      "Resize", 13, [](KernelRunner& r) { r.Attr("mode", std::string("linear")); }, {x, HostTensor(), scales},
      "not constant");
  ExpectNhwcDeclines(
      "Resize", 13, [](KernelRunner& r) { r.Attr("mode", std::string("linear")).Constant(2); },
      {x, HostTensor(), HostTensor::From<float>({4}, {1, 1.3f, 2, 1})}, "whole extent");
  ExpectNhwcDeclines(
      "Resize", 13, [](KernelRunner& r) { r.Attr("mode", std::string("linear")).Constant(2); },
      {x, HostTensor(), HostTensor::From<float>({4}, {1, 2, 2, 2})}, "resizing N or C");
  ExpectNhwcDeclines(
      "Resize", 13,
      [](KernelRunner& r) {
        r.Attr("mode", std::string("linear")).Attr("coordinate_transformation_mode", std::string("tf_crop_and_resize"));
        r.Constant(2);
      },
      {x, HostTensor(), scales}, "tf_crop_and_resize");
}

}  // namespace
}  // namespace onyx::kernels::xnnpack
