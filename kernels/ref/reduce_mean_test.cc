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

constexpr const char* kOp = "ReduceMean";
constexpr int kAxesInputSince = 18;

}  // namespace
}  // namespace onyx::kernels::ref

#include "kernels/ref/internal/reduce_test_util.h"

namespace onyx::kernels::ref {
namespace {

TEST(ReduceMean, AxesErrors) {
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

double Mean(const std::vector<double>& v) {
  double s = 0;
  for (double e : v) s += e;
  return s / static_cast<double>(v.size());
}

TEST(ReduceMean, RandomShapesAndAxes) {
  std::mt19937 rng(11);
  for (int opset : {1, 13, 18}) {
    CheckRandom<float>(opset, 1e-5, -8, 8, rng, Mean);
    CheckRandom<double>(opset, 1e-12, -8, 8, rng, Mean);
    CheckRandom<Float16>(opset, 2e-3, -8, 8, rng, Mean);
  }
  CheckRandom<BFloat16>(18, 1e-2, -8, 8, rng, Mean);
  CheckRandom<int32_t>(18, 0, -100, 100, rng,
                       [](const std::vector<double>& v) { return std::trunc(Mean(v)); });
}

TEST(ReduceMean, OnnxDocGolden) {
  // [[[5,1],[20,2]],[[30,1],[40,2]],[[55,1],[60,2]]], axes [1], keepdims 1.
  const HostTensor x =
      HostTensor::From<float>({3, 2, 2}, {5, 1, 20, 2, 30, 1, 40, 2, 55, 1, 60, 2});
  auto out = Reduce(18, x, {1});
  EXPECT_EQ(Values<float>(out), (std::vector<double>{12.5, 1.5, 35, 1.5, 57.5, 1.5}));
  EXPECT_EQ(out.value()[0].dims(), (Dims{3, 1, 2}));
  EXPECT_EQ(Values<float>(Reduce(13, x, {}, false)), std::vector<double>{18.25});
}

TEST(ReduceMean, IntegerMeanTruncatesTowardZero) {
  EXPECT_EQ(Values<int64_t>(Reduce(18, HostTensor::From<int64_t>({2, 2}, {-3, 0, 3, 4}), {1})),
            (std::vector<double>{-1, 3}));
  EXPECT_EQ(Values<uint32_t>(Reduce(11, HostTensor::From<uint32_t>({3}, {1, 2, 2}), {})),
            std::vector<double>{1});
}

TEST(ReduceMean, EmptySetIsNan) {
  auto out = Reduce(18, HostTensor::From<float>({2, 0, 4}, {}), {1});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dims(), (Dims{2, 1, 4}));
  for (float v : out.value()[0].values<float>()) EXPECT_TRUE(std::isnan(v));
  EXPECT_EQ(Values<int32_t>(Reduce(18, HostTensor::From<int32_t>({0}, {}), {})),
            std::vector<double>{0});
}

TEST(ReduceMean, NoopWithEmptyAxesIsIdentity) {
  testing::ExpectDims(Reduce(18, testing::IotaTensor({2, 3}), {}, true, /*noop=*/true), {2, 3});
}

}  // namespace
}  // namespace onyx::kernels::ref
