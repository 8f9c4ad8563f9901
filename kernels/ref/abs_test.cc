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
std::vector<T> RunAbs(int opset, const Dims& dims, const std::vector<T>& x) {
  auto out = KernelRunner(Library(), "Abs", opset).Run({HostTensor::From<T>(dims, x)});
  EXPECT_TRUE(out.ok()) << out.status().ToString();
  if (!out.ok()) return {};
  EXPECT_EQ(out.value()[0].dims(), dims);
  return out.value()[0].template values<T>();
}

TEST(Abs, FloatMatchesFabsOnRandomData) {
  std::mt19937 rng(1);
  const std::vector<float> x = testing::Random<float>(60, rng, -10, 10);
  std::vector<float> want;
  for (float v : x) want.push_back(v < 0 ? -v : v);
  EXPECT_EQ(RunAbs<float>(13, {3, 4, 5}, x), want);
}

TEST(Abs, SpecialFloats) {
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> got = RunAbs<double>(1, {4}, {-inf, -0.0, NAN, -2.5});
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[0], inf);
  EXPECT_EQ(got[1], 0.0);
  EXPECT_FALSE(std::signbit(got[1]));
  EXPECT_TRUE(std::isnan(got[2]));
  EXPECT_EQ(got[3], 2.5);
}

TEST(Abs, IntegersFromOpset6) {
  EXPECT_EQ(RunAbs<int8_t>(6, {4}, {-128, -5, 0, 127}), (std::vector<int8_t>{-128, 5, 0, 127}));
  EXPECT_EQ(RunAbs<int32_t>(6, {3}, {std::numeric_limits<int32_t>::min(), -7, 7}),
            (std::vector<int32_t>{std::numeric_limits<int32_t>::min(), 7, 7}));
  EXPECT_EQ(RunAbs<int64_t>(13, {2}, {-9000000000, 3}), (std::vector<int64_t>{9000000000, 3}));
  EXPECT_EQ(RunAbs<uint16_t>(13, {2}, {65535, 0}), (std::vector<uint16_t>{65535, 0}));
  EXPECT_EQ(RunAbs<uint64_t>(6, {1}, {18446744073709551615u}),
            (std::vector<uint64_t>{18446744073709551615u}));
}

TEST(Abs, HalfTypes) {
  std::vector<Float16> h = RunAbs<Float16>(1, {3}, {Float16(-1.5f), Float16(0.0f), Float16(2.0f)});
  ASSERT_EQ(h.size(), 3u);
  EXPECT_EQ(static_cast<float>(h[0]), 1.5f);
  EXPECT_EQ(static_cast<float>(h[2]), 2.0f);
  std::vector<BFloat16> b = RunAbs<BFloat16>(13, {2}, {BFloat16(-3.0f), BFloat16(0.25f)});
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(static_cast<float>(b[0]), 3.0f);
  EXPECT_EQ(static_cast<float>(b[1]), 0.25f);
}

TEST(Abs, ScalarAndEmpty) {
  EXPECT_EQ(RunAbs<float>(13, {}, {-4}), (std::vector<float>{4}));
  EXPECT_EQ(RunAbs<float>(13, {2, 0}, {}), (std::vector<float>{}));
}

TEST(Abs, DTypesFollowTheOpset) {
  ExpectError(KernelRunner(Library(), "Abs", 5).Run({HostTensor::From<int32_t>({1}, {1})}),
              StatusCode::kNotFound, "Abs opset 5 dtype int32");
  ExpectError(
      KernelRunner(Library(), "Abs", 12).Run({HostTensor::From<BFloat16>({1}, {BFloat16(1.0f)})}),
      StatusCode::kNotFound, "Abs opset 12 dtype bfloat16");
  ExpectError(KernelRunner(Library(), "Abs", 13).Run({testing::BoolTensor({1}, {true})}),
              StatusCode::kNotFound, "Abs opset 13 dtype bool");
}

TEST(Abs, RejectsASecondInput) {
  const HostTensor x = HostTensor::From<float>({1}, {1});
  ExpectError(KernelRunner(Library(), "Abs", 13).Run({x, x}), StatusCode::kInvalidModel,
              "expected 1 inputs, got 2");
}

}  // namespace
}  // namespace onyx::kernels::ref
