#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/ops.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

Result<std::vector<HostTensor>> RunConstant(KernelRunner& runner) {
  return runner.Run(std::vector<HostTensor>{});
}

TEST(Constant, TensorValue) {
  const HostTensor value = HostTensor::From<float>({2, 2}, {1, -2, 3.5f, 0});
  KernelRunner runner(Library(), "Constant", 13);
  runner.Attr("value", value);
  auto out = RunConstant(runner);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dtype(), DType::kFloat32);
  EXPECT_EQ(out.value()[0].dims(), (Dims{2, 2}));
  EXPECT_EQ(out.value()[0].values<float>(), (std::vector<float>{1, -2, 3.5f, 0}));
}

TEST(Constant, TensorValueOfOtherDtypesAndShapes) {
  const HostTensor ints = HostTensor::From<int64_t>({}, {-7});
  KernelRunner scalar(Library(), "Constant", 9);
  scalar.Attr("value", ints);
  auto out = RunConstant(scalar);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dims(), (Dims{}));
  EXPECT_EQ(out.value()[0].values<int64_t>(), (std::vector<int64_t>{-7}));

  const HostTensor empty = HostTensor::From<uint8_t>({0, 4}, {});
  KernelRunner none(Library(), "Constant", 13);
  none.Attr("value", empty);
  auto zero = RunConstant(none);
  ASSERT_TRUE(zero.ok()) << zero.status().ToString();
  EXPECT_EQ(zero.value()[0].dtype(), DType::kUInt8);
  EXPECT_EQ(zero.value()[0].dims(), (Dims{0, 4}));
}

TEST(Constant, Opset1AllowsOnlyFloatTensors) {
  const HostTensor ints = HostTensor::From<int32_t>({1}, {1});
  KernelRunner runner(Library(), "Constant", 1);
  runner.Attr("value", ints);
  testing::ExpectError(
      RunConstant(runner), StatusCode::kInvalidModel,
      "attribute 'value' dtype is not allowed before opset 9 (expected float16, float or "
      "double, got int32)");
  const HostTensor doubles = HostTensor::From<double>({1}, {2});
  KernelRunner ok(Library(), "Constant", 1);
  ok.Attr("value", doubles);
  auto out = RunConstant(ok);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].values<double>(), (std::vector<double>{2}));
}

TEST(Constant, ScalarAndListAttributesFromOpset12) {
  KernelRunner f(Library(), "Constant", 12);
  f.Attr("value_float", 0.25f);
  auto vf = RunConstant(f);
  ASSERT_TRUE(vf.ok()) << vf.status().ToString();
  EXPECT_EQ(vf.value()[0].dtype(), DType::kFloat32);
  EXPECT_EQ(vf.value()[0].dims(), (Dims{}));
  EXPECT_EQ(vf.value()[0].values<float>(), (std::vector<float>{0.25f}));

  KernelRunner fs(Library(), "Constant", 13);
  fs.Attr("value_floats", std::vector<float>{1, 2, 3});
  auto vfs = RunConstant(fs);
  ASSERT_TRUE(vfs.ok()) << vfs.status().ToString();
  EXPECT_EQ(vfs.value()[0].dims(), (Dims{3}));
  EXPECT_EQ(vfs.value()[0].values<float>(), (std::vector<float>{1, 2, 3}));

  KernelRunner i(Library(), "Constant", 13);
  i.Attr("value_int", int64_t{-5});
  auto vi = RunConstant(i);
  ASSERT_TRUE(vi.ok()) << vi.status().ToString();
  EXPECT_EQ(vi.value()[0].dtype(), DType::kInt64);
  EXPECT_EQ(vi.value()[0].dims(), (Dims{}));
  EXPECT_EQ(vi.value()[0].values<int64_t>(), (std::vector<int64_t>{-5}));

  KernelRunner is(Library(), "Constant", 19);
  is.Attr("value_ints", std::vector<int64_t>{});
  auto vis = RunConstant(is);
  ASSERT_TRUE(vis.ok()) << vis.status().ToString();
  EXPECT_EQ(vis.value()[0].dims(), (Dims{0}));
}

TEST(Constant, ListAttributesNeedOpset12) {
  KernelRunner runner(Library(), "Constant", 11);
  runner.Attr("value_int", int64_t{1});
  testing::ExpectError(
      RunConstant(runner), StatusCode::kInvalidModel,
      "attribute 'value_int' is not defined before opset 12 (expected absent, got it at opset 11)");
}

TEST(Constant, ExactlyOneValue) {
  KernelRunner none(Library(), "Constant", 13);
  testing::ExpectError(RunConstant(none), StatusCode::kInvalidModel,
                       "exactly one value attribute must be set");
  KernelRunner two(Library(), "Constant", 13);
  two.Attr("value_int", int64_t{1}).Attr("value_float", 1.0f);
  testing::ExpectError(RunConstant(two), StatusCode::kInvalidModel, "got 2)");
}

TEST(Constant, WrongAttributeType) {
  KernelRunner runner(Library(), "Constant", 13);
  runner.Attr("value_float", int64_t{1});
  testing::ExpectError(RunConstant(runner), StatusCode::kInvalidModel,
                       "attribute 'value_float' has the wrong type (expected float, got int)");
}

TEST(Constant, StringValues) {
  auto one = KernelRunner(Library(), "Constant", 13).Attr("value_string", std::string("hello")).Run(std::vector<HostTensor>{});
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  EXPECT_EQ(one.value()[0].dims(), Dims{});
  EXPECT_EQ(one.value()[0].strings(), (std::vector<std::string>{"hello"}));
  auto list = KernelRunner(Library(), "Constant", 13)
                  .Attr("value_strings", std::vector<std::string>{"a", "", "ü"})
                  .Run(std::vector<HostTensor>{});
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  EXPECT_EQ(list.value()[0].dims(), (Dims{3}));
  EXPECT_EQ(list.value()[0].strings(), (std::vector<std::string>{"a", "", "ü"}));
  const HostTensor words = HostTensor::FromStrings({2, 1}, {"x", "yz"});
  auto tensor = KernelRunner(Library(), "Constant", 13).Attr("value", words).Run(std::vector<HostTensor>{});
  ASSERT_TRUE(tensor.ok()) << tensor.status().ToString();
  EXPECT_EQ(tensor.value()[0].dims(), (Dims{2, 1}));
  EXPECT_EQ(tensor.value()[0].strings(), (std::vector<std::string>{"x", "yz"}));
}

TEST(Constant, SparseIsUnsupported) {
  const HostTensor dense = HostTensor::From<float>({1}, {1});
  KernelRunner sparse(Library(), "Constant", 13);
  sparse.Attr("sparse_value", dense);
  testing::ExpectError(RunConstant(sparse), StatusCode::kUnsupported,
                       "attribute 'sparse_value' is not supported");
}

}  // namespace
}  // namespace onyx::kernels::ref
