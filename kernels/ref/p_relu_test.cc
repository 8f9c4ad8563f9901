#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

using testing::BroadcastOffset;
using testing::ExpectError;

// PRelu of random X [3,4,5] with a slope of `slope_dims` against a naive
// broadcast reference.
template <typename T>
void CheckBroadcast(int opset, const Dims& slope_dims, uint32_t seed) {
  std::mt19937 rng(seed);
  const Dims x_dims = {3, 4, 5};
  const std::vector<T> x = testing::Random<T>(NumElements(x_dims), rng, -5, 5);
  const std::vector<T> slope = testing::Random<T>(NumElements(slope_dims), rng, -2, 2);
  auto out = KernelRunner(Library(), "PRelu", opset)
                 .Run({HostTensor::From<T>(x_dims, x), HostTensor::From<T>(slope_dims, slope)});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  ASSERT_EQ(out.value()[0].dims(), x_dims);
  std::vector<T> got = out.value()[0].template values<T>();
  for (int64_t i = 0; i < NumElements(x_dims); ++i) {
    const T s = slope[BroadcastOffset(slope_dims, x_dims, i)];
    const T want = x[i] < T(0) ? static_cast<T>(s * x[i]) : x[i];
    EXPECT_EQ(got[i], want) << DimsToString(slope_dims) << " at " << i;
  }
}

TEST(PRelu, BroadcastsTheSlope) {
  // onnx/backend/test/case/node/prelu.py: same shape, and [5].
  CheckBroadcast<float>(16, {3, 4, 5}, 1);
  CheckBroadcast<float>(16, {5}, 2);
  CheckBroadcast<double>(7, {4, 1}, 3);
  CheckBroadcast<float>(9, {1}, 4);
  CheckBroadcast<float>(16, {}, 5);
  CheckBroadcast<int32_t>(9, {3, 1, 5}, 6);
  CheckBroadcast<int64_t>(16, {1, 4, 1}, 7);
}

TEST(PRelu, UnsignedInputsPassThrough) {
  auto out = KernelRunner(Library(), "PRelu", 9)
                 .Run({HostTensor::From<uint32_t>({3}, {0, 5, 4000000000u}),
                       HostTensor::From<uint32_t>({1}, {3})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].values<uint32_t>(), (std::vector<uint32_t>{0, 5, 4000000000u}));
}

TEST(PRelu, HalfTypes) {
  auto h = KernelRunner(Library(), "PRelu", 7)
               .Run({HostTensor::From<Float16>({3}, {Float16(-2.0f), Float16(0.0f), Float16(3.0f)}),
                     HostTensor::From<Float16>({1}, {Float16(0.25f)})});
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  std::vector<Float16> hv = h.value()[0].values<Float16>();
  EXPECT_EQ(static_cast<float>(hv[0]), -0.5f);
  EXPECT_EQ(static_cast<float>(hv[2]), 3.0f);
  auto b = KernelRunner(Library(), "PRelu", 16)
               .Run({HostTensor::From<BFloat16>({2}, {BFloat16(-4.0f), BFloat16(1.0f)}),
                     HostTensor::From<BFloat16>({2}, {BFloat16(0.5f), BFloat16(9.0f)})});
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  std::vector<BFloat16> bv = b.value()[0].values<BFloat16>();
  EXPECT_EQ(static_cast<float>(bv[0]), -2.0f);
  EXPECT_EQ(static_cast<float>(bv[1]), 1.0f);
}

TEST(PRelu, LegacyOpsetsApplyAOneDimensionalSlopePerChannel) {
  // Opset 6: X [1,2,2] with slope [2] (one per channel along axis 1), where
  // numpy broadcasting would have applied it along the last axis.
  auto out = KernelRunner(Library(), "PRelu", 6)
                 .Run({HostTensor::From<float>({1, 2, 2}, {-1, -2, -3, 4}),
                       HostTensor::From<float>({2}, {10, 100})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].values<float>(), (std::vector<float>{-10, -20, -300, 4}));
  auto numpy = KernelRunner(Library(), "PRelu", 7)
                   .Run({HostTensor::From<float>({1, 2, 2}, {-1, -2, -3, 4}),
                         HostTensor::From<float>({2}, {10, 100})});
  ASSERT_TRUE(numpy.ok()) << numpy.status().ToString();
  EXPECT_EQ(numpy.value()[0].values<float>(), (std::vector<float>{-10, -200, -30, 4}));
}

TEST(PRelu, EmptyInput) {
  auto out = KernelRunner(Library(), "PRelu", 16)
                 .Run({HostTensor::From<float>({0, 3}, {}),
                       HostTensor::From<float>({3}, {1, 2, 3})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dims(), (Dims{0, 3}));
}

TEST(PRelu, RejectsASlopeThatDoesNotBroadcastToX) {
  const HostTensor x = HostTensor::From<float>({2, 3}, std::vector<float>(6));
  ExpectError(KernelRunner(Library(), "PRelu", 16)
                  .Run({x, HostTensor::From<float>({4}, {1, 2, 3, 4})}),
              StatusCode::kInvalidArgument, "(expected one that broadcasts to [2,3], got [4])");
  // Broadcasting may not grow X.
  ExpectError(KernelRunner(Library(), "PRelu", 16)
                  .Run({x, HostTensor::From<float>({2, 2, 3}, std::vector<float>(12))}),
              StatusCode::kInvalidArgument, "got [2,2,3]");
}

TEST(PRelu, RejectsMixedDTypesAndMissingSlope) {
  ExpectError(KernelRunner(Library(), "PRelu", 16)
                  .Run({HostTensor::From<float>({1}, {1}), HostTensor::From<double>({1}, {1})}),
              StatusCode::kInvalidArgument, "input 'input1' dtype (expected float");
  ExpectError(KernelRunner(Library(), "PRelu", 16).Run({HostTensor::From<float>({1}, {1})}),
              StatusCode::kInvalidModel, "expected 2 inputs, got 1");
}

TEST(PRelu, DTypesFollowTheOpset) {
  const HostTensor i32 = HostTensor::From<int32_t>({1}, {1});
  ExpectError(KernelRunner(Library(), "PRelu", 8).Run({i32, i32}), StatusCode::kNotFound,
              "PRelu opset 8 dtype int32");
  const HostTensor bf16 = HostTensor::From<BFloat16>({1}, {BFloat16(1.0f)});
  ExpectError(KernelRunner(Library(), "PRelu", 15).Run({bf16, bf16}), StatusCode::kNotFound,
              "PRelu opset 15 dtype bfloat16");
  const HostTensor i8 = HostTensor::From<int8_t>({1}, {1});
  ExpectError(KernelRunner(Library(), "PRelu", 16).Run({i8, i8}), StatusCode::kNotFound,
              "PRelu opset 16 dtype int8");
}

}  // namespace
}  // namespace onyx::kernels::ref
