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

constexpr const char* kOp = "ReduceMin";
constexpr int kAxesInputSince = 18;

}  // namespace
}  // namespace onyx::kernels::ref

#include "kernels/ref/internal/reduce_test_util.h"

namespace onyx::kernels::ref {
namespace {

TEST(ReduceMin, AxesErrors) {
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

double Min(const std::vector<double>& v) { return *std::min_element(v.begin(), v.end()); }

TEST(ReduceMin, RandomShapesAndAxes) {
  std::mt19937 rng(13);
  for (int opset : {1, 12, 13, 18, 20}) {
    CheckRandom<float>(opset, 0, -8, 8, rng, Min);
    CheckRandom<double>(opset, 0, -8, 8, rng, Min);
    CheckRandom<int64_t>(opset, 0, -100, 100, rng, Min);
    CheckRandom<Float16>(opset, 0, -8, 8, rng, Min);
  }
  CheckRandom<int8_t>(12, 0, -100, 100, rng, Min);
  CheckRandom<uint8_t>(18, 0, 0, 200, rng, Min);
  CheckRandom<BFloat16>(20, 0, -8, 8, rng, Min);
}

TEST(ReduceMin, DTypesByOpset) {
  EXPECT_EQ(FindKernel(Library(), "", "ReduceMin", 11, DType::kInt8), nullptr);
  EXPECT_NE(FindKernel(Library(), "", "ReduceMin", 12, DType::kInt8), nullptr);
  EXPECT_EQ(FindKernel(Library(), "", "ReduceMin", 12, DType::kBFloat16), nullptr);
  EXPECT_EQ(FindKernel(Library(), "", "ReduceMin", 18, DType::kBool), nullptr);
  EXPECT_NE(FindKernel(Library(), "", "ReduceMin", 20, DType::kBool), nullptr);
}

TEST(ReduceMin, BoolFalseBelowTrue) {
  const HostTensor x =
      testing::BoolTensor({4, 2}, {true, true, true, false, false, true, false, false});
  EXPECT_EQ(Values<bool>(Reduce(20, x, {1})), (std::vector<double>{1, 0, 0, 0}));
}

TEST(ReduceMin, EmptySetIsHighest) {
  auto f = Reduce(20, HostTensor::From<float>({2, 0, 4}, {}), {1});
  EXPECT_EQ(Values<float>(f), std::vector<double>(8, INFINITY));
  EXPECT_EQ(Values<int32_t>(Reduce(18, HostTensor::From<int32_t>({0, 2}, {}), {0})),
            std::vector<double>(2, INT32_MAX));
  EXPECT_EQ(Values<bool>(Reduce(20, HostTensor::Allocate(DType::kBool, {2, 0}).value(), {1})),
            std::vector<double>(2, 1));
  EXPECT_EQ(Values<Float16>(Reduce(18, HostTensor::From<Float16>({0}, {}), {})),
            std::vector<double>{INFINITY});
}

TEST(ReduceMin, NanPropagates) {
  const std::vector<double> got =
      Values<float>(Reduce(18, HostTensor::From<float>({2, 2}, {1, NAN, NAN, 2}), {1}));
  ASSERT_EQ(got.size(), 2u);
  EXPECT_TRUE(std::isnan(got[0]));
  EXPECT_TRUE(std::isnan(got[1]));
}

TEST(ReduceMin, NoopWithEmptyAxesIsIdentity) {
  testing::ExpectDims(Reduce(18, testing::IotaTensor({2, 3}), {}, true, /*noop=*/true), {2, 3});
}

}  // namespace
}  // namespace onyx::kernels::ref
