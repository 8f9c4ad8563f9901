#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <random>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

TEST(Div, FloatGoldenAndIeeeSpecialCases) {
  const float inf = std::numeric_limits<float>::infinity();
  auto out = KernelRunner(Library(), "Div", 14)
                 .Run({HostTensor::From<float>({6}, {3, -7, 1, -1, 0, inf}),
                       HostTensor::From<float>({6}, {2, 2, 0, 0, 0, inf})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  std::vector<float> v = out.value()[0].values<float>();
  EXPECT_EQ(v[0], 1.5f);
  EXPECT_EQ(v[1], -3.5f);
  EXPECT_EQ(v[2], inf);
  EXPECT_EQ(v[3], -inf);
  EXPECT_TRUE(std::isnan(v[4]));
  EXPECT_TRUE(std::isnan(v[5]));
}

TEST(Div, IntegersTruncateTowardZero) {
  auto out = KernelRunner(Library(), "Div", 14)
                 .Run({HostTensor::From<int32_t>({4}, {7, -7, 7, -7}),
                       HostTensor::From<int32_t>({4}, {2, 2, -2, -2})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].values<int32_t>(), (std::vector<int32_t>{3, -3, -3, 3}));
}

TEST(Div, IntegerDivisionByZeroGivesZero) {
  // ONNX leaves this undefined; onyx defines 0 rather than dying of SIGFPE.
  auto i32 =
      KernelRunner(Library(), "Div", 14)
          .Run({HostTensor::From<int32_t>({3}, {5, -5, 0}), HostTensor::From<int32_t>({1}, {0})});
  ASSERT_TRUE(i32.ok()) << i32.status().ToString();
  EXPECT_EQ(i32.value()[0].values<int32_t>(), (std::vector<int32_t>{0, 0, 0}));
  auto u8 =
      KernelRunner(Library(), "Div", 14)
          .Run({HostTensor::From<uint8_t>({2}, {200, 9}), HostTensor::From<uint8_t>({2}, {0, 4})});
  ASSERT_TRUE(u8.ok()) << u8.status().ToString();
  EXPECT_EQ(u8.value()[0].values<uint8_t>(), (std::vector<uint8_t>{0, 2}));
}

TEST(Div, MinByMinusOneWrapsInsteadOfTrapping) {
  constexpr int64_t kMin64 = std::numeric_limits<int64_t>::min();
  auto i64 = KernelRunner(Library(), "Div", 14)
                 .Run({HostTensor::From<int64_t>({2}, {kMin64, 6}),
                       HostTensor::From<int64_t>({2}, {-1, -1})});
  ASSERT_TRUE(i64.ok()) << i64.status().ToString();
  EXPECT_EQ(i64.value()[0].values<int64_t>(), (std::vector<int64_t>{kMin64, -6}));
  constexpr int32_t kMin32 = std::numeric_limits<int32_t>::min();
  auto i32 =
      KernelRunner(Library(), "Div", 14)
          .Run({HostTensor::From<int32_t>({1}, {kMin32}), HostTensor::From<int32_t>({1}, {-1})});
  ASSERT_TRUE(i32.ok()) << i32.status().ToString();
  EXPECT_EQ(i32.value()[0].values<int32_t>(), (std::vector<int32_t>{kMin32}));
  auto i8 = KernelRunner(Library(), "Div", 14)
                .Run({HostTensor::From<int8_t>({1}, {-128}), HostTensor::From<int8_t>({1}, {-1})});
  ASSERT_TRUE(i8.ok()) << i8.status().ToString();
  EXPECT_EQ(i8.value()[0].values<int8_t>(), (std::vector<int8_t>{-128}));
}

TEST(Div, RandomBroadcastMatchesNaiveReference) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> value(0.5, 10);
  std::bernoulli_distribution negative(0.5);
  testing::CheckRandomBroadcast<double>(
      Library(), "Div", 14, rng, [&] { return negative(rng) ? -value(rng) : value(rng); },
      std::divides<double>(), " / ");
}

TEST(Div, EveryNumericDtypeAtOpset14) {
  auto check = [](auto tag) {
    using T = decltype(tag);
    auto out =
        KernelRunner(Library(), "Div", 14)
            .Run({HostTensor::From<T>({2}, {T(9), T(100)}), HostTensor::From<T>({1}, {T(4)})});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    std::vector<T> expected = {T(T(9) / T(4)), T(T(100) / T(4))};
    EXPECT_EQ(out.value()[0].template values<T>(), expected);
  };
  check(float{}), check(double{}), check(int8_t{}), check(int16_t{}), check(int32_t{});
  check(int64_t{}), check(uint8_t{}), check(uint16_t{}), check(uint32_t{}), check(uint64_t{});
}

TEST(Div, SmallIntegersNeedOpset14) {
  testing::ExpectError(
      KernelRunner(Library(), "Div", 13)
          .Run({HostTensor::From<int16_t>({1}, {1}), HostTensor::From<int16_t>({1}, {1})}),
      StatusCode::kNotFound, "no kernel for Div opset 13 dtype int16");
}

TEST(Div, ScalarByScalarAndErrors) {
  auto out = KernelRunner(Library(), "Div", 14)
                 .Run({HostTensor::From<float>({}, {1}), HostTensor::From<float>({}, {4})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dims(), (Dims{}));
  EXPECT_EQ(out.value()[0].values<float>(), (std::vector<float>{0.25f}));
  testing::ExpectError(
      KernelRunner(Library(), "Div", 14)
          .Run({HostTensor::From<float>({3}, {1, 2, 3}), HostTensor::From<float>({2}, {1, 2})}),
      StatusCode::kInvalidArgument, "cannot be broadcast");
}

TEST(Div, Opsets1And6BroadcastBOntoAOnlyWhenAsked) {
  const HostTensor a = HostTensor::From<float>({2, 3}, {1, 2, 3, 4, 5, 6});
  for (int opset : {1, 6}) {
    auto suffix = KernelRunner(Library(), "Div", opset)
                      .Attr("broadcast", int64_t{1})
                      .Run({a, HostTensor::From<float>({3}, {4, 5, 6})});
    ASSERT_TRUE(suffix.ok()) << suffix.status().ToString();
    EXPECT_EQ(suffix.value()[0].dims(), (Dims{2, 3}));
    EXPECT_EQ(suffix.value()[0].values<float>(), (std::vector<float>{0.25, 0.4, 0.5, 1, 1, 1}));
    auto axis0 = KernelRunner(Library(), "Div", opset)
                     .Attr("broadcast", int64_t{1})
                     .Attr("axis", int64_t{0})
                     .Run({a, HostTensor::From<float>({2}, {2, 4})});
    ASSERT_TRUE(axis0.ok()) << axis0.status().ToString();
    EXPECT_EQ(axis0.value()[0].values<float>(), (std::vector<float>{0.5, 1, 1.5, 1, 1.25, 1.5}));
    testing::ExpectError(
        KernelRunner(Library(), "Div", opset).Run({a, HostTensor::From<float>({3}, {4, 5, 6})}),
        StatusCode::kInvalidArgument, "without broadcast=1 (expected [2,3], got [3])");
    testing::ExpectError(KernelRunner(Library(), "Div", opset)
                             .Attr("broadcast", int64_t{1})
                             .Attr("axis", int64_t{2})
                             .Run({a, HostTensor::From<float>({2}, {2, 4})}),
                         StatusCode::kInvalidArgument, "(expected [0, 1], got 2)");
  }
  testing::ExpectError(KernelRunner(Library(), "Div", 7)
                           .Attr("broadcast", int64_t{1})
                           .Run({a, HostTensor::From<float>({3}, {4, 5, 6})}),
                       StatusCode::kInvalidModel, "attribute 'broadcast' was removed in opset 7");
  testing::ExpectError(
      KernelRunner(Library(), "Div", 1)
          .Run({HostTensor::From<int32_t>({1}, {1}), HostTensor::From<int32_t>({1}, {1})}),
      StatusCode::kNotFound, "no kernel for Div opset 1 dtype int32");
}

TEST(Div, HalfTypesComputeInFloatAndRound) {
  const std::vector<float> a = {1, 2, 3, 4, 5, 6}, b = {4, 5, 6};
  std::vector<Float16> ha, hb;
  std::vector<BFloat16> ba, bb;
  for (float v : a) ha.push_back(Float16(v)), ba.push_back(BFloat16(v));
  for (float v : b) hb.push_back(Float16(v)), bb.push_back(BFloat16(v));
  auto h = KernelRunner(Library(), "Div", 7)
               .Run({HostTensor::From<Float16>({2, 3}, ha), HostTensor::From<Float16>({3}, hb)});
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  auto bf = KernelRunner(Library(), "Div", 13)
                .Run({HostTensor::From<BFloat16>({2, 3}, ba), HostTensor::From<BFloat16>({3}, bb)});
  ASSERT_TRUE(bf.ok()) << bf.status().ToString();
  const std::vector<Float16> hv = h.value()[0].values<Float16>();
  const std::vector<BFloat16> bv = bf.value()[0].values<BFloat16>();
  for (int i = 0; i < 6; ++i) {
    const float want = a[i] / b[i % 3];
    EXPECT_EQ(float(hv[i]), float(Float16(want))) << i;
    EXPECT_EQ(float(bv[i]), float(BFloat16(want))) << i;
  }
  testing::ExpectError(
      KernelRunner(Library(), "Div", 12)
          .Run({HostTensor::From<BFloat16>({1}, {BFloat16(1.0f)}),
                HostTensor::From<BFloat16>({1}, {BFloat16(1.0f)})}),
      StatusCode::kNotFound, "no kernel for Div opset 12 dtype bfloat16");
}

}  // namespace
}  // namespace onyx::kernels::ref
