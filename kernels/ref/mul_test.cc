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

TEST(Mul, SameShapeGolden) {
  auto out = KernelRunner(Library(), "Mul", 14)
                 .Run({HostTensor::From<float>({3}, {1, -2, 3}),
                       HostTensor::From<float>({3}, {4, 5, 0.5f})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].values<float>(), (std::vector<float>{4, -10, 1.5f}));
}

TEST(Mul, RandomBroadcastMatchesNaiveReference) {
  std::mt19937 rng(99);
  std::uniform_int_distribution<int32_t> value(-1000, 1000);
  testing::CheckRandomBroadcast<int32_t>(
      Library(), "Mul", 14, rng, [&] { return value(rng); }, std::multiplies<int32_t>(), " * ");
}

TEST(Mul, IntegersWrapInsteadOfOverflowing) {
  // 65535 * 65535 promotes to int and overflows it unless computed unsigned.
  auto u16 = KernelRunner(Library(), "Mul", 14)
                 .Run({HostTensor::From<uint16_t>({1}, {65535}),
                       HostTensor::From<uint16_t>({1}, {65535})});
  ASSERT_TRUE(u16.ok()) << u16.status().ToString();
  EXPECT_EQ(u16.value()[0].values<uint16_t>(), (std::vector<uint16_t>{1}));

  auto i32 = KernelRunner(Library(), "Mul", 14)
                 .Run({HostTensor::From<int32_t>({2}, {65536, -3}),
                       HostTensor::From<int32_t>({2}, {65536, 7})});
  ASSERT_TRUE(i32.ok()) << i32.status().ToString();
  EXPECT_EQ(i32.value()[0].values<int32_t>(), (std::vector<int32_t>{0, -21}));

  auto i8 = KernelRunner(Library(), "Mul", 14)
                .Run({HostTensor::From<int8_t>({1}, {-128}), HostTensor::From<int8_t>({1}, {-1})});
  ASSERT_TRUE(i8.ok()) << i8.status().ToString();
  EXPECT_EQ(i8.value()[0].values<int8_t>(), (std::vector<int8_t>{-128}));
}

TEST(Mul, EveryNumericDtypeAtOpset14) {
  auto check = [](auto tag) {
    using T = decltype(tag);
    auto out = KernelRunner(Library(), "Mul", 14)
                   .Run({HostTensor::From<T>({2}, {T(3), T(5)}), HostTensor::From<T>({}, {T(2)})});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    EXPECT_EQ(out.value()[0].template values<T>(), (std::vector<T>{T(6), T(10)}));
  };
  check(float{}), check(double{}), check(int8_t{}), check(int16_t{}), check(int32_t{});
  check(int64_t{}), check(uint8_t{}), check(uint16_t{}), check(uint32_t{}), check(uint64_t{});
}

TEST(Mul, SmallIntegersNeedOpset14) {
  testing::ExpectError(
      KernelRunner(Library(), "Mul", 13)
          .Run({HostTensor::From<uint16_t>({1}, {1}), HostTensor::From<uint16_t>({1}, {1})}),
      StatusCode::kNotFound, "no kernel for Mul opset 13 dtype uint16");
  auto ok = KernelRunner(Library(), "Mul", 7)
                .Run({HostTensor::From<uint64_t>({1}, {3}), HostTensor::From<uint64_t>({1}, {3})});
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok.value()[0].values<uint64_t>(), (std::vector<uint64_t>{9}));
}

TEST(Mul, NonFiniteAndEmpty) {
  const double inf = std::numeric_limits<double>::infinity();
  auto out = KernelRunner(Library(), "Mul", 14)
                 .Run({HostTensor::From<double>({3}, {inf, NAN, -inf}),
                       HostTensor::From<double>({3}, {0, 1, 2})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  std::vector<double> v = out.value()[0].values<double>();
  EXPECT_TRUE(std::isnan(v[0]));  // inf * 0
  EXPECT_TRUE(std::isnan(v[1]));
  EXPECT_EQ(v[2], -inf);

  auto empty =
      KernelRunner(Library(), "Mul", 14)
          .Run({HostTensor::From<float>({2, 0}, {}), HostTensor::From<float>({1, 1}, {2})});
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_EQ(empty.value()[0].dims(), (Dims{2, 0}));
}

TEST(Mul, RejectsBadShapesAndDtypes) {
  testing::ExpectError(KernelRunner(Library(), "Mul", 14)
                           .Run({HostTensor::From<float>({2, 3}, std::vector<float>(6)),
                                 HostTensor::From<float>({2, 2}, std::vector<float>(4))}),
                       StatusCode::kInvalidArgument, "[2,3] and [2,2]");
  testing::ExpectError(
      KernelRunner(Library(), "Mul", 14)
          .Run({HostTensor::From<int64_t>({1}, {1}), HostTensor::From<int32_t>({1}, {1})}),
      StatusCode::kInvalidArgument, "different dtypes");
}

TEST(Mul, Opsets1And6BroadcastBOntoAOnlyWhenAsked) {
  const HostTensor a = HostTensor::From<float>({2, 3}, {1, 2, 3, 4, 5, 6});
  for (int opset : {1, 6}) {
    auto suffix = KernelRunner(Library(), "Mul", opset)
                      .Attr("broadcast", int64_t{1})
                      .Run({a, HostTensor::From<float>({3}, {4, 5, 6})});
    ASSERT_TRUE(suffix.ok()) << suffix.status().ToString();
    EXPECT_EQ(suffix.value()[0].dims(), (Dims{2, 3}));
    EXPECT_EQ(suffix.value()[0].values<float>(), (std::vector<float>{4, 10, 18, 16, 25, 36}));
    auto axis0 = KernelRunner(Library(), "Mul", opset)
                     .Attr("broadcast", int64_t{1})
                     .Attr("axis", int64_t{0})
                     .Run({a, HostTensor::From<float>({2}, {2, 4})});
    ASSERT_TRUE(axis0.ok()) << axis0.status().ToString();
    EXPECT_EQ(axis0.value()[0].values<float>(), (std::vector<float>{2, 4, 6, 16, 20, 24}));
    testing::ExpectError(
        KernelRunner(Library(), "Mul", opset).Run({a, HostTensor::From<float>({3}, {4, 5, 6})}),
        StatusCode::kInvalidArgument, "without broadcast=1 (expected [2,3], got [3])");
    testing::ExpectError(KernelRunner(Library(), "Mul", opset)
                             .Attr("broadcast", int64_t{1})
                             .Attr("axis", int64_t{2})
                             .Run({a, HostTensor::From<float>({2}, {2, 4})}),
                         StatusCode::kInvalidArgument, "(expected [0, 1], got 2)");
  }
  testing::ExpectError(KernelRunner(Library(), "Mul", 7)
                           .Attr("broadcast", int64_t{1})
                           .Run({a, HostTensor::From<float>({3}, {4, 5, 6})}),
                       StatusCode::kInvalidModel, "attribute 'broadcast' was removed in opset 7");
  testing::ExpectError(
      KernelRunner(Library(), "Mul", 1)
          .Run({HostTensor::From<int32_t>({1}, {1}), HostTensor::From<int32_t>({1}, {1})}),
      StatusCode::kNotFound, "no kernel for Mul opset 1 dtype int32");
}

TEST(Mul, HalfTypesComputeInFloatAndRound) {
  const std::vector<float> a = {1, 2, 3, 4, 5, 6}, b = {4, 5, 6};
  std::vector<Float16> ha, hb;
  std::vector<BFloat16> ba, bb;
  for (float v : a) ha.push_back(Float16(v)), ba.push_back(BFloat16(v));
  for (float v : b) hb.push_back(Float16(v)), bb.push_back(BFloat16(v));
  auto h = KernelRunner(Library(), "Mul", 7)
               .Run({HostTensor::From<Float16>({2, 3}, ha), HostTensor::From<Float16>({3}, hb)});
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  auto bf = KernelRunner(Library(), "Mul", 13)
                .Run({HostTensor::From<BFloat16>({2, 3}, ba), HostTensor::From<BFloat16>({3}, bb)});
  ASSERT_TRUE(bf.ok()) << bf.status().ToString();
  const std::vector<Float16> hv = h.value()[0].values<Float16>();
  const std::vector<BFloat16> bv = bf.value()[0].values<BFloat16>();
  for (int i = 0; i < 6; ++i) {
    const float want = a[i] * b[i % 3];
    EXPECT_EQ(float(hv[i]), float(Float16(want))) << i;
    EXPECT_EQ(float(bv[i]), float(BFloat16(want))) << i;
  }
  testing::ExpectError(
      KernelRunner(Library(), "Mul", 12)
          .Run({HostTensor::From<BFloat16>({1}, {BFloat16(1.0f)}),
                HostTensor::From<BFloat16>({1}, {BFloat16(1.0f)})}),
      StatusCode::kNotFound, "no kernel for Mul opset 12 dtype bfloat16");
}

}  // namespace
}  // namespace onyx::kernels::ref
