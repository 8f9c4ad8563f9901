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

// y = clamp(round(sum (a - za)(b - zb) * sa * sb / sy) + zy) with per-column b
// scales, in double, against the kernel.
TEST(QLinearMatMul, RandomMatchesFormula) {
  std::mt19937 rng(8);
  for (int trial = 0; trial < 40; ++trial) {
    const int64_t m = 1 + trial % 3, k = 1 + trial % 6, n = 1 + trial % 4;
    std::vector<int8_t> a(m * k), b(k * n);
    for (int8_t& v : a) v = static_cast<int8_t>(rng());
    for (int8_t& v : b) v = static_cast<int8_t>(rng());
    const std::vector<float> sb = testing::Random<float>(n, rng, 0.001, 0.01);
    std::vector<int8_t> zb(n);
    for (int8_t& v : zb) v = static_cast<int8_t>(rng() % 9) - 4;
    const float sa = 0.05f, sy = 0.02f;
    const int8_t za = 3, zy = -5;
    auto out = KernelRunner(Library(), "QLinearMatMul", 10)
                   .Run({HostTensor::From<int8_t>({m, k}, a), HostTensor::From<float>({}, {sa}),
                         HostTensor::From<int8_t>({}, {za}), HostTensor::From<int8_t>({k, n}, b),
                         HostTensor::From<float>({1, n}, sb), HostTensor::From<int8_t>({1, n}, zb),
                         HostTensor::From<float>({}, {sy}), HostTensor::From<int8_t>({}, {zy})});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    std::vector<int8_t> got = out.value()[0].values<int8_t>();
    for (int64_t i = 0; i < m; ++i)
      for (int64_t j = 0; j < n; ++j) {
        double c = 0;
        for (int64_t p = 0; p < k; ++p) c += (a[i * k + p] - za) * (b[p * n + j] - zb[j]);
        const float factor = sa * sb[j] / sy;
        const double q = std::nearbyint(c * factor + zy);
        EXPECT_EQ(got[i * n + j], static_cast<int8_t>(std::fmin(127, std::fmax(-128, q))))
            << "trial " << trial << " at " << i << "," << j;
      }
  }
}

TEST(QLinearMatMul, Float16ScalesAndBatches) {
  // (a - 1) x (b - 2) = [[2*1 + 3*2]] = 8 per batch; * 0.5 * 2 / 0.25 = 32; + 100.
  const HostTensor half = HostTensor::From<Float16>({}, {Float16(0.5f)});
  auto out = KernelRunner(Library(), "QLinearMatMul", 21)
                 .Run({HostTensor::From<uint8_t>({2, 1, 2}, {3, 4, 3, 4}), half,
                       HostTensor::From<uint8_t>({}, {1}),
                       HostTensor::From<uint8_t>({2, 1}, {3, 4}),
                       HostTensor::From<Float16>({}, {Float16(2.0f)}),
                       HostTensor::From<uint8_t>({}, {2}),
                       HostTensor::From<Float16>({}, {Float16(0.25f)}),
                       HostTensor::From<uint8_t>({}, {100})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dims(), (Dims{2, 1, 1}));
  EXPECT_EQ(out.value()[0].values<uint8_t>(), (std::vector<uint8_t>{132, 132}));
}

TEST(QLinearMatMul, Errors) {
  const HostTensor a = HostTensor::From<uint8_t>({2, 2}, {1, 2, 3, 4});
  const HostTensor s = HostTensor::From<float>({}, {1});
  const HostTensor z = HostTensor::From<uint8_t>({}, {0});
  ExpectError(KernelRunner(Library(), "QLinearMatMul", 10)
                  .Run({a, HostTensor::From<Float16>({}, {Float16(1.0f)}), z, a, s, z, s, z}),
              StatusCode::kUnsupported, "(expected one of float, got float16)");
  ExpectError(KernelRunner(Library(), "QLinearMatMul", 10)
                  .Run({a, HostTensor::From<float>({1, 2}, {1, 1}), z, a, s, z, s, z}),
              StatusCode::kInvalidArgument, "one value per row");
  ExpectError(KernelRunner(Library(), "QLinearMatMul", 10)
                  .Run({a, s, HostTensor::From<int8_t>({}, {0}), a, s, z, s, z}),
              StatusCode::kInvalidArgument, "dtype (expected uint8");
  ExpectError(KernelRunner(Library(), "QLinearMatMul", 10).Run({a, s, z, a, s, z, s}),
              StatusCode::kInvalidModel, "expected 8 inputs, got 7");
}

}  // namespace
}  // namespace onyx::kernels::ref
