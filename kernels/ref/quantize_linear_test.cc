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
using testing::Random;

// A tensor of a one-byte dtype (float8, int4, ...) holding raw `bits`.
HostTensor Bytes(DType dtype, Dims dims, const std::vector<uint8_t>& bits) {
  HostTensor t = HostTensor::Allocate(dtype, std::move(dims)).value();
  for (size_t i = 0; i < bits.size(); ++i) static_cast<uint8_t*>(t.data())[i] = bits[i];
  return t;
}

std::vector<uint8_t> BitsOf(const HostTensor& t) {
  const uint8_t* p = static_cast<const uint8_t*>(t.data());
  return std::vector<uint8_t>(p, p + NumElements(t.dims()));
}

// Per-axis and blocked int8 quantization of random data against the formula.
TEST(QuantizeLinear, RandomBlockedAndPerAxisMatchFormula) {
  std::mt19937 rng(4);
  for (int trial = 0; trial < 60; ++trial) {
    const int64_t d0 = 1 + trial % 3, d1 = 1 + trial % 5, d2 = 2 + trial % 4;
    const Dims xd{d0, d1, d2};
    const int axis = trial % 3;
    const int64_t block = trial % 2 == 0 ? 0 : 1 + trial % 3;
    Dims sd = block == 0 ? Dims{xd[axis]} : xd;
    if (block > 0) sd[axis] = (xd[axis] + block - 1) / block;
    std::vector<float> x = Random<float>(NumElements(xd), rng, -300, 300);
    std::vector<float> s = Random<float>(NumElements(sd), rng, 0.5, 3);
    std::vector<int8_t> zp(NumElements(sd));
    for (int8_t& z : zp) z = static_cast<int8_t>(rng() % 21) - 10;
    KernelRunner r(Library(), "QuantizeLinear", 21);
    r.Attr("axis", int64_t{axis});
    if (block > 0) r.Attr("block_size", block);
    auto out = r.Run({HostTensor::From<float>(xd, x), HostTensor::From<float>(sd, s),
                      HostTensor::From<int8_t>(sd, zp)});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    std::vector<int8_t> got = out.value()[0].values<int8_t>();
    std::vector<int64_t> idx(3, 0);
    int64_t i = 0;
    do {
      std::vector<int64_t> si = idx;
      if (block == 0) si = {idx[axis]};
      else si[axis] /= block;
      int64_t flat = 0;
      for (size_t d = 0; d < si.size(); ++d) flat = flat * sd[d] + si[d];
      const double q = std::nearbyint(x[i] / s[flat]) + zp[flat];
      const int want = static_cast<int>(std::fmin(127, std::fmax(-128, q)));
      ASSERT_EQ(got[i], want) << "trial " << trial << " at " << i;
      ++i;
    } while (testing::Next(idx, xd));
  }
}

TEST(QuantizeLinear, RoundsHalfToEvenAndSaturatesUint8ByDefault) {
  auto out = KernelRunner(Library(), "QuantizeLinear", 10)
                 .Run({HostTensor::From<float>({6}, {2.5f, 3.5f, -1, 600, -0.5f, 1}),
                       HostTensor::From<float>({}, {1})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dtype(), DType::kUInt8);
  EXPECT_EQ(out.value()[0].values<uint8_t>(), (std::vector<uint8_t>{2, 4, 0, 255, 0, 1}));
}

TEST(QuantizeLinear, Float8SaturateOrNot) {
  const HostTensor x = HostTensor::From<float>({4}, {1000, -1000, 0.3f, -0.0f});
  const HostTensor s = HostTensor::From<float>({}, {1});
  const HostTensor zp = Bytes(DType::kFloat8E4M3FN, {}, {0});
  auto sat = KernelRunner(Library(), "QuantizeLinear", 19).Run({x, s, zp});
  ASSERT_TRUE(sat.ok()) << sat.status().ToString();
  // 448 = 0x7E; 0.3 rounds to 0.3125 = 0x2A; -0 keeps its sign.
  EXPECT_EQ(BitsOf(sat.value()[0]), (std::vector<uint8_t>{0x7E, 0xFE, 0x2A, 0x80}));
  auto nan = KernelRunner(Library(), "QuantizeLinear", 19).Attr("saturate", int64_t{0}).Run({x, s, zp});
  ASSERT_TRUE(nan.ok()) << nan.status().ToString();
  EXPECT_EQ(BitsOf(nan.value()[0]), (std::vector<uint8_t>{0x7F, 0xFF, 0x2A, 0x80}));
  auto inf = KernelRunner(Library(), "QuantizeLinear", 19)
                 .Attr("saturate", int64_t{0})
                 .Run({HostTensor::From<float>({4}, {1e6f, -1e6f, 0.3f, -0.0f}), s,
                       Bytes(DType::kFloat8E5M2, {}, {0})});
  ASSERT_TRUE(inf.ok()) << inf.status().ToString();
  EXPECT_EQ(BitsOf(inf.value()[0]), (std::vector<uint8_t>{0x7C, 0xFC, 0x35, 0x80}));
}

TEST(QuantizeLinear, SubByteTypesKeepLowBits) {
  const HostTensor x = HostTensor::From<float>({4}, {-3, 9, -20, 1.4f});
  const HostTensor s = HostTensor::From<float>({}, {1});
  auto i4 = KernelRunner(Library(), "QuantizeLinear", 21).Attr("output_dtype", int64_t{22}).Run({x, s});
  ASSERT_TRUE(i4.ok()) << i4.status().ToString();
  EXPECT_EQ(i4.value()[0].dtype(), DType::kInt4);
  EXPECT_EQ(BitsOf(i4.value()[0]), (std::vector<uint8_t>{0xD, 0x7, 0x8, 0x1}));
  auto u2 = KernelRunner(Library(), "QuantizeLinear", 25)
                .Run({x, s, Bytes(DType::kUInt2, {}, {1})});
  ASSERT_TRUE(u2.ok()) << u2.status().ToString();
  EXPECT_EQ(BitsOf(u2.value()[0]), (std::vector<uint8_t>{0, 3, 0, 2}));
  // float4e2m1 adds the zero point (1.0 = 0x2) and saturates at 6 (0x7).
  auto f4 = KernelRunner(Library(), "QuantizeLinear", 23)
                .Run({x, s, Bytes(DType::kFloat4E2M1, {}, {0x2})});
  ASSERT_TRUE(f4.ok()) << f4.status().ToString();
  EXPECT_EQ(BitsOf(f4.value()[0]), (std::vector<uint8_t>{0xC, 0x7, 0xF, 0x4}));
}

TEST(QuantizeLinear, HalfInputAndPrecision) {
  // -3.5 rounds to even (-4) before the zero point is added.
  auto out = KernelRunner(Library(), "QuantizeLinear", 19)
                 .Run({HostTensor::From<Float16>({2}, {Float16(100.0f), Float16(-7.0f)}),
                       HostTensor::From<Float16>({}, {Float16(2.0f)}),
                       HostTensor::From<int8_t>({}, {1})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].values<int8_t>(), (std::vector<int8_t>{51, -3}));
}

TEST(QuantizeLinear, Errors) {
  const HostTensor x = HostTensor::From<float>({2, 3}, std::vector<float>(6));
  ExpectError(KernelRunner(Library(), "QuantizeLinear", 13)
                  .Run({x, HostTensor::From<float>({2}, {1, 1})}),
              StatusCode::kInvalidArgument, "per-axis quantization along axis 1 (expected [3], got [2])");
  ExpectError(KernelRunner(Library(), "QuantizeLinear", 21)
                  .Attr("block_size", int64_t{2})
                  .Run({x, HostTensor::From<float>({2, 3}, std::vector<float>(6, 1))}),
              StatusCode::kInvalidArgument, "(expected [2,2], got [2,3])");
  ExpectError(KernelRunner(Library(), "QuantizeLinear", 21)
                  .Attr("output_dtype", int64_t{3})
                  .Run({x, HostTensor::From<float>({}, {1}), HostTensor::From<uint8_t>({}, {0})}),
              StatusCode::kInvalidModel, "'output_dtype' (expected uint8");
  ExpectError(KernelRunner(Library(), "QuantizeLinear", 13).Attr("saturate", int64_t{0}).Run({x, HostTensor::From<float>({}, {1})}),
              StatusCode::kInvalidModel, "'saturate' is not defined before opset 19");
  ExpectError(KernelRunner(Library(), "QuantizeLinear", 19)
                  .Run({x, HostTensor::From<float>({}, {1}), HostTensor::From<int16_t>({}, {0})}),
              StatusCode::kUnsupported, "got int16");
  ExpectError(KernelRunner(Library(), "QuantizeLinear", 13)
                  .Run({x, HostTensor::From<float>({3}, {1, 1, 1}), HostTensor::From<uint8_t>({2}, {0, 0})}),
              StatusCode::kInvalidArgument, "shape (expected [3] like input 'input1', got [2])");
}

}  // namespace
}  // namespace onyx::kernels::ref
