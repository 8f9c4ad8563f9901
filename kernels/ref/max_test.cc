#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "kernels/ref/internal/binary_test_util.h"

namespace onyx::kernels::ref {
namespace {

TEST(Max, TwoInputsBroadcastLikeNumpy) {
  testing::CheckBinaryRandom<int16_t, int16_t>("Max", 13, 1, testing::IntsIn<int16_t>(-9, 9),
                                               [](int16_t a, int16_t b) { return a > b ? a : b; });
  testing::CheckBinaryRandom<float, float>("Max", 8, 2, testing::RealsIn<float>(-1, 1),
                                           [](float a, float b) { return a > b ? a : b; });
}

TEST(Max, ManyInputsAndNaN) {
  auto out = KernelRunner(Library(), "Max", 13)
                 .Run({testing::Tensor<float>({3}, {3, 2, 1}),
                       testing::Tensor<float>({3}, {1, NAN, 3}), testing::Tensor<float>({1}, {2})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  std::vector<float> v = out.value()[0].values<float>();
  EXPECT_EQ(v[0], 3);
  EXPECT_TRUE(std::isnan(v[1]));
  EXPECT_EQ(v[2], 3);
  auto nan_last =
      KernelRunner(Library(), "Max", 13)
          .Run({testing::Tensor<Float16>({2}, {1, 5}), testing::Tensor<Float16>({2}, {NAN, 4})});
  ASSERT_TRUE(nan_last.ok()) << nan_last.status().ToString();
  EXPECT_TRUE(std::isnan(float(nan_last.value()[0].values<Float16>()[0])));
  EXPECT_EQ(float(nan_last.value()[0].values<Float16>()[1]), 5.0f);
}

TEST(Max, OneInputIsACopyAndShapesBroadcastFromOpset8) {
  auto one = KernelRunner(Library(), "Max", 6).Run({testing::Tensor<double>({2}, {1, -1})});
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  EXPECT_EQ(one.value()[0].values<double>(), (std::vector<double>{1, -1}));
  auto out = KernelRunner(Library(), "Max", 8)
                 .Run({testing::Tensor<float>({2, 1}, {1, 5}),
                       testing::Tensor<float>({3}, {0, 2, 6}), testing::Tensor<float>({}, {4})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dims(), (Dims{2, 3}));
  EXPECT_EQ(out.value()[0].values<float>(), (std::vector<float>{4, 4, 6, 5, 5, 6}));
  testing::ExpectError(
      KernelRunner(Library(), "Max", 6)
          .Run({testing::Tensor<float>({2}, {1, 2}), testing::Tensor<float>({1}, {1})}),
      StatusCode::kInvalidArgument, "before opset 8 every input has one shape");
  testing::ExpectError(
      KernelRunner(Library(), "Max", 11)
          .Run({testing::Tensor<int32_t>({1}, {1}), testing::Tensor<int32_t>({1}, {1})}),
      StatusCode::kNotFound, "no kernel for Max opset 11 dtype int32");
  testing::ExpectError(
      KernelRunner(Library(), "Max", 13)
          .Run({testing::Tensor<float>({2}, {1, 2}), testing::Tensor<float>({3}, {1, 2, 3})}),
      StatusCode::kInvalidArgument, "[2] and [3] cannot be broadcast");
  testing::ExpectError(
      KernelRunner(Library(), "Max", 13)
          .Run({testing::Tensor<float>({1}, {1}), testing::Tensor<double>({1}, {1})}),
      StatusCode::kInvalidArgument, "(expected float like input");
}

}  // namespace
}  // namespace onyx::kernels::ref
