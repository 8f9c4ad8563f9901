#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

using testing::ExpectError;

TEST(SwiGLU, RandomMatchesFormula) {
  std::mt19937 rng(41);
  for (float alpha : {1.0f, 0.5f, 1.702f}) {
    std::vector<double> a = testing::Random<double>(37, rng, -6, 6), b = testing::Random<double>(37, rng);
    auto out = KernelRunner(Library(), "SwiGLU", 28)
                   .Attr("alpha", alpha)
                   .Run({HostTensor::From<double>({37}, a), HostTensor::From<double>({37}, b)});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    std::vector<double> want(37);
    for (int i = 0; i < 37; ++i) want[i] = a[i] / (1 + std::exp(-static_cast<double>(alpha) * a[i])) * b[i];
    testing::ExpectClose(out.value()[0].values<double>(), want);
  }
}

TEST(SwiGLU, HalfGolden) {
  // swish(2) = 2 * sigmoid(2) = 1.76159..., times 3 = 5.2848 -> 5.28515625 in float16.
  auto out = KernelRunner(Library(), "SwiGLU", 28)
                 .Run({HostTensor::From<Float16>({2}, {Float16(2.0f), Float16(0.0f)}),
                       HostTensor::From<Float16>({2}, {Float16(3.0f), Float16(5.0f)})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  std::vector<Float16> y = out.value()[0].values<Float16>();
  EXPECT_NEAR(static_cast<float>(y[0]), 5.2848f, 4e-3f);
  EXPECT_EQ(static_cast<float>(y[1]), 0.0f);
}

TEST(SwiGLU, Errors) {
  ExpectError(KernelRunner(Library(), "SwiGLU", 28)
                  .Run({HostTensor::From<float>({2, 1}, {1, 2}), HostTensor::From<float>({2}, {1, 2})}),
              StatusCode::kInvalidArgument, "no broadcasting");
  ExpectError(KernelRunner(Library(), "SwiGLU", 28)
                  .Run({HostTensor::From<float>({1}, {1}), HostTensor::From<double>({1}, {1})}),
              StatusCode::kInvalidArgument, "dtype (expected float");
  ExpectError(KernelRunner(Library(), "SwiGLU", 28).Run({HostTensor::From<int32_t>({1}, {1}), HostTensor::From<int32_t>({1}, {1})}),
              StatusCode::kNotFound, "no kernel");
}

}  // namespace
}  // namespace onyx::kernels::ref
