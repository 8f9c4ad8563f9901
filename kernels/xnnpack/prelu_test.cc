// PRelu on XNNPACK against the reference kernel, for every way a slope
// broadcasts (per channel of NCHW and NHWC, scalar, full shape, middle
// axes); and what is declined.

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "kernels/xnnpack/test_util.h"

namespace onyx::kernels::xnnpack {
namespace {

using testing::ExpectDeclines;
using testing::ExpectMatchesReference;
using testing::RandomTensor;

TEST(PRelu, MatchesReferenceForEveryBroadcastSlope) {
  std::mt19937 rng(51);
  const std::vector<std::pair<Dims, Dims>> cases = {
      {{2, 16, 7, 7}, {16, 1, 1}},  // NCHW, per channel.
      {{2, 7, 7, 16}, {16}},        // NHWC, per channel.
      {{3, 5}, {1}},                // One slope.
      {{3, 5}, {}},
      {{4, 3, 2}, {4, 3, 2}},  // Full shape.
      {{4, 3, 2}, {3, 1}},     // A middle axis.
      {{2, 3, 4, 5}, {1, 3, 1, 5}},
      {{5}, {5}},
      {{}, {}},
      {{1, 1000}, {1000}},
  };
  for (const auto& [x_dims, slope_dims] : cases) {
    for (int opset : {7, 9, 16}) {
      ExpectMatchesReference(
          "PRelu", opset, [](KernelRunner& r) { r.Constant(1); },
          {RandomTensor(x_dims, rng, -3, 3), RandomTensor(slope_dims, rng)}, 1e-7,
          "PRelu " + std::to_string(opset) + " " + DimsToString(x_dims) + " slope " + DimsToString(slope_dims));
    }
  }
}

TEST(PRelu, Declines) {
  std::mt19937 rng(52);
  const HostTensor x = RandomTensor({2, 3, 4}, rng);
  ExpectDeclines("PRelu", 16, nullptr, {x, RandomTensor({3, 1}, rng)}, "slope is not a constant");
  ExpectDeclines(
      "PRelu", 16, [](KernelRunner& r) { r.Constant(1); }, {x, RandomTensor({2, 1}, rng)}, "does not broadcast");
  ExpectDeclines(
      "PRelu", 16, [](KernelRunner& r) { r.Constant(1); }, {x, RandomTensor({1, 2, 3, 4}, rng)}, "higher rank");
}

}  // namespace
}  // namespace onyx::kernels::xnnpack
