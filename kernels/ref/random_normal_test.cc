#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

using testing::ExpectError;

Result<std::vector<HostTensor>> Normal(int opset, std::vector<int64_t> shape, float mean, float scale,
                                       int64_t dtype, float seed) {
  return KernelRunner(Library(), "RandomNormal", opset)
      .Attr("shape", std::move(shape))
      .Attr("mean", mean)
      .Attr("scale", scale)
      .Attr("dtype", dtype)
      .Attr("seed", seed)
      .Run(std::vector<HostTensor>{});
}

// Mean, variance, and the share within one and two standard deviations
// (0.6827, 0.9545), each within 5 standard errors.
template <typename T>
void CheckNormal(const std::vector<T>& v, double mean, double scale) {
  const double n = static_cast<double>(v.size());
  double sum = 0, sq = 0, in1 = 0, in2 = 0;
  for (T t : v) {
    const double x = static_cast<double>(t);
    ASSERT_TRUE(std::isfinite(x));
    sum += x;
    sq += x * x;
    in1 += std::abs(x - mean) < scale;
    in2 += std::abs(x - mean) < 2 * scale;
  }
  const double m = sum / n, var = sq / n - m * m;
  EXPECT_NEAR(m, mean, 5 * scale / std::sqrt(n));
  EXPECT_NEAR(var, scale * scale, 5 * scale * scale * std::sqrt(2 / n));
  EXPECT_NEAR(in1 / n, 0.6827, 5 * std::sqrt(0.6827 * 0.3173 / n));
  EXPECT_NEAR(in2 / n, 0.9545, 5 * std::sqrt(0.9545 * 0.0455 / n));
}

TEST(RandomNormal, DistributionShapeAndTypes) {
  auto f = Normal(1, {200, 100}, 2, 3, 1, 4);
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  EXPECT_EQ(f.value()[0].dtype(), DType::kFloat32);
  EXPECT_EQ(f.value()[0].dims(), (Dims{200, 100}));
  CheckNormal(f.value()[0].values<float>(), 2, 3);
  auto d = Normal(22, {20000}, -1, 0.5f, 11, 5);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  CheckNormal(d.value()[0].values<double>(), -1, 0.5);
  auto h = Normal(1, {20000}, 0, 1, 10, 6);
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  CheckNormal(h.value()[0].values<Float16>(), 0, 1);
  auto b = Normal(22, {20000}, 0, 1, 16, 6);
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  CheckNormal(b.value()[0].values<BFloat16>(), 0, 1);
  auto defaults = KernelRunner(Library(), "RandomNormal", 22)
                      .Attr("shape", std::vector<int64_t>{20000})
                      .Attr("seed", 1.0f)
                      .Run(std::vector<HostTensor>{});
  ASSERT_TRUE(defaults.ok()) << defaults.status().ToString();
  CheckNormal(defaults.value()[0].values<float>(), 0, 1);
}

TEST(RandomNormal, SeedMakesRunsRepeat) {
  auto a = Normal(22, {64}, 0, 1, 1, 3);
  auto b = Normal(22, {64}, 0, 1, 1, 3);
  auto c = Normal(22, {64}, 0, 1, 1, -3);
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ(a.value()[0].values<float>(), b.value()[0].values<float>());
  EXPECT_NE(a.value()[0].values<float>(), c.value()[0].values<float>());
}

TEST(RandomNormal, Errors) {
  ExpectError(KernelRunner(Library(), "RandomNormal", 22).Run(std::vector<HostTensor>{}),
              StatusCode::kInvalidModel, "attribute 'shape' is missing (expected ints, got nothing)");
  ExpectError(Normal(22, {2}, 0, 1, 6, 1), StatusCode::kInvalidModel,
              "attribute 'dtype' (expected one of float, float16, double, bfloat16, got int32 (6))");
  ExpectError(Normal(1, {2}, 0, 1, 16, 1), StatusCode::kInvalidModel,
              "attribute 'dtype' (expected one of float, float16, double, got bfloat16 (16))");
  ExpectError(KernelRunner(Library(), "RandomNormal", 22)
                  .Attr("shape", std::vector<int64_t>{2})
                  .Run({HostTensor::From<float>({1}, {1})}),
              StatusCode::kInvalidModel, "expected 0 inputs, got 1");
}

}  // namespace
}  // namespace onyx::kernels::ref
