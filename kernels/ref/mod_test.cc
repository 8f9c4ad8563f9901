#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "kernels/ref/internal/binary_test_util.h"

namespace onyx::kernels::ref {
namespace {

// Python's %: the remainder takes the divisor's sign.
int64_t FloorModRef(int64_t a, int64_t b) {
  if (b == 0) return 0;
  const int64_t q =
      static_cast<int64_t>(std::floor(static_cast<double>(a) / static_cast<double>(b)));
  return a - q * b;
}

Result<std::vector<HostTensor>> Mod(int opset, int64_t fmod, const HostTensor& a,
                                    const HostTensor& b) {
  return KernelRunner(Library(), "Mod", opset).Attr("fmod", fmod).Run({a, b});
}

TEST(Mod, IntegersFloorOrTruncateBySign) {
  testing::CheckBinaryRandom<int32_t, int32_t>(
      "Mod", 13, 1, testing::IntsIn<int32_t>(-50, 50),
      [](int32_t a, int32_t b) { return static_cast<int32_t>(FloorModRef(a, b)); });
  testing::CheckBinaryRandom<int8_t, int8_t>(
      "Mod", 10, 2, testing::IntsIn<int8_t>(-128, 127),
      [](int8_t a, int8_t b) { return static_cast<int8_t>(FloorModRef(a, b)); });
  testing::CheckBinaryRandom<uint16_t, uint16_t>(
      "Mod", 13, 3, testing::IntsIn<uint16_t>(0, 65535),
      [](uint16_t a, uint16_t b) { return static_cast<uint16_t>(b == 0 ? 0 : a % b); });
  auto trunc = Mod(13, 1, HostTensor::From<int64_t>({6}, {-4, 7, 5, 4, -7, 8}),
                   HostTensor::From<int64_t>({6}, {2, -3, 8, -2, 3, 5}));
  ASSERT_TRUE(trunc.ok()) << trunc.status().ToString();
  EXPECT_EQ(trunc.value()[0].values<int64_t>(), (std::vector<int64_t>{0, 1, 5, 0, -1, 3}));
}

TEST(Mod, IntegerEdgesDoNotTrap) {
  constexpr int32_t kMin = std::numeric_limits<int32_t>::min();
  for (int64_t fmod : {0, 1}) {
    auto out = Mod(13, fmod, HostTensor::From<int32_t>({3}, {kMin, 5, -5}),
                   HostTensor::From<int32_t>({3}, {-1, 0, 0}));
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    EXPECT_EQ(out.value()[0].values<int32_t>(), (std::vector<int32_t>{0, 0, 0}));
  }
}

TEST(Mod, FloatsWithFmod1AreCFmod) {
  testing::CheckBinaryRandom<double, double>(
      "Mod", 13, 4, testing::RealsIn<double>(-10, 10),
      [](double a, double b) { return std::fmod(a, b); }, 40, {{"fmod", 1}});
  testing::CheckBinaryRandom<Float16, Float16>(
      "Mod", 13, 5, testing::RealsIn<Float16>(-10, 10),
      [](Float16 a, Float16 b) { return Float16(std::fmod(float(a), float(b))); }, 40,
      {{"fmod", 1}});
}

TEST(Mod, FloatsFloorAtOpset28WithTheSpecialCases) {
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<double> x = {0.0, -0.0, 0.0, -0.0, -3.0, 3.0, -1.0, 1.0,
                                 inf, -inf, 1.0, 1.0,  NAN,  1.0, -4.3, 7.2};
  const std::vector<double> y = {-2.0, 2.0, 2.0, -2.0, inf, inf, -inf, -inf,
                                 2.0,  2.0, 0.0, -0.0, 2.0, NAN, 2.1,  -3.4};
  auto out = Mod(28, 0, testing::Tensor<double>({16}, x), testing::Tensor<double>({16}, y));
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  const std::vector<double> z = out.value()[0].values<double>();
  const std::vector<bool> negative_zero = {true, false, false, true};
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(z[i], 0.0);
    EXPECT_EQ(std::signbit(z[i]), negative_zero[i]) << i;
  }
  EXPECT_EQ(z[4], inf);  // -3 mod inf: signs differ, so y.
  EXPECT_EQ(z[5], 3.0);  // Same signs: x.
  EXPECT_EQ(z[6], -1.0);  // -1 mod -inf: same signs, so x.
  EXPECT_EQ(z[7], -inf);
  for (int i = 8; i < 14; ++i) EXPECT_TRUE(std::isnan(z[i])) << i;
  EXPECT_NEAR(z[14], 2.0, 1e-12);  // np.mod(-4.3, 2.1)
  EXPECT_NEAR(z[15], -3.0, 1e-12);
}

TEST(Mod, Fmod0OnFloatsNeedsOpset28) {
  const HostTensor f = HostTensor::From<float>({1}, {1});
  testing::ExpectError(Mod(13, 0, f, f), StatusCode::kInvalidModel,
                       "attribute 'fmod' must be 1 for input");
  testing::ExpectError(Mod(13, 2, f, f), StatusCode::kInvalidModel, "(expected 0 or 1, got 2)");
  const HostTensor bf = testing::Tensor<BFloat16>({1}, {1});
  testing::ExpectError(Mod(12, 1, bf, bf), StatusCode::kNotFound, "dtype bfloat16");
}

}  // namespace
}  // namespace onyx::kernels::ref
