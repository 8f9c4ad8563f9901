#include <gtest/gtest.h>

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

// Naive 2-D grouped convolution of (x - xz) with (w - wz[m]), zero padding.
std::vector<int32_t> NaiveConv(const std::vector<uint8_t>& x, const Dims& xd,
                               const std::vector<int8_t>& w, const Dims& wd, int64_t group,
                               int64_t stride, int64_t pad, int xz, const std::vector<int8_t>& wz,
                               Dims* out) {
  const int64_t n = xd[0], c = xd[1], h = xd[2], wi = xd[3], m = wd[0], kh = wd[2], kw = wd[3];
  const int64_t oh = (h + 2 * pad - kh) / stride + 1, ow = (wi + 2 * pad - kw) / stride + 1;
  *out = {n, m, oh, ow};
  std::vector<int32_t> y(n * m * oh * ow, 0);
  const int64_t cg = c / group, mg = m / group;
  for (int64_t b = 0; b < n; ++b)
    for (int64_t o = 0; o < m; ++o)
      for (int64_t i = 0; i < oh; ++i)
        for (int64_t j = 0; j < ow; ++j) {
          int32_t s = 0;
          for (int64_t ci = 0; ci < cg; ++ci)
            for (int64_t p = 0; p < kh; ++p)
              for (int64_t q = 0; q < kw; ++q) {
                const int64_t r = i * stride - pad + p, col = j * stride - pad + q;
                if (r < 0 || r >= h || col < 0 || col >= wi) continue;
                const int64_t chan = (o / mg) * cg + ci;
                s += (x[((b * c + chan) * h + r) * wi + col] - xz) *
                     (w[((o * cg + ci) * kh + p) * kw + q] - wz[wz.size() == 1 ? 0 : o]);
              }
          y[((b * m + o) * oh + i) * ow + j] = s;
        }
  return y;
}

TEST(QLinearConv, MatchesDequantizedConvolution) {
  std::mt19937 rng(13);
  for (int trial = 0; trial < 20; ++trial) {
    const Dims xd{1, 2, 4, 4}, wd{3, 2, 2, 2};
    std::vector<uint8_t> x(NumElements(xd));
    std::vector<int8_t> w(NumElements(wd)), wz(3, 0);
    for (uint8_t& v : x) v = static_cast<uint8_t>(rng());
    for (int8_t& v : w) v = static_cast<int8_t>(rng() % 21) - 10;
    const std::vector<float> ws = testing::Random<float>(3, rng, 0.001, 0.004);
    const std::vector<int32_t> bias = {100, -50, 7};
    const float xs = 0.02f, ys = 0.05f;
    const uint8_t xz = 128, yz = 120;
    Dims od;
    std::vector<int32_t> acc = NaiveConv(x, xd, w, wd, 1, 1, 0, xz, wz, &od);
    auto out = KernelRunner(Library(), "QLinearConv", 10)
                   .Run({HostTensor::From<uint8_t>(xd, x), HostTensor::From<float>({}, {xs}),
                         HostTensor::From<uint8_t>({}, {xz}), HostTensor::From<int8_t>(wd, w),
                         HostTensor::From<float>({3}, ws), HostTensor::From<int8_t>({3}, wz),
                         HostTensor::From<float>({}, {ys}), HostTensor::From<uint8_t>({}, {yz}),
                         HostTensor::From<int32_t>({3}, bias)});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    std::vector<uint8_t> got = out.value()[0].values<uint8_t>();
    const int64_t per_map = od[2] * od[3];
    for (size_t i = 0; i < got.size(); ++i) {
      const int64_t m = static_cast<int64_t>(i) / per_map;
      const float factor = xs * ws[m] / ys;
      const double r = std::fmin(255, std::fmax(0, (acc[i] + bias[m]) * static_cast<double>(factor) + yz));
      EXPECT_EQ(got[i], static_cast<uint8_t>(std::nearbyint(r))) << "trial " << trial << " at " << i;
    }
  }
}

TEST(QLinearConv, Errors) {
  const HostTensor x = HostTensor::From<uint8_t>({1, 1, 2, 2}, std::vector<uint8_t>(4));
  const HostTensor s = HostTensor::From<float>({}, {1});
  const HostTensor z = HostTensor::From<uint8_t>({}, {0});
  ExpectError(KernelRunner(Library(), "QLinearConv", 10)
                  .Run({x, s, z, x, s, z, s, z, HostTensor::From<int32_t>({2}, {0, 0})}),
              StatusCode::kInvalidArgument, "(expected [1], the output channels, got [2])");
  ExpectError(KernelRunner(Library(), "QLinearConv", 10)
                  .Run({x, HostTensor::From<float>({2}, {1, 1}), z, x, s, z, s, z}),
              StatusCode::kInvalidArgument, "(expected one value, got [2])");
}

}  // namespace
}  // namespace onyx::kernels::ref
