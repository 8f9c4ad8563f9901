#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

using testing::ExpectError;

// erf by its Maclaurin series 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1)),
// accurate in double for |x| <= 3, independent of std::erf.
double SeriesErf(double x) {
  double term = x, sum = x;
  for (int n = 1; n < 200; ++n) {
    term *= -x * x / n;
    sum += term / (2 * n + 1);
  }
  return sum * 1.1283791670955126;  // 2 / sqrt(pi)
}

TEST(Erf, FloatAndDoubleMatchTheSeries) {
  std::mt19937 rng(3);
  const std::vector<double> x = testing::Random<double>(60, rng, -3, 3);
  auto d = KernelRunner(Library(), "Erf", 9).Run({HostTensor::From<double>({3, 4, 5}, x)});
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  std::vector<double> want;
  for (double v : x) want.push_back(SeriesErf(v));
  testing::ExpectClose(d.value()[0].values<double>(), want);
  const std::vector<float> xf(x.begin(), x.end());
  auto f = KernelRunner(Library(), "Erf", 13).Run({HostTensor::From<float>({60}, xf)});
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  want.clear();
  for (float v : xf) want.push_back(SeriesErf(v));
  testing::ExpectClose(f.value()[0].values<float>(), want);
}

TEST(Erf, SaturatesAndKeepsNaN) {
  auto out = KernelRunner(Library(), "Erf", 13)
                 .Run({HostTensor::From<float>({5}, {-INFINITY, INFINITY, -10, 0, NAN})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  std::vector<float> v = out.value()[0].values<float>();
  EXPECT_EQ(v[0], -1.0f);
  EXPECT_EQ(v[1], 1.0f);
  EXPECT_EQ(v[2], -1.0f);
  EXPECT_EQ(v[3], 0.0f);
  EXPECT_TRUE(std::isnan(v[4]));
}

TEST(Erf, HalfTypes) {
  const std::vector<float> x = {-2, -0.5f, 0.25f, 1, 3};
  auto h = KernelRunner(Library(), "Erf", 9)
               .Run({HostTensor::From<Float16>({5}, std::vector<Float16>(x.begin(), x.end()))});
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  auto b = KernelRunner(Library(), "Erf", 13)
               .Run({HostTensor::From<BFloat16>({5}, std::vector<BFloat16>(x.begin(), x.end()))});
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  for (size_t i = 0; i < x.size(); ++i) {
    EXPECT_NEAR(static_cast<float>(h.value()[0].values<Float16>()[i]), SeriesErf(x[i]), 1e-3);
    EXPECT_NEAR(static_cast<float>(b.value()[0].values<BFloat16>()[i]), SeriesErf(x[i]), 8e-3);
  }
}

TEST(Erf, IntegersTruncateAtOpset9) {
  // erf(1) = 0.84 -> 0; erf(6) rounds to 1 in double.
  auto out = KernelRunner(Library(), "Erf", 9)
                 .Run({HostTensor::From<int32_t>({5}, {-7, -1, 0, 1, 6})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].values<int32_t>(), (std::vector<int32_t>{-1, 0, 0, 0, 1}));
  auto u8 = KernelRunner(Library(), "Erf", 9).Run({HostTensor::From<uint8_t>({2}, {0, 200})});
  ASSERT_TRUE(u8.ok()) << u8.status().ToString();
  EXPECT_EQ(u8.value()[0].values<uint8_t>(), (std::vector<uint8_t>{0, 1}));
}

TEST(Erf, DTypesFollowTheOpset) {
  ExpectError(KernelRunner(Library(), "Erf", 13).Run({HostTensor::From<int32_t>({1}, {1})}),
              StatusCode::kNotFound, "Erf opset 13 dtype int32");
  ExpectError(
      KernelRunner(Library(), "Erf", 12).Run({HostTensor::From<BFloat16>({1}, {BFloat16(1.0f)})}),
      StatusCode::kNotFound, "Erf opset 12 dtype bfloat16");
  ExpectError(KernelRunner(Library(), "Erf", 8).Run({HostTensor::From<float>({1}, {1})}),
              StatusCode::kNotFound, "Erf opset 8 dtype float");
}

TEST(Erf, ScalarEmptyAndASecondInput) {
  auto scalar = KernelRunner(Library(), "Erf", 13).Run({HostTensor::From<float>({}, {0})});
  ASSERT_TRUE(scalar.ok()) << scalar.status().ToString();
  EXPECT_EQ(scalar.value()[0].dims(), (Dims{}));
  auto empty = KernelRunner(Library(), "Erf", 13).Run({HostTensor::From<float>({1, 0}, {})});
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_EQ(empty.value()[0].dims(), (Dims{1, 0}));
  const HostTensor x = HostTensor::From<float>({1}, {1});
  ExpectError(KernelRunner(Library(), "Erf", 13).Run({x, x}), StatusCode::kInvalidModel,
              "expected 1 inputs, got 2");
}

}  // namespace
}  // namespace onyx::kernels::ref
