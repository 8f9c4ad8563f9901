#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

TEST(Sigmoid, GoldenValues) {
  // 1 / (1 + e^-x), from the ONNX Sigmoid example inputs.
  auto out = KernelRunner(Library(), "Sigmoid", 13).Run({HostTensor::From<float>({3}, {-1, 0, 1})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  std::vector<float> v = out.value()[0].values<float>();
  EXPECT_NEAR(v[0], 0.26894142f, 1e-7);
  EXPECT_EQ(v[1], 0.5f);
  EXPECT_NEAR(v[2], 0.7310586f, 1e-7);
}

TEST(Sigmoid, StableForLargeMagnitudes) {
  const float inf = std::numeric_limits<float>::infinity();
  auto out = KernelRunner(Library(), "Sigmoid", 13)
                 .Run({HostTensor::From<float>({6}, {-1000, -100, 100, 1000, -inf, inf})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  std::vector<float> v = out.value()[0].values<float>();
  EXPECT_EQ(v[0], 0.0f);
  EXPECT_GT(v[1], 0.0f);  // exp(-100) = 3.7e-44 is a float denormal, not 0/inf = NaN.
  EXPECT_NEAR(v[1], 3.7200760e-44f, 2e-45f);
  EXPECT_EQ(v[2], 1.0f);
  EXPECT_EQ(v[3], 1.0f);
  EXPECT_EQ(v[4], 0.0f);
  EXPECT_EQ(v[5], 1.0f);
}

TEST(Sigmoid, DoubleKeepsPrecisionAndNaN) {
  auto out =
      KernelRunner(Library(), "Sigmoid", 6).Run({HostTensor::From<double>({3}, {-700, 2, NAN})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  std::vector<double> v = out.value()[0].values<double>();
  EXPECT_NEAR(v[0] / std::exp(-700.0), 1.0, 1e-12);
  EXPECT_NEAR(v[1], 1.0 / (1.0 + std::exp(-2.0)), 1e-16);
  EXPECT_TRUE(std::isnan(v[2]));
}

TEST(Sigmoid, ScalarAndEmpty) {
  auto scalar = KernelRunner(Library(), "Sigmoid", 1).Run({HostTensor::From<float>({}, {0})});
  ASSERT_TRUE(scalar.ok()) << scalar.status().ToString();
  EXPECT_EQ(scalar.value()[0].dims(), (Dims{}));
  EXPECT_EQ(scalar.value()[0].values<float>(), (std::vector<float>{0.5f}));
  auto empty = KernelRunner(Library(), "Sigmoid", 13).Run({HostTensor::From<float>({3, 0}, {})});
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_EQ(empty.value()[0].dims(), (Dims{3, 0}));
}

TEST(Sigmoid, IntegersAreNotRegistered) {
  auto out = KernelRunner(Library(), "Sigmoid", 13).Run({HostTensor::From<int32_t>({1}, {0})});
  testing::ExpectError(out, StatusCode::kNotFound, "Sigmoid opset 13 dtype int32");
}

TEST(Sigmoid, HalfTypesComputeInFloat) {
  const std::vector<float> x = {-4, -1, -0.25f, 0, 0.5f, 2, 6};
  auto h = KernelRunner(Library(), "Sigmoid", 6)
               .Run({HostTensor::From<Float16>({7}, std::vector<Float16>(x.begin(), x.end()))});
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  auto b = KernelRunner(Library(), "Sigmoid", 13)
               .Run({HostTensor::From<BFloat16>({7}, std::vector<BFloat16>(x.begin(), x.end()))});
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  for (size_t i = 0; i < x.size(); ++i) {
    const double want = 1 / (1 + std::exp(-static_cast<double>(x[i])));
    EXPECT_NEAR(static_cast<float>(h.value()[0].values<Float16>()[i]), want, 1e-3) << x[i];
    EXPECT_NEAR(static_cast<float>(b.value()[0].values<BFloat16>()[i]), want, 8e-3) << x[i];
  }
}

TEST(Sigmoid, BFloat16StartsAtOpset13) {
  const HostTensor bf16 = HostTensor::From<BFloat16>({1}, {BFloat16(1.0f)});
  testing::ExpectError(KernelRunner(Library(), "Sigmoid", 12).Run({bf16}), StatusCode::kNotFound,
                       "Sigmoid opset 12 dtype bfloat16");
}

}  // namespace
}  // namespace onyx::kernels::ref
