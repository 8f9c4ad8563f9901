#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

using testing::ExpectError;

// Runs BitwiseNot on random values of T and expects each bit flipped, i.e.
// x + ~x == all ones.
template <typename T>
void CheckRandom(uint32_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<T> x(24);
  for (T& v : x) v = static_cast<T>(rng());
  auto out = KernelRunner(Library(), "BitwiseNot", 18).Run({HostTensor::From<T>({2, 3, 4}, x)});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dims(), (Dims{2, 3, 4}));
  std::vector<T> got = out.value()[0].template values<T>();
  using U = std::make_unsigned_t<T>;
  for (size_t i = 0; i < x.size(); ++i) {
    EXPECT_EQ(static_cast<U>(static_cast<U>(x[i]) + static_cast<U>(got[i])), static_cast<U>(-1))
        << "at " << i;
  }
}

TEST(BitwiseNot, EveryIntegerType) {
  CheckRandom<int8_t>(1);
  CheckRandom<int16_t>(2);
  CheckRandom<int32_t>(3);
  CheckRandom<int64_t>(4);
  CheckRandom<uint8_t>(5);
  CheckRandom<uint16_t>(6);
  CheckRandom<uint32_t>(7);
  CheckRandom<uint64_t>(8);
}

TEST(BitwiseNot, Goldens) {
  auto i32 = KernelRunner(Library(), "BitwiseNot", 18)
                 .Run({HostTensor::From<int32_t>({4}, {0, -1, 5, -6})});
  ASSERT_TRUE(i32.ok()) << i32.status().ToString();
  EXPECT_EQ(i32.value()[0].values<int32_t>(), (std::vector<int32_t>{-1, 0, -6, 5}));
  auto u8 =
      KernelRunner(Library(), "BitwiseNot", 18).Run({HostTensor::From<uint8_t>({2}, {0, 15})});
  ASSERT_TRUE(u8.ok()) << u8.status().ToString();
  EXPECT_EQ(u8.value()[0].values<uint8_t>(), (std::vector<uint8_t>{255, 240}));
}

TEST(BitwiseNot, ScalarAndEmpty) {
  auto scalar = KernelRunner(Library(), "BitwiseNot", 18).Run({HostTensor::From<int64_t>({}, {7})});
  ASSERT_TRUE(scalar.ok()) << scalar.status().ToString();
  EXPECT_EQ(scalar.value()[0].values<int64_t>(), (std::vector<int64_t>{-8}));
  auto empty = KernelRunner(Library(), "BitwiseNot", 18).Run({HostTensor::From<int16_t>({0}, {})});
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_EQ(empty.value()[0].dims(), (Dims{0}));
}

TEST(BitwiseNot, IntegersOnlyFromOpset18) {
  ExpectError(KernelRunner(Library(), "BitwiseNot", 18).Run({HostTensor::From<float>({1}, {1})}),
              StatusCode::kNotFound, "BitwiseNot opset 18 dtype float");
  ExpectError(KernelRunner(Library(), "BitwiseNot", 17).Run({HostTensor::From<int32_t>({1}, {1})}),
              StatusCode::kNotFound, "BitwiseNot opset 17 dtype int32");
  ExpectError(KernelRunner(Library(), "BitwiseNot", 18).Run({testing::BoolTensor({1}, {true})}),
              StatusCode::kNotFound, "BitwiseNot opset 18 dtype bool");
}

}  // namespace
}  // namespace onyx::kernels::ref
