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

constexpr const char* kOp = "ReduceLogSumExp";
constexpr int kAxesInputSince = 18;

}  // namespace
}  // namespace onyx::kernels::ref

#include "kernels/ref/internal/reduce_test_util.h"

namespace onyx::kernels::ref {
namespace {

TEST(ReduceLogSumExp, AxesErrors) {
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

double LogSumExp(const std::vector<double>& v) {
  double s = 0;
  for (double e : v) s += std::exp(e);
  return std::log(s);
}

TEST(ReduceLogSumExp, RandomShapesAndAxes) {
  std::mt19937 rng(18);
  for (int opset : {1, 13, 18, 28}) {
    CheckRandom<float>(opset, 1e-5, -8, 8, rng, LogSumExp);
    CheckRandom<double>(opset, 1e-12, -8, 8, rng, LogSumExp);
    CheckRandom<Float16>(opset, 2e-3, -8, 8, rng, LogSumExp);
  }
  CheckRandom<BFloat16>(28, 1e-2, -8, 8, rng, LogSumExp);
}

TEST(ReduceLogSumExp, LargeAndInfiniteValues) {
  const HostTensor x = HostTensor::From<float>(
      {4, 2}, {1000, 1000, -1000, -1000, -INFINITY, -INFINITY, INFINITY, 1});
  const std::vector<double> got = Values<float>(Reduce(18, x, {1}, false));
  ASSERT_EQ(got.size(), 4u);
  EXPECT_NEAR(got[0], 1000 + std::log(2.0), 1e-3);
  EXPECT_NEAR(got[1], -1000 + std::log(2.0), 1e-3);
  EXPECT_EQ(got[2], -INFINITY);
  EXPECT_EQ(got[3], INFINITY);
}

TEST(ReduceLogSumExp, IntegersUntilOpset28) {
  EXPECT_EQ(FindKernel(Library(), "", "ReduceLogSumExp", 28, DType::kInt64), nullptr);
  // log(e^2 + e^2) = 2.69 truncates to 2.
  EXPECT_EQ(Values<int64_t>(Reduce(13, HostTensor::From<int64_t>({2}, {2, 2}), {})),
            std::vector<double>{2});
}

TEST(ReduceLogSumExp, EmptySetIsMinusInf) {
  EXPECT_EQ(Values<float>(Reduce(18, HostTensor::From<float>({2, 0, 4}, {}), {1})),
            std::vector<double>(8, -INFINITY));
}

TEST(ReduceLogSumExp, NoopWithEmptyAxesIsIdentity) {
  auto out = Reduce(18, HostTensor::From<double>({3}, {-1, 0, 2.5}), {}, true, true);
  EXPECT_EQ(Values<double>(out), (std::vector<double>{-1, 0, 2.5}));
}

}  // namespace
}  // namespace onyx::kernels::ref
