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

constexpr const char* kOp = "ReduceLogSum";
constexpr int kAxesInputSince = 18;

}  // namespace
}  // namespace onyx::kernels::ref

#include "kernels/ref/internal/reduce_test_util.h"

namespace onyx::kernels::ref {
namespace {

TEST(ReduceLogSum, AxesErrors) {
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

double LogSum(const std::vector<double>& v) {
  double s = 0;
  for (double e : v) s += e;
  return std::log(s);
}

TEST(ReduceLogSum, RandomShapesAndAxes) {
  std::mt19937 rng(17);
  for (int opset : {1, 13, 18, 28}) {
    CheckRandom<float>(opset, 1e-5, 0.1, 4, rng, LogSum);
    CheckRandom<double>(opset, 1e-12, 0.1, 4, rng, LogSum);
    CheckRandom<Float16>(opset, 2e-3, 0.1, 4, rng, LogSum);
  }
  CheckRandom<BFloat16>(28, 1e-2, 0.1, 4, rng, LogSum);
}

TEST(ReduceLogSum, IntegersUntilOpset28) {
  EXPECT_NE(FindKernel(Library(), "", "ReduceLogSum", 18, DType::kInt32), nullptr);
  EXPECT_EQ(FindKernel(Library(), "", "ReduceLogSum", 28, DType::kInt32), nullptr);
  // log(7) = 1.95 truncates to 1.
  EXPECT_EQ(Values<int32_t>(Reduce(18, HostTensor::From<int32_t>({2}, {3, 4}), {})),
            std::vector<double>{1});
}

TEST(ReduceLogSum, EmptySetIsMinusInf) {
  EXPECT_EQ(Values<float>(Reduce(28, HostTensor::From<float>({2, 0, 4}, {}), {1})),
            std::vector<double>(8, -INFINITY));
}

TEST(ReduceLogSum, NoopWithEmptyAxesIsLog) {
  auto out = Reduce(18, HostTensor::From<double>({2}, {1, std::exp(2.0)}), {}, true, true);
  EXPECT_EQ(Values<double>(out), (std::vector<double>{0, 2}));
}

}  // namespace
}  // namespace onyx::kernels::ref
