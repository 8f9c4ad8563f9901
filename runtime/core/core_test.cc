#include <gtest/gtest.h>

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
  EXPECT_FALSE(IsKnownDType(17));
}

TEST(AlignedBuffer, IsAligned) {
  auto b = AlignedBuffer::Allocate(100);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(reinterpret_cast<uintptr_t>(b->data()) % kTensorAlignment, 0u);
}

}  // namespace
}  // namespace onyx
