#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

using testing::ExpectError;

template <typename T>
std::vector<T> RunSign(int opset, const Dims& dims, const std::vector<T>& x) {
  auto out = KernelRunner(Library(), "Sign", opset).Run({HostTensor::From<T>(dims, x)});
  EXPECT_TRUE(out.ok()) << out.status().ToString();
  if (!out.ok()) return {};
  EXPECT_EQ(out.value()[0].dims(), dims);
  return out.value()[0].template values<T>();
}

TEST(Sign, OnnxExample) {
  // onnx/backend/test/case/node/sign.py: range(-5, 6).
  std::vector<float> x, want;
  for (int i = -5; i < 6; ++i) {
    x.push_back(static_cast<float>(i));
    want.push_back(i < 0 ? -1.0f : i > 0 ? 1.0f : 0.0f);
  }
  EXPECT_EQ(RunSign<float>(13, {11}, x), want);
}

TEST(Sign, SpecialFloats) {
  std::vector<double> got = RunSign<double>(9, {4}, {-INFINITY, INFINITY, NAN, -1e-300});
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[0], -1.0);
  EXPECT_EQ(got[1], 1.0);
  EXPECT_TRUE(std::isnan(got[2]));
  EXPECT_EQ(got[3], -1.0);
}

TEST(Sign, Integers) {
  EXPECT_EQ(RunSign<int8_t>(9, {3}, {-128, 0, 127}), (std::vector<int8_t>{-1, 0, 1}));
  EXPECT_EQ(RunSign<int64_t>(13, {3}, {-5000000000, 0, 9}), (std::vector<int64_t>{-1, 0, 1}));
  EXPECT_EQ(RunSign<uint32_t>(9, {3}, {0, 1, 4000000000u}), (std::vector<uint32_t>{0, 1, 1}));
}

TEST(Sign, HalfTypes) {
  std::vector<Float16> h = RunSign<Float16>(9, {3}, {Float16(-0.5f), Float16(0.0f), Float16(7.0f)});
  ASSERT_EQ(h.size(), 3u);
  EXPECT_EQ(static_cast<float>(h[0]), -1.0f);
  EXPECT_EQ(static_cast<float>(h[1]), 0.0f);
  EXPECT_EQ(static_cast<float>(h[2]), 1.0f);
  std::vector<BFloat16> b = RunSign<BFloat16>(13, {1}, {BFloat16(-3.0f)});
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(static_cast<float>(b[0]), -1.0f);
}

TEST(Sign, ScalarAndEmpty) {
  EXPECT_EQ(RunSign<float>(13, {}, {-4}), (std::vector<float>{-1}));
  EXPECT_EQ(RunSign<float>(13, {0, 2}, {}), (std::vector<float>{}));
}

TEST(Sign, DTypesFollowTheOpset) {
  ExpectError(KernelRunner(Library(), "Sign", 8).Run({HostTensor::From<float>({1}, {1})}),
              StatusCode::kNotFound, "Sign opset 8 dtype float");
  ExpectError(
      KernelRunner(Library(), "Sign", 12).Run({HostTensor::From<BFloat16>({1}, {BFloat16(1.0f)})}),
      StatusCode::kNotFound, "Sign opset 12 dtype bfloat16");
  ExpectError(KernelRunner(Library(), "Sign", 13).Run({testing::BoolTensor({1}, {true})}),
              StatusCode::kNotFound, "Sign opset 13 dtype bool");
}

TEST(Sign, RejectsASecondInput) {
  const HostTensor x = HostTensor::From<float>({1}, {1});
  ExpectError(KernelRunner(Library(), "Sign", 13).Run({x, x}), StatusCode::kInvalidModel,
              "expected 1 inputs, got 2");
}

}  // namespace
}  // namespace onyx::kernels::ref
