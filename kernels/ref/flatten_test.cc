#include <gtest/gtest.h>

#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

Result<Dims> FlattenDims(int opset, Dims dims, const int64_t* axis) {
  KernelRunner runner(Library(), "Flatten", opset);
  if (axis != nullptr) runner.Attr("axis", *axis);
  ASSIGN_OR_RETURN(std::vector<HostTensor> out, runner.Run({testing::IotaTensor(dims)}));
  if (out[0].values<float>() != testing::Iota(NumElements(dims)))
    return Status(StatusCode::kInternal, "values moved");
  return out[0].dims();
}

TEST(Flatten, EveryAxisOfARank4Input) {
  // The ONNX Flatten example: shape (2, 3, 4, 5) and axis 0..4.
  const Dims in = {2, 3, 4, 5};
  const std::vector<Dims> expected = {{1, 120}, {2, 60}, {6, 20}, {24, 5}, {120, 1}};
  for (int64_t axis = 0; axis <= 4; ++axis) {
    auto dims = FlattenDims(13, in, &axis);
    ASSERT_TRUE(dims.ok()) << dims.status().ToString();
    EXPECT_EQ(dims.value(), expected[axis]) << "axis " << axis;
  }
}

TEST(Flatten, DefaultAxisIsOne) {
  auto dims = FlattenDims(9, {2, 3, 4}, nullptr);
  ASSERT_TRUE(dims.ok()) << dims.status().ToString();
  EXPECT_EQ(dims.value(), (Dims{2, 12}));
}

TEST(Flatten, NegativeAxisFromOpset11) {
  const int64_t minus_one = -1, minus_four = -4;
  auto dims = FlattenDims(11, {2, 3, 4, 5}, &minus_one);
  ASSERT_TRUE(dims.ok()) << dims.status().ToString();
  EXPECT_EQ(dims.value(), (Dims{24, 5}));
  auto first = FlattenDims(13, {2, 3, 4, 5}, &minus_four);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first.value(), (Dims{1, 120}));
  testing::ExpectError(FlattenDims(9, {2, 3}, &minus_one).status(), StatusCode::kInvalidModel,
                       "attribute 'axis' is negative before opset 11 (expected [0, 2], got -1)");
}

TEST(Flatten, AxisOutOfRange) {
  const int64_t three = 3, minus_three = -3;
  testing::ExpectError(
      FlattenDims(13, {2, 3}, &three).status(), StatusCode::kInvalidArgument,
      "attribute 'axis' is out of range for input 'input0' of shape [2,3] (expected [-2, "
      "2], got 3)");
  testing::ExpectError(FlattenDims(13, {2, 3}, &minus_three).status(), StatusCode::kInvalidArgument,
                       "(expected [-2, 2], got -3)");
}

TEST(Flatten, ScalarAndEmpty) {
  const int64_t zero = 0, two = 2;
  auto scalar = FlattenDims(13, {}, &zero);
  ASSERT_TRUE(scalar.ok()) << scalar.status().ToString();
  EXPECT_EQ(scalar.value(), (Dims{1, 1}));
  auto empty = FlattenDims(13, {2, 0, 3}, &two);
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_EQ(empty.value(), (Dims{0, 3}));
}

TEST(Flatten, Opset1IsFloatOnlyOpset9TakesAllTypes) {
  testing::ExpectError(
      KernelRunner(Library(), "Flatten", 1).Run({HostTensor::From<int32_t>({2, 2}, {1, 2, 3, 4})}),
      StatusCode::kNotFound, "Flatten opset 1 dtype int32");
  auto out = KernelRunner(Library(), "Flatten", 9)
                 .Run({testing::BoolTensor({2, 1, 2}, {true, false, false, true})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dims(), (Dims{2, 2}));
  EXPECT_EQ(out.value()[0].values<bool>(), (std::vector<bool>{true, false, false, true}));
}

TEST(Flatten, RejectsWrongAttributeType) {
  testing::ExpectError(KernelRunner(Library(), "Flatten", 13)
                           .Attr("axis", 1.0f)
                           .Run({HostTensor::From<float>({1}, {1})}),
                       StatusCode::kInvalidModel,
                       "attribute 'axis' type (expected int, got float)");
}

}  // namespace
}  // namespace onyx::kernels::ref
