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

HostTensor Bytes(DType dtype, Dims dims, const std::vector<uint8_t>& bits) {
  HostTensor t = HostTensor::Allocate(dtype, std::move(dims)).value();
  for (size_t i = 0; i < bits.size(); ++i) static_cast<uint8_t*>(t.data())[i] = bits[i];
  return t;
}

TEST(DequantizeLinear, RandomBlockedAndPerAxisMatchFormula) {
  std::mt19937 rng(9);
  for (int trial = 0; trial < 60; ++trial) {
    const Dims xd{1 + trial % 3, 1 + trial % 5, 2 + trial % 4};
    const int axis = trial % 3;
    const int64_t block = trial % 2 == 0 ? 0 : 1 + trial % 3;
    Dims sd = block == 0 ? Dims{xd[axis]} : xd;
    if (block > 0) sd[axis] = (xd[axis] + block - 1) / block;
    std::vector<uint8_t> x(NumElements(xd)), zp(NumElements(sd));
    for (uint8_t& v : x) v = static_cast<uint8_t>(rng());
    for (uint8_t& v : zp) v = static_cast<uint8_t>(rng());
    std::vector<float> s = testing::Random<float>(NumElements(sd), rng, 0.01, 2);
    KernelRunner r(Library(), "DequantizeLinear", 21);
    r.Attr("axis", int64_t{axis - 3});  // Negative axes count from the back.
    if (block > 0) r.Attr("block_size", block);
    auto out = r.Run({HostTensor::From<uint8_t>(xd, x), HostTensor::From<float>(sd, s),
                      HostTensor::From<uint8_t>(sd, zp)});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    std::vector<float> got = out.value()[0].values<float>();
    std::vector<int64_t> idx(3, 0);
    int64_t i = 0;
    do {
      std::vector<int64_t> si = idx;
      if (block == 0) si = {idx[axis]};
      else si[axis] /= block;
      int64_t flat = 0;
      for (size_t d = 0; d < si.size(); ++d) flat = flat * sd[d] + si[d];
      const float want = static_cast<float>((static_cast<double>(x[i]) - zp[flat]) * s[flat]);
      ASSERT_EQ(got[i], want) << "trial " << trial << " at " << i;
      ++i;
    } while (testing::Next(idx, xd));
  }
}

TEST(DequantizeLinear, NarrowTypes) {
  const HostTensor s = HostTensor::From<float>({}, {2});
  // float8e4m3fn: 0x38 = 1, 0xC0 = -2, 0x7F = NaN, 0x01 = 2^-9 (subnormal).
  auto f8 = KernelRunner(Library(), "DequantizeLinear", 19)
                .Run({Bytes(DType::kFloat8E4M3FN, {4}, {0x38, 0xC0, 0x7F, 0x01}), s});
  ASSERT_TRUE(f8.ok()) << f8.status().ToString();
  std::vector<float> v = f8.value()[0].values<float>();
  EXPECT_EQ(v[0], 2);
  EXPECT_EQ(v[1], -4);
  EXPECT_TRUE(std::isnan(v[2]));
  EXPECT_EQ(v[3], std::ldexp(1.0f, -8));
  // int4 held in the low bits: 0xD is -3; zero point 0x1 is 1.
  auto i4 = KernelRunner(Library(), "DequantizeLinear", 21)
                .Run({Bytes(DType::kInt4, {3}, {0xD, 0x7, 0x8}), s, Bytes(DType::kInt4, {}, {0x1})});
  ASSERT_TRUE(i4.ok()) << i4.status().ToString();
  EXPECT_EQ(i4.value()[0].values<float>(), (std::vector<float>{-8, 12, -18}));
  // float8e8m0 scale 0x80 = 2; float16 output.
  auto e8 = KernelRunner(Library(), "DequantizeLinear", 24)
                .Attr("output_dtype", int64_t{10})
                .Run({HostTensor::From<int8_t>({2}, {3, -5}), Bytes(DType::kFloat8E8M0, {}, {0x80})});
  ASSERT_TRUE(e8.ok()) << e8.status().ToString();
  EXPECT_EQ(e8.value()[0].dtype(), DType::kFloat16);
  std::vector<Float16> h = e8.value()[0].values<Float16>();
  EXPECT_EQ(static_cast<float>(h[0]), 6);
  EXPECT_EQ(static_cast<float>(h[1]), -10);
  // float4e2m1: 0x3 = 1.5, 0xF = -6.
  auto f4 = KernelRunner(Library(), "DequantizeLinear", 23)
                .Run({Bytes(DType::kFloat4E2M1, {2}, {0x3, 0xF}), s});
  ASSERT_TRUE(f4.ok()) << f4.status().ToString();
  EXPECT_EQ(f4.value()[0].values<float>(), (std::vector<float>{3, -12}));
}

TEST(DequantizeLinear, Int32WithoutZeroPointAndHalfScale) {
  auto out = KernelRunner(Library(), "DequantizeLinear", 19)
                 .Run({HostTensor::From<int32_t>({2}, {1000, -3}),
                       HostTensor::From<BFloat16>({}, {BFloat16(0.5f)})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dtype(), DType::kBFloat16);
  std::vector<BFloat16> y = out.value()[0].values<BFloat16>();
  EXPECT_EQ(static_cast<float>(y[0]), 500);
  EXPECT_EQ(static_cast<float>(y[1]), -1.5f);
}

TEST(DequantizeLinear, Errors) {
  const HostTensor x = HostTensor::From<uint8_t>({2, 3}, std::vector<uint8_t>(6));
  ExpectError(KernelRunner(Library(), "DequantizeLinear", 13)
                  .Run({x, HostTensor::From<float>({2}, {1, 1})}),
              StatusCode::kInvalidArgument, "(expected [3], got [2])");
  ExpectError(KernelRunner(Library(), "DequantizeLinear", 13)
                  .Run({x, HostTensor::From<float>({}, {1}), HostTensor::From<int8_t>({}, {0})}),
              StatusCode::kInvalidArgument, "dtype (expected uint8");
  ExpectError(KernelRunner(Library(), "DequantizeLinear", 13)
                  .Run({x, HostTensor::From<Float16>({}, {Float16(1.0f)})}),
              StatusCode::kUnsupported, "(expected one of float, got float16)");
  ExpectError(KernelRunner(Library(), "DequantizeLinear", 21)
                  .Attr("output_dtype", int64_t{1})
                  .Run({x, HostTensor::From<float>({}, {1})}),
              StatusCode::kInvalidModel, "'output_dtype' is not defined before opset 23");
  ExpectError(KernelRunner(Library(), "DequantizeLinear", 19)
                  .Constant(2)
                  .Run({Bytes(DType::kFloat8E4M3FN, {1}, {0}), HostTensor::From<float>({}, {1}),
                        Bytes(DType::kFloat8E4M3FN, {}, {0x38})}),
              StatusCode::kInvalidArgument, "must be zero for float8 x");
  ExpectError(KernelRunner(Library(), "DequantizeLinear", 24)
                  .Run({x, Bytes(DType::kFloat8E8M0, {}, {0x7F})}),
              StatusCode::kInvalidModel, "'output_dtype' is required");
}

}  // namespace
}  // namespace onyx::kernels::ref
