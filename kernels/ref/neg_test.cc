#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

using testing::ExpectError;

template <typename T>
std::vector<T> RunNeg(int opset, const Dims& dims, const std::vector<T>& x) {
  auto out = KernelRunner(Library(), "Neg", opset).Run({HostTensor::From<T>(dims, x)});
  EXPECT_TRUE(out.ok()) << out.status().ToString();
  if (!out.ok()) return {};
  EXPECT_EQ(out.value()[0].dims(), dims);
  return out.value()[0].template values<T>();
}

TEST(Neg, OnnxExampleAndRandomData) {
  // onnx/backend/test/case/node/neg.py.
  EXPECT_EQ(RunNeg<float>(13, {2}, {-4, 2}), (std::vector<float>{4, -2}));
  std::mt19937 rng(2);
  const std::vector<double> x = testing::Random<double>(60, rng, -10, 10);
  std::vector<double> want;
  for (double v : x) want.push_back(0.0 - v);
  EXPECT_EQ(RunNeg<double>(1, {3, 4, 5}, x), want);
}

TEST(Neg, NaNAndInfinity) {
  std::vector<float> got = RunNeg<float>(6, {3}, {NAN, INFINITY, 0.0f});
  ASSERT_EQ(got.size(), 3u);
  EXPECT_TRUE(std::isnan(got[0]));
  EXPECT_EQ(got[1], -INFINITY);
  EXPECT_TRUE(std::signbit(got[2]));
}

TEST(Neg, SignedIntegersWrapAtTheMinimum) {
  EXPECT_EQ(RunNeg<int8_t>(6, {3}, {-128, 5, 0}), (std::vector<int8_t>{-128, -5, 0}));
  EXPECT_EQ(RunNeg<int16_t>(13, {2}, {-32768, 300}), (std::vector<int16_t>{-32768, -300}));
  EXPECT_EQ(RunNeg<int64_t>(13, {2}, {std::numeric_limits<int64_t>::min(), -7}),
            (std::vector<int64_t>{std::numeric_limits<int64_t>::min(), 7}));
}

TEST(Neg, HalfTypes) {
  std::vector<Float16> h = RunNeg<Float16>(1, {2}, {Float16(1.5f), Float16(-2.0f)});
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(static_cast<float>(h[0]), -1.5f);
  EXPECT_EQ(static_cast<float>(h[1]), 2.0f);
  std::vector<BFloat16> b = RunNeg<BFloat16>(13, {1}, {BFloat16(3.0f)});
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(static_cast<float>(b[0]), -3.0f);
}

TEST(Neg, ScalarAndEmpty) {
  EXPECT_EQ(RunNeg<int32_t>(13, {}, {4}), (std::vector<int32_t>{-4}));
  EXPECT_EQ(RunNeg<float>(13, {0}, {}), (std::vector<float>{}));
}

TEST(Neg, DTypesFollowTheOpset) {
  ExpectError(KernelRunner(Library(), "Neg", 5).Run({HostTensor::From<int32_t>({1}, {1})}),
              StatusCode::kNotFound, "Neg opset 5 dtype int32");
  ExpectError(KernelRunner(Library(), "Neg", 13).Run({HostTensor::From<uint8_t>({1}, {1})}),
              StatusCode::kNotFound, "Neg opset 13 dtype uint8");
  ExpectError(
      KernelRunner(Library(), "Neg", 12).Run({HostTensor::From<BFloat16>({1}, {BFloat16(1.0f)})}),
      StatusCode::kNotFound, "Neg opset 12 dtype bfloat16");
}

TEST(Neg, RejectsASecondInput) {
  const HostTensor x = HostTensor::From<float>({1}, {1});
  ExpectError(KernelRunner(Library(), "Neg", 13).Run({x, x}), StatusCode::kInvalidModel,
              "expected 1 inputs, got 2");
}

}  // namespace
}  // namespace onyx::kernels::ref
