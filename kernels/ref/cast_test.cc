#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

using testing::ExpectError;

const float kNaN = std::numeric_limits<float>::quiet_NaN();
const float kInf = std::numeric_limits<float>::infinity();

// A tensor of a byte-sized dtype without a C++ type (float8, int4, ...).
HostTensor Bytes(DType dtype, std::vector<uint8_t> bytes) {
  HostTensor t = HostTensor::Allocate(dtype, {static_cast<int64_t>(bytes.size())}).value();
  if (!bytes.empty()) std::memcpy(t.data(), bytes.data(), bytes.size());
  return t;
}

Result<std::vector<HostTensor>> Cast(int opset, const HostTensor& x, DType to,
                                     int64_t saturate = -1) {
  KernelRunner runner(Library(), "Cast", opset);
  runner.Attr("to", static_cast<int64_t>(to));
  if (saturate >= 0) runner.Attr("saturate", saturate);
  return runner.Run({x});
}

std::vector<uint8_t> CastBytes(const HostTensor& x, DType to, int64_t saturate = -1) {
  auto out = Cast(28, x, to, saturate);
  EXPECT_TRUE(out.ok()) << out.status().ToString();
  if (!out.ok()) return {};
  EXPECT_EQ(out.value()[0].dtype(), to);
  return out.value()[0].values<uint8_t>();
}

// Inputs of the float8 goldens and what ml_dtypes (saturate=0) and
// onnx.numpy_helper.saturate_cast (saturate=1) make of them.
const std::vector<float> kF8Inputs = {
    0.48f, 0.25f, 1.05f, -3.5f, -8,  9,   1e6f, 1e-7f,          kNaN,          kInf,
    -kInf, -4,    0.01f, -0.0f, 300, 464, 470,  0.00146484375f, 0.00048828125f};

struct F8Golden {
  DType dtype;
  std::vector<uint8_t> no_saturate, saturate;
};

const F8Golden kF8Goldens[] = {
    {DType::kFloat8E4M3FN,
     {47, 40, 56, 198, 208, 81, 127, 0, 127, 127, 255, 200, 5, 128, 121, 126, 127, 1, 0},
     {47, 40, 56, 198, 208, 81, 126, 0, 127, 126, 254, 200, 5, 128, 121, 126, 126, 1, 0}},
    {DType::kFloat8E4M3FNUZ,
     {55, 48, 64, 206, 216, 89, 128, 0, 128, 128, 128, 208, 10, 0, 128, 128, 128, 2, 0},
     {55, 48, 64, 206, 216, 89, 127, 0, 128, 127, 255, 208, 10, 0, 127, 127, 127, 2, 0}},
    {DType::kFloat8E5M2,
     {56, 52, 60, 195, 200, 72, 124, 0, 126, 124, 252, 196, 33, 128, 93, 95, 95, 22, 16},
     {56, 52, 60, 195, 200, 72, 123, 0, 126, 123, 251, 196, 33, 128, 93, 95, 95, 22, 16}},
    {DType::kFloat8E5M2FNUZ,
     {60, 56, 64, 199, 204, 76, 128, 0, 128, 128, 128, 200, 37, 0, 97, 99, 99, 26, 20},
     {60, 56, 64, 199, 204, 76, 127, 0, 128, 127, 255, 200, 37, 0, 97, 99, 99, 26, 20}},
};

TEST(Cast, FloatToFloat8MatchesMlDtypesWithAndWithoutSaturate) {
  const HostTensor x = HostTensor::From<float>({19}, kF8Inputs);
  for (const F8Golden& g : kF8Goldens) {
    SCOPED_TRACE(DTypeName(g.dtype));
    EXPECT_EQ(CastBytes(x, g.dtype, 0), g.no_saturate);
    EXPECT_EQ(CastBytes(x, g.dtype, 1), g.saturate);
    EXPECT_EQ(CastBytes(x, g.dtype), g.saturate);  // saturate defaults to 1.
  }
}

TEST(Cast, Float4AndFloat6SaturateAndTurnNaNIntoZero) {
  const HostTensor x = HostTensor::From<float>({19}, kF8Inputs);
  EXPECT_EQ(CastBytes(x, DType::kFloat4E2M1, 0),
            (std::vector<uint8_t>{1, 0, 2, 14, 15, 7, 7, 0, 8, 7, 15, 14, 0, 8, 7, 7, 7, 0, 0}));
  EXPECT_EQ(
      CastBytes(x, DType::kFloat6E2M3),
      (std::vector<uint8_t>{4, 2, 8, 54, 63, 31, 31, 0, 32, 31, 63, 56, 0, 32, 31, 31, 31, 0, 0}));
  EXPECT_EQ(
      CastBytes(x, DType::kFloat6E3M2),
      (std::vector<uint8_t>{8, 4, 12, 51, 56, 24, 31, 0, 32, 31, 63, 52, 0, 32, 31, 31, 31, 0, 0}));
}

// Every code decodes and encodes back to itself (NaNs to the format's NaN),
// and the midpoint of two neighbours rounds to the one with an even code:
// an independent check of round-to-nearest-even over the whole format.
TEST(Cast, Float8CodesRoundTripAndMidpointsTieToEven) {
  const DType types[] = {DType::kFloat8E4M3FN,   DType::kFloat8E4M3FNUZ, DType::kFloat8E5M2,
                         DType::kFloat8E5M2FNUZ, DType::kFloat4E2M1,     DType::kFloat6E2M3,
                         DType::kFloat6E3M2};
  for (DType t : types) {
    SCOPED_TRACE(DTypeName(t));
    const int codes = PackedBits(t) == 4 ? 16 : PackedBits(t) == 6 ? 64 : 256;
    std::vector<uint8_t> all(codes);
    for (int c = 0; c < codes; ++c) all[c] = static_cast<uint8_t>(c);
    auto decoded = Cast(28, Bytes(t, all), DType::kFloat64);
    ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
    const std::vector<double> v = decoded.value()[0].values<double>();
    // Positive finite values in code order (codes below the sign bit rise).
    std::vector<double> pos;
    for (int c = 0; c < codes / 2; ++c) {
      if (std::isfinite(v[c])) pos.push_back(v[c]);
    }
    std::vector<double> probes(pos);
    for (size_t i = 0; i + 1 < pos.size(); ++i) probes.push_back((pos[i] + pos[i + 1]) / 2);
    std::vector<uint8_t> got =
        CastBytes(HostTensor::From<double>({static_cast<int64_t>(probes.size())}, probes), t, 0);
    ASSERT_EQ(got.size(), probes.size());
    for (size_t i = 0; i < pos.size(); ++i) EXPECT_EQ(got[i], i) << "value " << pos[i];
    for (size_t i = 0; i + 1 < pos.size(); ++i) {
      const size_t even = i % 2 == 0 ? i : i + 1;
      EXPECT_EQ(got[pos.size() + i], even) << "midpoint " << probes[pos.size() + i];
    }
  }
}

TEST(Cast, Float8DecodesSpecials) {
  auto e4m3 = Cast(19, Bytes(DType::kFloat8E4M3FN, {0x7E, 0xFF, 0x80, 0x01}), DType::kFloat32);
  ASSERT_TRUE(e4m3.ok()) << e4m3.status().ToString();
  std::vector<float> v = e4m3.value()[0].values<float>();
  EXPECT_EQ(v[0], 448.0f);
  EXPECT_TRUE(std::isnan(v[1]));
  EXPECT_TRUE(v[2] == 0 && std::signbit(v[2]));
  EXPECT_EQ(v[3], std::ldexp(1.0f, -9));
  auto fnuz = Cast(19, Bytes(DType::kFloat8E5M2FNUZ, {0x80, 0x7F}), DType::kFloat16);
  ASSERT_TRUE(fnuz.ok()) << fnuz.status().ToString();
  std::vector<Float16> h = fnuz.value()[0].values<Float16>();
  EXPECT_TRUE(std::isnan(static_cast<float>(h[0])));
  EXPECT_EQ(static_cast<float>(h[1]), 57344.0f);
  auto e5m2 = Cast(19, Bytes(DType::kFloat8E5M2, {0x7C, 0xFC}), DType::kFloat32);
  ASSERT_TRUE(e5m2.ok()) << e5m2.status().ToString();
  EXPECT_EQ(e5m2.value()[0].values<float>(), (std::vector<float>{kInf, -kInf}));
}

TEST(Cast, Float8E8M0FollowsOnnxRoundModes) {
  const std::vector<float> x = {0.0f, 0.124f, 0.25f,  0.5f,  1.1f, 2.0f, 3.0f,
                                1.5f, 0.75f,  1e-40f, 3e38f, kInf, kNaN, -2.0f};
  const HostTensor t = HostTensor::From<float>({14}, x);
  struct Case {
    const char* mode;
    int64_t saturate;
    std::vector<uint8_t> want;
  };
  const Case cases[] = {
      {"up", 1, {0, 124, 125, 126, 128, 128, 129, 128, 127, 1, 254, 255, 255, 128}},
      {"up", 0, {0, 124, 125, 126, 128, 128, 129, 128, 127, 1, 255, 255, 255, 128}},
      {"down", 1, {0, 123, 125, 126, 127, 128, 128, 127, 126, 0, 254, 255, 255, 128}},
      {"nearest", 1, {0, 124, 125, 126, 127, 128, 129, 128, 127, 0, 254, 255, 255, 128}},
      {"nearest", 0, {0, 124, 125, 126, 127, 128, 129, 128, 127, 0, 255, 255, 255, 128}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.mode);
    auto out = KernelRunner(Library(), "Cast", 24)
                   .Attr("to", static_cast<int64_t>(DType::kFloat8E8M0))
                   .Attr("saturate", c.saturate)
                   .Attr("round_mode", std::string(c.mode))
                   .Run({t});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    EXPECT_EQ(out.value()[0].values<uint8_t>(), c.want);
  }
  auto back = Cast(24, Bytes(DType::kFloat8E8M0, {127, 130, 0, 255}), DType::kFloat32);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  std::vector<float> v = back.value()[0].values<float>();
  EXPECT_EQ(v[0], 1.0f);
  EXPECT_EQ(v[1], 8.0f);
  EXPECT_EQ(v[2], std::ldexp(1.0f, -127));
  EXPECT_TRUE(std::isnan(v[3]));
}

TEST(Cast, SubByteIntegersWrapAndSignExtend) {
  std::vector<float> x;
  for (int i = -9; i < 16; ++i) x.push_back(static_cast<float>(i));
  x.push_back(7.6f);
  x.push_back(-2.5f);
  x.push_back(kNaN);
  const HostTensor t = HostTensor::From<float>({static_cast<int64_t>(x.size())}, x);
  // ml_dtypes: truncate toward zero, keep the low bits.
  std::vector<uint8_t> want4, want2;
  for (int i = -9; i < 16; ++i) {
    want4.push_back(static_cast<uint8_t>(i & 15));
    want2.push_back(static_cast<uint8_t>(i & 3));
  }
  want4.insert(want4.end(), {7, 14, 0});
  want2.insert(want2.end(), {3, 2, 0});
  EXPECT_EQ(CastBytes(t, DType::kInt4), want4);
  EXPECT_EQ(CastBytes(t, DType::kUInt4), want4);
  EXPECT_EQ(CastBytes(t, DType::kInt2), want2);
  EXPECT_EQ(CastBytes(t, DType::kUInt2), want2);
  // High bits of a stored element are ignored on read.
  auto i4 = Cast(21, Bytes(DType::kInt4, {0x0F, 0xF7, 0x08, 0x13}), DType::kInt8);
  ASSERT_TRUE(i4.ok()) << i4.status().ToString();
  EXPECT_EQ(i4.value()[0].values<int8_t>(), (std::vector<int8_t>{-1, 7, -8, 3}));
  auto u4 = Cast(21, Bytes(DType::kUInt4, {0x0F, 0xF7}), DType::kFloat32);
  ASSERT_TRUE(u4.ok()) << u4.status().ToString();
  EXPECT_EQ(u4.value()[0].values<float>(), (std::vector<float>{15, 7}));
  auto i2 = Cast(25, Bytes(DType::kInt2, {0x02, 0xFD}), DType::kInt64);
  ASSERT_TRUE(i2.ok()) << i2.status().ToString();
  EXPECT_EQ(i2.value()[0].values<int64_t>(), (std::vector<int64_t>{-2, 1}));
  auto from_int = Cast(21, HostTensor::From<int32_t>({3}, {200, -9, 16}), DType::kInt4);
  ASSERT_TRUE(from_int.ok()) << from_int.status().ToString();
  EXPECT_EQ(from_int.value()[0].values<uint8_t>(), (std::vector<uint8_t>{8, 7, 0}));
}

TEST(Cast, StandardTypesFollowTheSpecRules) {
  auto f2i =
      Cast(13, HostTensor::From<float>({6}, {2.9f, -2.9f, kNaN, 200, -1, 3e10f}), DType::kInt8);
  ASSERT_TRUE(f2i.ok()) << f2i.status().ToString();
  EXPECT_EQ(f2i.value()[0].values<int8_t>(), (std::vector<int8_t>{2, -2, 0, -56, -1, 0}));
  auto i2i = Cast(13, HostTensor::From<int16_t>({3}, {200, -129, 32767}), DType::kInt8);
  ASSERT_TRUE(i2i.ok()) << i2i.status().ToString();
  EXPECT_EQ(i2i.value()[0].values<int8_t>(), (std::vector<int8_t>{-56, 127, -1}));
  auto to_bool = Cast(13, HostTensor::From<float>({4}, {0.0f, -0.0f, kNaN, 0.5f}), DType::kBool);
  ASSERT_TRUE(to_bool.ok()) << to_bool.status().ToString();
  EXPECT_EQ(to_bool.value()[0].values<uint8_t>(), (std::vector<uint8_t>{0, 0, 1, 1}));
  auto from_bool = Cast(13, testing::BoolTensor({2}, {true, false}), DType::kFloat64);
  ASSERT_TRUE(from_bool.ok()) << from_bool.status().ToString();
  EXPECT_EQ(from_bool.value()[0].values<double>(), (std::vector<double>{1, 0}));
  // int64 -> float rounds once: through double, 2^60 + 2^36 + 1 would first
  // round to the tie 2^60 + 2^36 and then to even, 2^60.
  const int64_t big = (int64_t{1} << 60) + (int64_t{1} << 36) + 1;
  auto i2f = Cast(13, HostTensor::From<int64_t>({2}, {big, -big}), DType::kFloat32);
  ASSERT_TRUE(i2f.ok()) << i2f.status().ToString();
  EXPECT_EQ(i2f.value()[0].values<float>()[0], static_cast<float>(big));
  EXPECT_EQ(i2f.value()[0].values<float>()[0], std::ldexp(1.0f, 60) + std::ldexp(1.0f, 37));
  auto u2d = Cast(13, HostTensor::From<uint64_t>({1}, {~uint64_t{0}}), DType::kFloat64);
  ASSERT_TRUE(u2d.ok()) << u2d.status().ToString();
  EXPECT_EQ(u2d.value()[0].values<double>()[0], 18446744073709551616.0);
}

TEST(Cast, DoubleToHalfRoundsOnce) {
  // Just above the midpoint of two float16 values, but within float's
  // rounding of it: double -> float -> float16 would tie to even (down).
  const double x = 1.0 + std::ldexp(1.0, -11) + std::ldexp(1.0, -40);
  auto out = Cast(13, HostTensor::From<double>({2}, {x, 70000.0}), DType::kFloat16);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  std::vector<Float16> h = out.value()[0].values<Float16>();
  EXPECT_EQ(static_cast<float>(h[0]), 1.0f + std::ldexp(1.0f, -10));
  EXPECT_EQ(static_cast<float>(h[1]), kInf);
  auto bf =
      Cast(13, HostTensor::From<double>({1}, {1.0 + std::ldexp(1.0, -8) + std::ldexp(1.0, -40)}),
           DType::kBFloat16);
  ASSERT_TRUE(bf.ok()) << bf.status().ToString();
  EXPECT_EQ(static_cast<float>(bf.value()[0].values<BFloat16>()[0]), 1.0f + std::ldexp(1.0f, -7));
}

TEST(Cast, LongRandomTensorsCrossChunksAndRoundTrip) {
  std::mt19937 rng(5);
  std::vector<float> x = testing::Random<float>(1000, rng, -1e6, 1e6);
  auto wide = Cast(13, HostTensor::From<float>({10, 100}, x), DType::kFloat64);
  ASSERT_TRUE(wide.ok()) << wide.status().ToString();
  EXPECT_EQ(wide.value()[0].dims(), (Dims{10, 100}));
  auto back = Cast(13, wide.value()[0], DType::kFloat32);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back.value()[0].values<float>(), x);
  auto ints = Cast(13, HostTensor::From<float>({10, 100}, x), DType::kInt32);
  ASSERT_TRUE(ints.ok()) << ints.status().ToString();
  std::vector<int32_t> got = ints.value()[0].values<int32_t>();
  for (size_t i = 0; i < x.size(); ++i) ASSERT_EQ(got[i], static_cast<int32_t>(std::trunc(x[i])));
}

TEST(Cast, EmptyAndSameType) {
  auto empty = Cast(13, HostTensor::From<float>({0, 3}, {}), DType::kFloat16);
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_EQ(empty.value()[0].dims(), (Dims{0, 3}));
  auto same = Cast(13, HostTensor::From<int32_t>({2}, {7, -7}), DType::kInt32);
  ASSERT_TRUE(same.ok()) << same.status().ToString();
  EXPECT_EQ(same.value()[0].values<int32_t>(), (std::vector<int32_t>{7, -7}));
}

TEST(Cast, Opset1TakesATypeName) {
  auto out = KernelRunner(Library(), "Cast", 1)
                 .Attr("to", std::string("INT32"))
                 .Run({HostTensor::From<double>({2}, {1.5, -2.5})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].values<int32_t>(), (std::vector<int32_t>{1, -2}));
  ExpectError(KernelRunner(Library(), "Cast", 1)
                  .Attr("to", std::string("REAL"))
                  .Run({HostTensor::From<double>({1}, {1})}),
              StatusCode::kInvalidModel, "got 'REAL'");
}

TEST(Cast, RejectsBadAttributesAndTypes) {
  const HostTensor x = HostTensor::From<float>({1}, {1});
  ExpectError(KernelRunner(Library(), "Cast", 13).Run({x}), StatusCode::kInvalidModel,
              "attribute 'to' is required");
  ExpectError(Cast(13, x, static_cast<DType>(99)), StatusCode::kInvalidModel, "got 99");
  ExpectError(Cast(13, x, DType::kFloat8E4M3FN), StatusCode::kInvalidModel, "got float8e4m3fn");
  ExpectError(Cast(24, x, DType::kInt2), StatusCode::kInvalidModel, "at opset 24");
  ExpectError(Cast(13, x, DType::kFloat16, 1), StatusCode::kInvalidModel,
              "attribute 'saturate' is not defined before opset 19");
  ExpectError(KernelRunner(Library(), "Cast", 24)
                  .Attr("to", static_cast<int64_t>(DType::kFloat8E8M0))
                  .Attr("round_mode", std::string("sideways"))
                  .Run({x}),
              StatusCode::kInvalidModel, "got sideways");
  ExpectError(Cast(19, x, DType::kFloat8E5M2, 2), StatusCode::kInvalidModel,
              "expected 0 or 1, got 2");
  ExpectError(Cast(12, HostTensor::From<float>({1}, {1}), DType::kBFloat16),
              StatusCode::kInvalidModel, "got bfloat16");
}

// Truth: numpy's astype(str), which onnx's reference Cast uses.
TEST(Cast, NumbersToStringsAsNumpyPrintsThem) {
  auto to_strings = [](const HostTensor& x) {
    auto out = KernelRunner(Library(), "Cast", 19).Attr("to", int64_t{8}).Run({x});
    EXPECT_TRUE(out.ok()) << out.status().ToString();
    return out.ok() ? out.value()[0].strings() : std::vector<std::string>{};
  };
  EXPECT_EQ(to_strings(HostTensor::From<float>({10}, {100.0f, 0.25f, 1e-5f, 1.5e16f, -3.1415927f, INFINITY, -INFINITY,
                                                      NAN, 0.0f, 123456.7f})),
            (std::vector<std::string>{"100.0", "0.25", "1e-05", "1.5e+16", "-3.1415927", "inf", "-inf", "nan", "0.0",
                                      "123456.7"}));
  EXPECT_EQ(to_strings(HostTensor::From<float>({3}, {1e6f, 999999.9f, 1e-4f})),
            (std::vector<std::string>{"1e+06", "999999.9", "1e-04"}));
  EXPECT_EQ(to_strings(HostTensor::From<double>({5}, {0.1, 1e16, 1e-4, 2.5e-7, 1e15})),
            (std::vector<std::string>{"0.1", "1e+16", "0.0001", "2.5e-07", "1000000000000000.0"}));
  EXPECT_EQ(to_strings(HostTensor::From<Float16>({4}, {Float16(0.1f), Float16(65504.0f), Float16(1e-5f), Float16(999.0f)})),
            (std::vector<std::string>{"0.1", "6.55e+04", "1e-05", "999.0"}));
  EXPECT_EQ(to_strings(HostTensor::From<int64_t>({2}, {-7, 42})), (std::vector<std::string>{"-7", "42"}));
  EXPECT_EQ(to_strings(testing::BoolTensor({2}, {true, false})), (std::vector<std::string>{"True", "False"}));
}

TEST(Cast, StringsToNumbersReadTheSpecLiterals) {
  HostTensor x = HostTensor::FromStrings({7}, {"3.14", "1e-5", "1E8", "+INF", "-inf", "NaN", " 7 "});
  auto out = KernelRunner(Library(), "Cast", 19).Attr("to", int64_t{1}).Run({x});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  std::vector<float> got = out.value()[0].values<float>();
  EXPECT_EQ(got[0], 3.14f);
  EXPECT_EQ(got[1], 1e-5f);
  EXPECT_EQ(got[2], 1e8f);
  EXPECT_EQ(got[3], INFINITY);
  EXPECT_EQ(got[4], -INFINITY);
  EXPECT_TRUE(std::isnan(got[5]));
  EXPECT_EQ(got[6], 7.0f);
  HostTensor big = HostTensor::FromStrings({2}, {"9007199254740993", "-5"});
  auto ints = KernelRunner(Library(), "Cast", 19).Attr("to", int64_t{7}).Run({big});
  ASSERT_TRUE(ints.ok()) << ints.status().ToString();
  EXPECT_EQ(ints.value()[0].values<int64_t>(), (std::vector<int64_t>{9007199254740993, -5}));  // Exact, not via double.
  HostTensor bad = HostTensor::FromStrings({2}, {"1", "Hello"});
  testing::ExpectError(KernelRunner(Library(), "Cast", 19).Attr("to", int64_t{1}).Run({bad}).status(),
                       StatusCode::kInvalidArgument, "'Hello', which is not a number");
}

}  // namespace
}  // namespace onyx::kernels::ref
