#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "kernels/ref/internal/binary_test_util.h"

namespace onyx::kernels::ref {
namespace {

TEST(Pow, FloatsMatchStdPow) {
  testing::CheckBinaryRandom<float, float, float>("Pow", 15, 1, testing::RealsIn<float>(0, 4),
                                                  testing::RealsIn<float>(-3, 3),
                                                  [](float a, float b) { return std::pow(a, b); });
  testing::CheckBinaryRandom<double, double, double>(
      "Pow", 7, 2, testing::RealsIn<double>(0, 4), testing::RealsIn<double>(-3, 3),
      [](double a, double b) { return std::pow(a, b); });
  testing::CheckBinaryRandom<Float16, Float16, Float16>(
      "Pow", 15, 3, testing::RealsIn<Float16>(0, 4), testing::RealsIn<Float16>(-2, 2),
      [](Float16 a, Float16 b) { return Float16(std::pow(float(a), float(b))); });
}

TEST(Pow, MixedTypesKeepTheBaseType) {
  // np.power(x, y).astype(x.dtype): integer bases truncate float results.
  testing::CheckBinaryRandom<int64_t, float, int64_t>(
      "Pow", 15, 4, testing::IntsIn<int64_t>(-5, 5), testing::RealsIn<float>(0, 3),
      [](int64_t a, float b) {
        const double r = std::pow(static_cast<double>(a), static_cast<double>(b));
        return std::isnan(r) ? int64_t{0} : static_cast<int64_t>(r);
      });
  testing::CheckBinaryRandom<float, int32_t, float>(
      "Pow", 12, 5, testing::RealsIn<float>(-3, 3), testing::IntsIn<int32_t>(-4, 4),
      [](float a, int32_t b) { return static_cast<float>(std::pow(double(a), double(b))); });
  testing::CheckBinaryRandom<float, uint64_t, float>(
      "Pow", 15, 6, testing::RealsIn<float>(-3, 3), testing::IntsIn<uint64_t>(0, 6),
      [](float a, uint64_t b) { return static_cast<float>(std::pow(double(a), double(b))); });
}

TEST(Pow, IntegersMultiplyExactlyAndWrap) {
  auto out = KernelRunner(Library(), "Pow", 15)
                 .Run({HostTensor::From<int64_t>({6}, {3, -2, 2, -1, 5, 2}),
                       HostTensor::From<int64_t>({6}, {39, 5, -1, -3, 0, 64})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].values<int64_t>(),
            (std::vector<int64_t>{4052555153018976267, -32, 0, -1, 1, 0}));
  auto i32 =
      KernelRunner(Library(), "Pow", 15)
          .Run({HostTensor::From<int32_t>({2}, {3, 1}), HostTensor::From<int8_t>({2}, {21, -7})});
  ASSERT_TRUE(i32.ok()) << i32.status().ToString();
  // 3^21 = 10460353203 wraps to 10460353203 - 2^33.
  EXPECT_EQ(i32.value()[0].values<int32_t>(), (std::vector<int32_t>{1870418611, 1}));
}

TEST(Pow, Opset1BroadcastAndTypeRules) {
  auto out =
      KernelRunner(Library(), "Pow", 1)
          .Attr("broadcast", int64_t{1})
          .Run({HostTensor::From<float>({2, 2}, {1, 2, 3, 4}), HostTensor::From<float>({}, {2})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].values<float>(), (std::vector<float>{1, 4, 9, 16}));
  testing::ExpectError(
      KernelRunner(Library(), "Pow", 7)
          .Run({HostTensor::From<float>({1}, {2}), HostTensor::From<int64_t>({1}, {2})}),
      StatusCode::kInvalidArgument, "different dtypes");
  testing::ExpectError(
      KernelRunner(Library(), "Pow", 15)
          .Run({HostTensor::From<int8_t>({1}, {2}), HostTensor::From<int8_t>({1}, {2})}),
      StatusCode::kNotFound, "no kernel for Pow opset 15 dtype int8");
  testing::ExpectError(
      KernelRunner(Library(), "Pow", 12)
          .Run({HostTensor::From<float>({1}, {2}), testing::Tensor<BFloat16>({1}, {2})}),
      StatusCode::kUnsupported, "got bfloat16");
}

}  // namespace
}  // namespace onyx::kernels::ref
