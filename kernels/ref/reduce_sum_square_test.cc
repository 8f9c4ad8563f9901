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

constexpr const char* kOp = "ReduceSumSquare";
constexpr int kAxesInputSince = 18;

}  // namespace
}  // namespace onyx::kernels::ref

#include "kernels/ref/internal/reduce_test_util.h"

namespace onyx::kernels::ref {
namespace {

TEST(ReduceSumSquare, AxesErrors) {
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

double SumSquare(const std::vector<double>& v) {
  double s = 0;
  for (double e : v) s += e * e;
  return s;
}

TEST(ReduceSumSquare, RandomShapesAndAxes) {
  std::mt19937 rng(19);
  for (int opset : {1, 13, 18}) {
    CheckRandom<float>(opset, 1e-5, -8, 8, rng, SumSquare);
    CheckRandom<double>(opset, 1e-12, -8, 8, rng, SumSquare);
    CheckRandom<Float16>(opset, 2e-3, -4, 4, rng, SumSquare);
    CheckRandom<int32_t>(opset, 0, -100, 100, rng, SumSquare);
  }
  CheckRandom<uint64_t>(18, 0, 0, 100, rng, SumSquare);
  CheckRandom<BFloat16>(18, 1e-2, -8, 8, rng, SumSquare);
}

TEST(ReduceSumSquare, EmptySetIsZero) {
  EXPECT_EQ(Values<float>(Reduce(18, HostTensor::From<float>({2, 0, 4}, {}), {1})),
            std::vector<double>(8, 0));
}

TEST(ReduceSumSquare, NoopWithEmptyAxesIsSquare) {
  auto out = Reduce(18, HostTensor::From<int32_t>({3}, {-2, 0, 5}), {}, true, /*noop=*/true);
  EXPECT_EQ(Values<int32_t>(out), (std::vector<double>{4, 0, 25}));
}

}  // namespace
}  // namespace onyx::kernels::ref
