#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <type_traits>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

using testing::ExpectError;

constexpr const char* kOp = "ReduceProd";
constexpr int kAxesInputSince = 18;

}  // namespace
}  // namespace onyx::kernels::ref

#include "kernels/ref/internal/reduce_test_util.h"

namespace onyx::kernels::ref {
namespace {

TEST(ReduceProd, AxesErrors) {
  const HostTensor x = testing::IotaTensor({2, 3});
  ExpectError(Reduce(kAxesInputSince, x, {2}), StatusCode::kInvalidArgument,
              "axes input 'input1' has axis 2 out of range (expected [-2, 1], got 2)");
  ExpectError(Reduce(11, x, {-3}), StatusCode::kInvalidModel,
              "attribute 'axes' has axis -3 out of range");
  ExpectError(Reduce(kAxesInputSince, x, {0, -2}), StatusCode::kInvalidArgument,
              "repeats axis 0 (expected distinct axes, got [0,-2])");
  ExpectError(
      KernelRunner(Library(), kOp, kAxesInputSince).Attr("axes", std::vector<int64_t>{0}).Run({x}),
      StatusCode::kInvalidModel, "attribute 'axes' is an input from opset");
  ExpectError(
      KernelRunner(Library(), kOp, kAxesInputSince).Run({x, HostTensor::From<int64_t>({1}, {0})}),
      StatusCode::kFailedPrecondition, "axes input 'input1' must be known ahead of time");
}

double Prod(const std::vector<double>& v) {
  double p = 1;
  for (double e : v) p *= e;
  return p;
}

TEST(ReduceProd, RandomShapesAndAxes) {
  std::mt19937 rng(14);
  for (int opset : {1, 13, 18}) {
    CheckRandom<float>(opset, 1e-5, 0.5, 1.5, rng, Prod);
    CheckRandom<double>(opset, 1e-12, -1.5, 1.5, rng, Prod);
    CheckRandom<Float16>(opset, 2e-3, 0.8, 1.2, rng, Prod);
    // Values -1, 0 and 1, so that the product cannot overflow.
    CheckRandom<int32_t>(opset, 0, -1.5, 2, rng, Prod);
  }
}

TEST(ReduceProd, OnnxDocGolden) {
  auto out = Reduce(18, testing::IotaTensor({3, 2, 2}), {1});
  // Iota starts at 0: [[0,1],[2,3]] -> [0,3], ...
  EXPECT_EQ(Values<float>(out), (std::vector<double>{0, 3, 24, 35, 80, 99}));
}

TEST(ReduceProd, EmptySetIsOne) {
  EXPECT_EQ(Values<float>(Reduce(18, HostTensor::From<float>({2, 0, 4}, {}), {1})),
            std::vector<double>(8, 1));
  EXPECT_EQ(Values<int64_t>(Reduce(11, HostTensor::From<int64_t>({0}, {}), {})),
            std::vector<double>{1});
}

TEST(ReduceProd, NoopWithEmptyAxesIsIdentity) {
  testing::ExpectDims(Reduce(18, testing::IotaTensor({2, 3}), {}, true, /*noop=*/true), {2, 3});
}

}  // namespace
}  // namespace onyx::kernels::ref
