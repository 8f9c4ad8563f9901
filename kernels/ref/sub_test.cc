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

TEST(Sub, SameShapeGolden) {
  auto out =
      KernelRunner(Library(), "Sub", 14)
          .Run({HostTensor::From<float>({3}, {1, 2, 3}), HostTensor::From<float>({3}, {3, 2, 1})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].values<float>(), (std::vector<float>{-2, 0, 2}));
}

TEST(Sub, RandomBroadcastMatchesNaiveReference) {
  std::mt19937 rng(1234);
  std::uniform_real_distribution<float> value(-10, 10);
  testing::CheckRandomBroadcast<float>(
      Library(), "Sub", 14, rng, [&] { return value(rng); }, std::minus<float>(), " - ");
}

TEST(Sub, IntegersWrapInsteadOfOverflowing) {
  auto i8 =
      KernelRunner(Library(), "Sub", 14)
          .Run({HostTensor::From<int8_t>({2}, {-128, 5}), HostTensor::From<int8_t>({2}, {1, 7})});
  ASSERT_TRUE(i8.ok()) << i8.status().ToString();
  EXPECT_EQ(i8.value()[0].values<int8_t>(), (std::vector<int8_t>{127, -2}));

  auto u8 = KernelRunner(Library(), "Sub", 14)
                .Run({HostTensor::From<uint8_t>({1}, {0}), HostTensor::From<uint8_t>({1}, {1})});
  ASSERT_TRUE(u8.ok()) << u8.status().ToString();
  EXPECT_EQ(u8.value()[0].values<uint8_t>(), (std::vector<uint8_t>{255}));

  constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
  auto i64 =
      KernelRunner(Library(), "Sub", 14)
          .Run({HostTensor::From<int64_t>({1}, {kMin}), HostTensor::From<int64_t>({1}, {1})});
  ASSERT_TRUE(i64.ok()) << i64.status().ToString();
  EXPECT_EQ(i64.value()[0].values<int64_t>(),
            (std::vector<int64_t>{std::numeric_limits<int64_t>::max()}));
}

TEST(Sub, EveryNumericDtypeAtOpset14) {
  auto check = [](auto tag) {
    using T = decltype(tag);
    auto out = KernelRunner(Library(), "Sub", 14)
                   .Run({HostTensor::From<T>({2}, {T(9), T(5)}), HostTensor::From<T>({1}, {T(2)})});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    EXPECT_EQ(out.value()[0].template values<T>(), (std::vector<T>{T(7), T(3)}));
  };
  check(float{}), check(double{}), check(int8_t{}), check(int16_t{}), check(int32_t{});
  check(int64_t{}), check(uint8_t{}), check(uint16_t{}), check(uint32_t{}), check(uint64_t{});
}

TEST(Sub, SmallIntegersNeedOpset14) {
  // Sub-7 and Sub-13 list only 32- and 64-bit integers.
  auto out = KernelRunner(Library(), "Sub", 13)
                 .Run({HostTensor::From<int8_t>({1}, {1}), HostTensor::From<int8_t>({1}, {1})});
  testing::ExpectError(out, StatusCode::kNotFound, "no kernel for Sub opset 13 dtype int8");
  auto ok = KernelRunner(Library(), "Sub", 7)
                .Run({HostTensor::From<int32_t>({1}, {1}), HostTensor::From<int32_t>({1}, {1})});
  EXPECT_TRUE(ok.ok()) << ok.status().ToString();
}

TEST(Sub, Opsets1And6BroadcastBOntoAOnlyWhenAsked) {
  const HostTensor a = HostTensor::From<float>({2, 3}, {1, 2, 3, 4, 5, 6});
  for (int opset : {1, 6}) {
    auto suffix = KernelRunner(Library(), "Sub", opset)
                      .Attr("broadcast", int64_t{1})
                      .Run({a, HostTensor::From<float>({3}, {4, 5, 6})});
    ASSERT_TRUE(suffix.ok()) << suffix.status().ToString();
    EXPECT_EQ(suffix.value()[0].dims(), (Dims{2, 3}));
    EXPECT_EQ(suffix.value()[0].values<float>(), (std::vector<float>{-3, -3, -3, 0, 0, 0}));
    auto axis0 = KernelRunner(Library(), "Sub", opset)
                     .Attr("broadcast", int64_t{1})
                     .Attr("axis", int64_t{0})
                     .Run({a, HostTensor::From<float>({2}, {2, 4})});
    ASSERT_TRUE(axis0.ok()) << axis0.status().ToString();
    EXPECT_EQ(axis0.value()[0].values<float>(), (std::vector<float>{-1, 0, 1, 0, 1, 2}));
    testing::ExpectError(
        KernelRunner(Library(), "Sub", opset).Run({a, HostTensor::From<float>({3}, {4, 5, 6})}),
        StatusCode::kInvalidArgument, "without broadcast=1 (expected [2,3], got [3])");
    testing::ExpectError(KernelRunner(Library(), "Sub", opset)
                             .Attr("broadcast", int64_t{1})
                             .Attr("axis", int64_t{2})
                             .Run({a, HostTensor::From<float>({2}, {2, 4})}),
                         StatusCode::kInvalidArgument, "(expected [0, 1], got 2)");
  }
  testing::ExpectError(KernelRunner(Library(), "Sub", 7)
                           .Attr("broadcast", int64_t{1})
                           .Run({a, HostTensor::From<float>({3}, {4, 5, 6})}),
                       StatusCode::kInvalidModel, "attribute 'broadcast' was removed in opset 7");
  testing::ExpectError(
      KernelRunner(Library(), "Sub", 1)
          .Run({HostTensor::From<int32_t>({1}, {1}), HostTensor::From<int32_t>({1}, {1})}),
      StatusCode::kNotFound, "no kernel for Sub opset 1 dtype int32");
}

TEST(Sub, HalfTypesComputeInFloatAndRound) {
  const std::vector<float> a = {1, 2, 3, 4, 5, 6}, b = {4, 5, 6};
  std::vector<Float16> ha, hb;
  std::vector<BFloat16> ba, bb;
  for (float v : a) ha.push_back(Float16(v)), ba.push_back(BFloat16(v));
  for (float v : b) hb.push_back(Float16(v)), bb.push_back(BFloat16(v));
  auto h = KernelRunner(Library(), "Sub", 7)
               .Run({HostTensor::From<Float16>({2, 3}, ha), HostTensor::From<Float16>({3}, hb)});
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  auto bf = KernelRunner(Library(), "Sub", 13)
                .Run({HostTensor::From<BFloat16>({2, 3}, ba), HostTensor::From<BFloat16>({3}, bb)});
  ASSERT_TRUE(bf.ok()) << bf.status().ToString();
  const std::vector<Float16> hv = h.value()[0].values<Float16>();
  const std::vector<BFloat16> bv = bf.value()[0].values<BFloat16>();
  for (int i = 0; i < 6; ++i) {
    const float want = a[i] - b[i % 3];
    EXPECT_EQ(float(hv[i]), float(Float16(want))) << i;
    EXPECT_EQ(float(bv[i]), float(BFloat16(want))) << i;
  }
  testing::ExpectError(
      KernelRunner(Library(), "Sub", 12)
          .Run({HostTensor::From<BFloat16>({1}, {BFloat16(1.0f)}),
                HostTensor::From<BFloat16>({1}, {BFloat16(1.0f)})}),
      StatusCode::kNotFound, "no kernel for Sub opset 12 dtype bfloat16");
}

TEST(Sub, ScalarAndEmptyAndNonFinite) {
  auto scalar =
      KernelRunner(Library(), "Sub", 14)
          .Run({HostTensor::From<float>({}, {10}), HostTensor::From<float>({3}, {1, 2, 3})});
  ASSERT_TRUE(scalar.ok()) << scalar.status().ToString();
  EXPECT_EQ(scalar.value()[0].dims(), (Dims{3}));
  EXPECT_EQ(scalar.value()[0].values<float>(), (std::vector<float>{9, 8, 7}));

  auto empty =
      KernelRunner(Library(), "Sub", 14)
          .Run({HostTensor::From<float>({0, 3}, {}), HostTensor::From<float>({3}, {1, 2, 3})});
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_EQ(empty.value()[0].dims(), (Dims{0, 3}));

  const float inf = std::numeric_limits<float>::infinity();
  auto nonfinite = KernelRunner(Library(), "Sub", 14)
                       .Run({HostTensor::From<float>({3}, {inf, NAN, inf}),
                             HostTensor::From<float>({3}, {inf, 1, -inf})});
  ASSERT_TRUE(nonfinite.ok()) << nonfinite.status().ToString();
  std::vector<float> v = nonfinite.value()[0].values<float>();
  EXPECT_TRUE(std::isnan(v[0]));
  EXPECT_TRUE(std::isnan(v[1]));
  EXPECT_EQ(v[2], inf);
}

TEST(Sub, RejectsBadShapesAndDtypes) {
  testing::ExpectError(
      KernelRunner(Library(), "Sub", 14)
          .Run({HostTensor::From<float>({2}, {1, 2}), HostTensor::From<float>({3}, {1, 2, 3})}),
      StatusCode::kInvalidArgument, "[2] and [3]");
  testing::ExpectError(
      KernelRunner(Library(), "Sub", 14)
          .Run({HostTensor::From<float>({1}, {1}), HostTensor::From<int32_t>({1}, {1})}),
      StatusCode::kInvalidArgument, "different dtypes");
  testing::ExpectError(KernelRunner(Library(), "Sub", 14).Run({HostTensor::From<float>({1}, {1})}),
                       StatusCode::kInvalidModel, "expected 2 inputs, got 1");
}

}  // namespace
}  // namespace onyx::kernels::ref
