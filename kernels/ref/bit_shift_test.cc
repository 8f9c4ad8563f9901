#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include "kernels/ref/internal/binary_test_util.h"

namespace onyx::kernels::ref {
namespace {

// The opset 28 rule, written out bit by bit: shift through a 128-bit-wide
// value and keep T's low bits.
template <typename T>
T ReferenceShift(T x, T y, bool left) {
  const int bits = sizeof(T) * 8;
  const bool negative = std::is_signed_v<T> && x < 0;
  if (static_cast<int64_t>(y) < 0 || static_cast<uint64_t>(y) >= static_cast<uint64_t>(bits)) {
    return !left && negative ? T(-1) : T(0);
  }
  const int s = static_cast<int>(y);
  uint64_t out = 0;
  for (int i = 0; i < bits; ++i) {
    const int from = left ? i - s : i + s;
    bool bit;
    if (from < 0) {
      bit = false;
    } else if (from >= bits) {
      bit = !left && negative;
    } else {
      bit = (static_cast<uint64_t>(x) >> from) & 1;
    }
    out |= static_cast<uint64_t>(bit) << i;
  }
  return static_cast<T>(out);
}

template <typename T>
void CheckDirection(const char* direction, uint32_t seed) {
  const bool left = std::string(direction) == "LEFT";
  std::mt19937 rng(seed);
  const int bits = sizeof(T) * 8;
  for (int trial = 0; trial < 30; ++trial) {
    Dims da, db, dout;
    testing::RandomBroadcastShapes(rng, da, db, dout);
    std::vector<T> a(NumElements(da)), b(NumElements(db));
    const int64_t hi =
        sizeof(T) == 8 ? INT64_MAX : static_cast<int64_t>(std::numeric_limits<T>::max());
    for (T& v : a) v = testing::IntsIn<T>(std::numeric_limits<T>::min(), hi)(rng);
    for (T& v : b) v = testing::IntsIn<T>(std::is_signed_v<T> ? -2 : 0, bits + 2)(rng);
    auto out = KernelRunner(Library(), "BitShift", 28)
                   .Attr("direction", std::string(direction))
                   .Run({HostTensor::From<T>(da, a), HostTensor::From<T>(db, b)});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    const std::vector<T> got = out.value()[0].template values<T>();
    for (int64_t i = 0; i < NumElements(dout); ++i) {
      const T x = a[testing::BroadcastOffset(da, dout, i)];
      const T y = b[testing::BroadcastOffset(db, dout, i)];
      ASSERT_EQ(got[i], ReferenceShift(x, y, left)) << direction << " " << +x << " by " << +y;
    }
  }
}

TEST(BitShift, EveryTypeAndDirectionMatchesTheBitwiseReference) {
  for (const char* d : {"LEFT", "RIGHT"}) {
    CheckDirection<uint8_t>(d, 1);
    CheckDirection<uint16_t>(d, 2);
    CheckDirection<uint32_t>(d, 3);
    CheckDirection<uint64_t>(d, 4);
    CheckDirection<int8_t>(d, 5);
    CheckDirection<int16_t>(d, 6);
    CheckDirection<int32_t>(d, 7);
    CheckDirection<int64_t>(d, 8);
  }
}

TEST(BitShift, SpecGoldens) {
  auto right = KernelRunner(Library(), "BitShift", 28)
                   .Attr("direction", std::string("RIGHT"))
                   .Run({HostTensor::From<int8_t>({4}, {-8, -1, -128, -5}),
                         HostTensor::From<int8_t>({4}, {1, 1, 9, -1})});
  ASSERT_TRUE(right.ok()) << right.status().ToString();
  EXPECT_EQ(right.value()[0].values<int8_t>(), (std::vector<int8_t>{-4, -1, -1, -1}));
  auto left = KernelRunner(Library(), "BitShift", 11)
                  .Attr("direction", std::string("LEFT"))
                  .Run({HostTensor::From<uint8_t>({3}, {16, 4, 1}),
                        HostTensor::From<uint8_t>({3}, {1, 2, 8})});
  ASSERT_TRUE(left.ok()) << left.status().ToString();
  EXPECT_EQ(left.value()[0].values<uint8_t>(), (std::vector<uint8_t>{32, 16, 0}));
}

TEST(BitShift, RejectsBadDirectionAndSignedBeforeOpset28) {
  const HostTensor u = HostTensor::From<uint32_t>({1}, {1});
  testing::ExpectError(KernelRunner(Library(), "BitShift", 11).Run({u, u}),
                       StatusCode::kInvalidModel, "attribute 'direction' is required");
  testing::ExpectError(
      KernelRunner(Library(), "BitShift", 11).Attr("direction", std::string("left")).Run({u, u}),
      StatusCode::kInvalidModel, "(expected LEFT or RIGHT, got 'left')");
  const HostTensor s = HostTensor::From<int32_t>({1}, {1});
  testing::ExpectError(
      KernelRunner(Library(), "BitShift", 27).Attr("direction", std::string("LEFT")).Run({s, s}),
      StatusCode::kNotFound, "no kernel for BitShift opset 27 dtype int32");
}

}  // namespace
}  // namespace onyx::kernels::ref
