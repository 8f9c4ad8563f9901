#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/internal/random_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

using testing::ExpectError;

// Known-answer vectors of Philox4x32-10 from Random123's kat_vectors.
TEST(RandomUniform, PhiloxKnownAnswers) {
  EXPECT_EQ(Philox4x32({0, 0, 0, 0}, {0, 0}),
            (PhiloxBlock{0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u}));
  EXPECT_EQ(Philox4x32({0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu}, {0xffffffffu, 0xffffffffu}),
            (PhiloxBlock{0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu}));
  EXPECT_EQ(Philox4x32({0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u}, {0xa4093822u, 0x299f31d0u}),
            (PhiloxBlock{0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u}));
}

Result<std::vector<HostTensor>> Uniform(int opset, std::vector<int64_t> shape, float low, float high,
                                        int64_t dtype, float seed) {
  return KernelRunner(Library(), "RandomUniform", opset)
      .Attr("shape", std::move(shape))
      .Attr("low", low)
      .Attr("high", high)
      .Attr("dtype", dtype)
      .Attr("seed", seed)
      .Run(std::vector<HostTensor>{});
}

// Range, mean, variance and the count in each tenth of the range, each
// within 5 standard errors of a uniform distribution's.
template <typename T>
void CheckUniform(const std::vector<T>& v, double low, double high) {
  const double n = static_cast<double>(v.size());
  double sum = 0, sq = 0;
  std::vector<double> bucket(10, 0);
  for (T t : v) {
    const double x = static_cast<double>(t);
    ASSERT_GE(x, low);
    ASSERT_LT(x, high);
    sum += x;
    sq += x * x;
    bucket[std::min(9, static_cast<int>((x - low) / (high - low) * 10))] += 1;
  }
  const double width = high - low, mean = sum / n, var = sq / n - mean * mean;
  EXPECT_NEAR(mean, (low + high) / 2, 5 * width / std::sqrt(12 * n));
  EXPECT_NEAR(var, width * width / 12, 5 * width * width / std::sqrt(180 * n));
  for (double b : bucket) EXPECT_NEAR(b, n / 10, 5 * std::sqrt(n * 0.09));
}

TEST(RandomUniform, DistributionShapeAndTypes) {
  auto f = Uniform(1, {100, 200}, -2, 3, 1, 7);
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  EXPECT_EQ(f.value()[0].dtype(), DType::kFloat32);
  EXPECT_EQ(f.value()[0].dims(), (Dims{100, 200}));
  CheckUniform(f.value()[0].values<float>(), -2, 3);
  auto d = Uniform(22, {20000}, 0, 1, 11, 8);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  CheckUniform(d.value()[0].values<double>(), 0, 1);
  // float16 steps by 2^-7 in [8, 16), so each tenth holds about the same
  // number of values; rounding up to 16 steps down.
  auto h = Uniform(1, {20000}, 8, 16, 10, 9);
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  CheckUniform(h.value()[0].values<Float16>(), 8, 16);
  auto b = Uniform(22, {20000}, -1, 1, 16, 9);
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  CheckUniform(b.value()[0].values<BFloat16>(), -1, 1);
  auto scalar = Uniform(22, {}, 0, 1, 1, 1);
  ASSERT_TRUE(scalar.ok()) << scalar.status().ToString();
  EXPECT_EQ(scalar.value()[0].dims(), Dims{});
}

TEST(RandomUniform, SeedMakesRunsRepeat) {
  auto a = Uniform(22, {64}, 0, 1, 1, 1.5f);
  auto b = Uniform(22, {64}, 0, 1, 1, 1.5f);
  auto c = Uniform(22, {64}, 0, 1, 1, 2.5f);
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ(a.value()[0].values<float>(), b.value()[0].values<float>());
  EXPECT_NE(a.value()[0].values<float>(), c.value()[0].values<float>());
  auto unseeded = [] {
    return KernelRunner(Library(), "RandomUniform", 22)
        .Attr("shape", std::vector<int64_t>{64})
        .Run(std::vector<HostTensor>{})
        .value()[0]
        .values<float>();
  };
  EXPECT_NE(unseeded(), unseeded());
}

TEST(RandomUniform, Errors) {
  ExpectError(KernelRunner(Library(), "RandomUniform", 22).Run(std::vector<HostTensor>{}),
              StatusCode::kInvalidModel, "attribute 'shape' is missing");
  ExpectError(Uniform(22, {2}, 1, 0, 1, 1), StatusCode::kInvalidModel,
              "attribute 'high' is below 'low' (expected high >= 1, got 0)");
  ExpectError(Uniform(22, {2, -1}, 0, 1, 1, 1), StatusCode::kInvalidModel,
              "attribute 'shape' has a negative extent (expected 0 or more, got -1)");
  ExpectError(Uniform(22, {2}, 0, 1, 7, 1), StatusCode::kInvalidModel,
              "attribute 'dtype' (expected one of float, float16, double, bfloat16, got int64 (7))");
  ExpectError(Uniform(21, {2}, 0, 1, 16, 1), StatusCode::kInvalidModel, "got bfloat16 (16))");
  ExpectError(KernelRunner(Library(), "RandomUniform", 22)
                  .Attr("shape", std::vector<int64_t>{2})
                  .Attr("seed", int64_t{3})
                  .Run(std::vector<HostTensor>{}),
              StatusCode::kInvalidModel, "attribute 'seed' type (expected float, got int)");
}

}  // namespace
}  // namespace onyx::kernels::ref
