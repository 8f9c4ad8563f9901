#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

TEST(Tanh, GoldenValues) {
  // tanh(1) = (e^2 - 1) / (e^2 + 1) = 0.76159416.
  auto out = KernelRunner(Library(), "Tanh", 13).Run({HostTensor::From<float>({3}, {-1, 0, 1})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  std::vector<float> v = out.value()[0].values<float>();
  EXPECT_NEAR(v[0], -0.76159416f, 1e-7);
  EXPECT_EQ(v[1], 0.0f);
  EXPECT_NEAR(v[2], 0.76159416f, 1e-7);
}

TEST(Tanh, SaturatesAndKeepsNaN) {
  const double inf = std::numeric_limits<double>::infinity();
  auto out = KernelRunner(Library(), "Tanh", 6)
                 .Run({HostTensor::From<double>({5}, {-1000, 1000, -inf, inf, NAN})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  std::vector<double> v = out.value()[0].values<double>();
  EXPECT_EQ(v[0], -1.0);
  EXPECT_EQ(v[1], 1.0);
  EXPECT_EQ(v[2], -1.0);
  EXPECT_EQ(v[3], 1.0);
  EXPECT_TRUE(std::isnan(v[4]));
}

TEST(Tanh, ScalarAndEmpty) {
  auto scalar = KernelRunner(Library(), "Tanh", 1).Run({HostTensor::From<double>({}, {0.5})});
  ASSERT_TRUE(scalar.ok()) << scalar.status().ToString();
  EXPECT_EQ(scalar.value()[0].dims(), (Dims{}));
  EXPECT_NEAR(scalar.value()[0].values<double>()[0], 0.46211715726000974, 1e-15);
  auto empty = KernelRunner(Library(), "Tanh", 13).Run({HostTensor::From<float>({0}, {})});
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_EQ(empty.value()[0].dims(), (Dims{0}));
}

TEST(Tanh, IntegersAreNotRegistered) {
  auto out = KernelRunner(Library(), "Tanh", 13).Run({HostTensor::From<int64_t>({1}, {0})});
  testing::ExpectError(out, StatusCode::kNotFound, "Tanh opset 13 dtype int64");
}

TEST(Tanh, HalfTypesComputeInFloat) {
  const std::vector<float> x = {-4, -1, -0.25f, 0, 0.5f, 2, 6};
  auto h = KernelRunner(Library(), "Tanh", 6)
               .Run({HostTensor::From<Float16>({7}, std::vector<Float16>(x.begin(), x.end()))});
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  auto b = KernelRunner(Library(), "Tanh", 13)
               .Run({HostTensor::From<BFloat16>({7}, std::vector<BFloat16>(x.begin(), x.end()))});
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  for (size_t i = 0; i < x.size(); ++i) {
    const double want = std::tanh(static_cast<double>(x[i]));
    EXPECT_NEAR(static_cast<float>(h.value()[0].values<Float16>()[i]), want, 1e-3) << x[i];
    EXPECT_NEAR(static_cast<float>(b.value()[0].values<BFloat16>()[i]), want, 8e-3) << x[i];
  }
}

TEST(Tanh, BFloat16StartsAtOpset13) {
  const HostTensor bf16 = HostTensor::From<BFloat16>({1}, {BFloat16(1.0f)});
  testing::ExpectError(KernelRunner(Library(), "Tanh", 12).Run({bf16}), StatusCode::kNotFound,
                       "Tanh opset 12 dtype bfloat16");
}

}  // namespace
}  // namespace onyx::kernels::ref
