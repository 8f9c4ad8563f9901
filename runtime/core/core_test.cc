#include <gtest/gtest.h>

#include <cmath>

#include "runtime/core/arena.h"
#include "runtime/core/dtype.h"
#include "runtime/core/shape.h"
#include "runtime/core/status.h"

namespace onyx {
namespace {

Status FailsWhen(bool fail) {
  RETURN_ERROR_IF(fail, StatusCode::kInvalidArgument, "value ", 3, " is bad");
  return Status::Ok();
}

Result<int> Twice(int x) {
  RETURN_IF_ERROR(FailsWhen(x < 0));
  return 2 * x;
}

Status UseAssign(int x, int* out) {
  ASSIGN_OR_RETURN(*out, Twice(x));
  return Status::Ok();
}

TEST(Status, OkAndErrors) {
  EXPECT_TRUE(Status::Ok().ok());
  Status s = FailsWhen(true);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "value 3 is bad");
  EXPECT_EQ(s.WithContext("node 'a'").ToString(), "INVALID_ARGUMENT: node 'a': value 3 is bad");
  int out = 0;
  EXPECT_TRUE(UseAssign(4, &out).ok());
  EXPECT_EQ(out, 8);
  EXPECT_FALSE(UseAssign(-1, &out).ok());
}

TEST(Shape, NumElementsOverflowIsAnError) {
  EXPECT_EQ(CheckedNumElements({2, 3, 4}).value(), 24);
  EXPECT_EQ(CheckedNumElements({}).value(), 1);
  EXPECT_EQ(CheckedNumElements({5, 0}).value(), 0);
  EXPECT_EQ(CheckedNumElements({1LL << 40, 1LL << 40}).status().code(), StatusCode::kOutOfMemory);
  EXPECT_EQ(CheckedNumElements({-2}).status().code(), StatusCode::kInvalidArgument);
}

TEST(Shape, NormalizeAxis) {
  EXPECT_EQ(NormalizeAxis(-1, 4).value(), 3);
  EXPECT_EQ(NormalizeAxis(2, 4).value(), 2);
  EXPECT_FALSE(NormalizeAxis(4, 4).ok());
  EXPECT_FALSE(NormalizeAxis(-5, 4).ok());
}

TEST(DType, SizesAndNames) {
  EXPECT_EQ(DTypeSize(DType::kFloat32), 4u);
  EXPECT_EQ(DTypeSize(DType::kBFloat16), 2u);
  EXPECT_STREQ(DTypeName(DType::kFloat64), "double");
  EXPECT_FALSE(IsKnownDType(0));
  EXPECT_EQ(DTypeSize(DType::kInt4), 1u);  // Unpacked in memory.
  EXPECT_EQ(PackedBits(DType::kInt4), 4);
  EXPECT_STREQ(DTypeName(DType::kFloat8E4M3FN), "float8e4m3fn");
  EXPECT_TRUE(IsKnownDType(28));
  EXPECT_FALSE(IsKnownDType(29));
}

// Every float16 bit pattern survives float and back; rounding matches the
// hardware-independent reference (numpy agrees on these values).
TEST(Half, Float16RoundTripsAndRounds) {
  for (uint32_t b = 0; b < 0x10000u; ++b) {
    Float16 h = Float16::FromBits(static_cast<uint16_t>(b));
    float f = h;
    if (f != f) continue;  // NaN payloads need not round-trip bit-exactly.
    EXPECT_EQ(Float16(f).bits, b) << "bits " << b;
  }
  EXPECT_EQ(Float16(1.0f).bits, 0x3c00u);
  EXPECT_EQ(Float16(65504.0f).bits, 0x7bffu);
  EXPECT_EQ(Float16(65520.0f).bits, 0x7c00u);            // Overflows to +inf.
  EXPECT_EQ(Float16(1.0f + 1.0f / 2048).bits, 0x3c00u);  // Tie rounds to even.
  EXPECT_EQ(Float16(5.96e-8f).bits, 0x0001u);            // Smallest subnormal.
  EXPECT_NE(Float16(std::nanf("")).bits & 0x3ffu, 0u);
}

TEST(Half, BFloat16RoundsToNearestEven) {
  EXPECT_EQ(BFloat16(1.0f).bits, 0x3f80u);
  EXPECT_EQ(static_cast<float>(BFloat16(3.140625f)), 3.140625f);
  EXPECT_EQ(BFloat16(BitsToFloat(0x3f808000u)).bits, 0x3f80u);  // Tie to even (down).
  EXPECT_EQ(BFloat16(BitsToFloat(0x3f818000u)).bits, 0x3f82u);  // Tie to even (up).
  EXPECT_NE(BFloat16(std::nanf("")).bits & 0x7fu, 0u);
}

TEST(AlignedBuffer, IsAligned) {
  auto b = AlignedBuffer::Allocate(100);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(reinterpret_cast<uintptr_t>(b->data()) % kTensorAlignment, 0u);
}

}  // namespace
}  // namespace onyx
