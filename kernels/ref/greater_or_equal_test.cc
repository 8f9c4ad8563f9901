#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "kernels/ref/internal/binary_test_util.h"

namespace onyx::kernels::ref {
namespace {

TEST(GreaterOrEqual, RandomBroadcastMatchesNaiveReference) {
  testing::CheckBinaryRandom<int8_t, bool>("GreaterOrEqual", 16, 1, testing::IntsIn<int8_t>(-3, 3),
                                           [](int8_t a, int8_t b) { return a >= b; });
  testing::CheckBinaryRandom<uint32_t, bool>("GreaterOrEqual", 16, 2,
                                             testing::IntsIn<uint32_t>(0, 3),
                                             [](uint32_t a, uint32_t b) { return a >= b; });
  testing::CheckBinaryRandom<double, bool>("GreaterOrEqual", 16, 3, testing::RealsIn<double>(-1, 1),
                                           [](double a, double b) { return a >= b; });
}

TEST(GreaterOrEqual, HalvesAndNaN) {
  const std::vector<double> a = {1, 2, 3, NAN, 1, -0.0}, b = {2, 2, 1, 1, NAN, 0.0};
  std::vector<uint8_t> want;
  for (size_t i = 0; i < a.size(); ++i) want.push_back(a[i] >= b[i]);
  auto f16 = KernelRunner(Library(), "GreaterOrEqual", 16)
                 .Run({testing::Tensor<Float16>({6}, a), testing::Tensor<Float16>({6}, b)});
  ASSERT_TRUE(f16.ok()) << f16.status().ToString();
  EXPECT_EQ(f16.value()[0].values<uint8_t>(), want);
  auto bf16 = KernelRunner(Library(), "GreaterOrEqual", 16)
                  .Run({testing::Tensor<BFloat16>({6}, a), testing::Tensor<BFloat16>({6}, b)});
  ASSERT_TRUE(bf16.ok()) << bf16.status().ToString();
  EXPECT_EQ(bf16.value()[0].values<uint8_t>(), want);
  auto f32 = KernelRunner(Library(), "GreaterOrEqual", 16)
                 .Run({testing::Tensor<float>({6}, a), testing::Tensor<float>({6}, b)});
  ASSERT_TRUE(f32.ok()) << f32.status().ToString();
  EXPECT_EQ(f32.value()[0].values<uint8_t>(), want);
}

TEST(GreaterOrEqual, RejectsMixedDtypesAndUnbroadcastableShapes) {
  testing::ExpectError(
      KernelRunner(Library(), "GreaterOrEqual", 16)
          .Run({testing::Tensor<int32_t>({2}, {1, 2}), testing::Tensor<int64_t>({2}, {1, 2})}),
      StatusCode::kInvalidArgument, "different dtypes");
  testing::ExpectError(KernelRunner(Library(), "GreaterOrEqual", 16)
                           .Run({testing::Tensor<float>({2, 3}, {1, 2, 3, 4, 5, 6}),
                                 testing::Tensor<float>({2}, {1, 2})}),
                       StatusCode::kInvalidArgument, "[2,3] and [2] cannot be broadcast");
  testing::ExpectError(
      KernelRunner(Library(), "GreaterOrEqual", 11)
          .Run({testing::Tensor<int32_t>({1}, {1}), testing::Tensor<int32_t>({1}, {1})}),
      StatusCode::kNotFound, "no kernel for GreaterOrEqual opset 11 dtype int32");
}

}  // namespace
}  // namespace onyx::kernels::ref
