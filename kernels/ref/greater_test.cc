#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "kernels/ref/internal/binary_test_util.h"

namespace onyx::kernels::ref {
namespace {

TEST(Greater, RandomBroadcastMatchesNaiveReference) {
  testing::CheckBinaryRandom<int8_t, bool>("Greater", 13, 1, testing::IntsIn<int8_t>(-3, 3),
                                           [](int8_t a, int8_t b) { return a > b; });
  testing::CheckBinaryRandom<uint32_t, bool>("Greater", 13, 2, testing::IntsIn<uint32_t>(0, 3),
                                             [](uint32_t a, uint32_t b) { return a > b; });
  testing::CheckBinaryRandom<double, bool>("Greater", 13, 3, testing::RealsIn<double>(-1, 1),
                                           [](double a, double b) { return a > b; });
}

TEST(Greater, HalvesAndNaN) {
  const std::vector<double> a = {1, 2, 3, NAN, 1, -0.0}, b = {2, 2, 1, 1, NAN, 0.0};
  std::vector<uint8_t> want;
  for (size_t i = 0; i < a.size(); ++i) want.push_back(a[i] > b[i]);
  auto f16 = KernelRunner(Library(), "Greater", 13)
                 .Run({testing::Tensor<Float16>({6}, a), testing::Tensor<Float16>({6}, b)});
  ASSERT_TRUE(f16.ok()) << f16.status().ToString();
  EXPECT_EQ(f16.value()[0].values<uint8_t>(), want);
  auto bf16 = KernelRunner(Library(), "Greater", 13)
                  .Run({testing::Tensor<BFloat16>({6}, a), testing::Tensor<BFloat16>({6}, b)});
  ASSERT_TRUE(bf16.ok()) << bf16.status().ToString();
  EXPECT_EQ(bf16.value()[0].values<uint8_t>(), want);
  auto f32 = KernelRunner(Library(), "Greater", 13)
                 .Run({testing::Tensor<float>({6}, a), testing::Tensor<float>({6}, b)});
  ASSERT_TRUE(f32.ok()) << f32.status().ToString();
  EXPECT_EQ(f32.value()[0].values<uint8_t>(), want);
}

TEST(Greater, RejectsMixedDtypesAndUnbroadcastableShapes) {
  testing::ExpectError(
      KernelRunner(Library(), "Greater", 13)
          .Run({testing::Tensor<int32_t>({2}, {1, 2}), testing::Tensor<int64_t>({2}, {1, 2})}),
      StatusCode::kInvalidArgument, "different dtypes");
  testing::ExpectError(KernelRunner(Library(), "Greater", 13)
                           .Run({testing::Tensor<float>({2, 3}, {1, 2, 3, 4, 5, 6}),
                                 testing::Tensor<float>({2}, {1, 2})}),
                       StatusCode::kInvalidArgument, "[2,3] and [2] cannot be broadcast");
  testing::ExpectError(
      KernelRunner(Library(), "Greater", 8)
          .Run({testing::Tensor<int32_t>({1}, {1}), testing::Tensor<int32_t>({1}, {1})}),
      StatusCode::kNotFound, "no kernel for Greater opset 8 dtype int32");
}

TEST(Greater, Opset1BroadcastsBOntoA) {
  const HostTensor a = testing::Tensor<float>({2, 3}, {1, 2, 3, 4, 5, 6});
  auto out = KernelRunner(Library(), "Greater", 1)
                 .Attr("broadcast", int64_t{1})
                 .Attr("axis", int64_t{0})
                 .Run({a, testing::Tensor<float>({2}, {2, 5})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  std::vector<uint8_t> want;
  for (int i = 0; i < 6; ++i) want.push_back((i + 1.0f) > (i < 3 ? 2.0f : 5.0f));
  EXPECT_EQ(out.value()[0].values<uint8_t>(), want);
  testing::ExpectError(KernelRunner(Library(), "Greater", 1)
                           .Attr("broadcast", int64_t{1})
                           .Run({a, testing::Tensor<float>({2}, {2, 5})}),
                       StatusCode::kInvalidArgument, "is not a run of input");
}

}  // namespace
}  // namespace onyx::kernels::ref
