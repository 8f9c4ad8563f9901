#include <gtest/gtest.h>

#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

using testing::ExpectError;

HostTensor Ints(const std::vector<int64_t>& v) {
  return HostTensor::From<int64_t>({static_cast<int64_t>(v.size())}, v);
}

TEST(ConstantOfShape, DefaultZeroAndValues) {
  auto zeros = KernelRunner(Library(), "ConstantOfShape", 9).Constant(0).Run({Ints({2, 3})});
  ASSERT_TRUE(zeros.ok()) << zeros.status().ToString();
  EXPECT_EQ(zeros.value()[0].dtype(), DType::kFloat32);
  EXPECT_EQ(zeros.value()[0].values<float>(), std::vector<float>(6, 0.0f));
  const HostTensor value = HostTensor::From<int32_t>({1}, {7});
  auto sevens = KernelRunner(Library(), "ConstantOfShape", 20)
                    .Attr("value", value)
                    .Constant(0)
                    .Run({Ints({3})});
  ASSERT_TRUE(sevens.ok()) << sevens.status().ToString();
  EXPECT_EQ(sevens.value()[0].values<int32_t>(), (std::vector<int32_t>{7, 7, 7}));
  const HostTensor half = HostTensor::From<BFloat16>({}, {BFloat16(1.5f)});
  auto scalar = KernelRunner(Library(), "ConstantOfShape", 25)
                    .Attr("value", half)
                    .Constant(0)
                    .Run({Ints({})});
  ASSERT_TRUE(scalar.ok()) << scalar.status().ToString();
  EXPECT_EQ(scalar.value()[0].dims(), (Dims{}));
  EXPECT_EQ(static_cast<float>(scalar.value()[0].values<BFloat16>()[0]), 1.5f);
  auto empty = KernelRunner(Library(), "ConstantOfShape", 9).Constant(0).Run({Ints({0, 4})});
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_EQ(empty.value()[0].dims(), (Dims{0, 4}));
}

TEST(ConstantOfShape, RejectsBadInputs) {
  ExpectError(KernelRunner(Library(), "ConstantOfShape", 9).Constant(0).Run({Ints({2, -1})}),
              StatusCode::kInvalidArgument,
              "shape input 'input0' has a negative extent (expected extents >= 0, got [2,-1])");
  ExpectError(KernelRunner(Library(), "ConstantOfShape", 9).Run({Ints({2})}),
              StatusCode::kFailedPrecondition, "shape input 'input0' must be known ahead of time");
  const HostTensor two = HostTensor::From<float>({2}, {1, 2});
  ExpectError(
      KernelRunner(Library(), "ConstantOfShape", 9).Attr("value", two).Constant(0).Run({Ints({2})}),
      StatusCode::kInvalidModel,
      "attribute 'value' must hold one element (expected shape [] or [1], got [2])");
  HostTensor f8 = HostTensor::Allocate(DType::kFloat8E4M3FN, {1}).value();
  ExpectError(
      KernelRunner(Library(), "ConstantOfShape", 19).Attr("value", f8).Constant(0).Run({Ints({2})}),
      StatusCode::kUnsupported, "got float8e4m3fn)");
  auto later =
      KernelRunner(Library(), "ConstantOfShape", 20).Attr("value", f8).Constant(0).Run({Ints({2})});
  EXPECT_TRUE(later.ok()) << later.status().ToString();
}

}  // namespace
}  // namespace onyx::kernels::ref
