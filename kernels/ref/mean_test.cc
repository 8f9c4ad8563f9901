#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "kernels/ref/internal/binary_test_util.h"

namespace onyx::kernels::ref {
namespace {

TEST(Mean, AveragesBroadcastInputs) {
  auto out = KernelRunner(Library(), "Mean", 13)
                 .Run({testing::Tensor<float>({2, 1}, {3, 6}),
                       testing::Tensor<float>({3}, {0, 3, 9}), testing::Tensor<float>({}, {3})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dims(), (Dims{2, 3}));
  EXPECT_EQ(out.value()[0].values<float>(), (std::vector<float>{2, 3, 5, 3, 4, 6}));
}

TEST(Mean, TwoInputsMatchANaiveReference) {
  testing::CheckBinaryRandom<double, double>("Mean", 8, 9, testing::RealsIn<double>(-4, 4),
                                             [](double a, double b) { return (a + b) / 2; });
}

TEST(Mean, HalvesAndOneInput) {
  auto h = KernelRunner(Library(), "Mean", 13)
               .Run({testing::Tensor<Float16>({2}, {1, 2}), testing::Tensor<Float16>({2}, {2, 2})});
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  EXPECT_EQ(float(h.value()[0].values<Float16>()[0]), 1.5f);
  EXPECT_EQ(float(h.value()[0].values<Float16>()[1]), 2.0f);
  auto one = KernelRunner(Library(), "Mean", 1).Run({testing::Tensor<double>({2}, {1, -3})});
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  EXPECT_EQ(one.value()[0].values<double>(), (std::vector<double>{1, -3}));
  const HostTensor bf = testing::Tensor<BFloat16>({1}, {1});
  testing::ExpectError(KernelRunner(Library(), "Mean", 12).Run({bf, bf}), StatusCode::kNotFound,
                       "no kernel for Mean opset 12 dtype bfloat16");
  testing::ExpectError(
      KernelRunner(Library(), "Mean", 6)
          .Run({testing::Tensor<float>({2}, {1, 2}), testing::Tensor<float>({}, {1})}),
      StatusCode::kInvalidArgument, "before opset 8");
}

}  // namespace
}  // namespace onyx::kernels::ref
