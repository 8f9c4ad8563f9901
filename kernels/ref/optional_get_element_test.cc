#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

// An optional holding a tensor travels as the tensor itself; from opset 18 a
// plain tensor is accepted too, which is the same value here.
TEST(OptionalGetElement, TensorInside) {
  for (int opset : {15, 18}) {
    auto out = KernelRunner(Library(), "OptionalGetElement", opset)
                   .RunValues({Value(HostTensor::From<double>({3, 1}, {1.5, -2, 0}))});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    const HostTensor& t = out.value()[0].tensor();
    EXPECT_EQ(t.dtype(), DType::kFloat64);
    EXPECT_EQ(t.dims(), (Dims{3, 1}));
    EXPECT_EQ(t.values<double>(), (std::vector<double>{1.5, -2, 0}));
  }
  auto scalar =
      KernelRunner(Library(), "OptionalGetElement", 18).RunValues({Value(HostTensor::From<int64_t>({}, {4}))});
  ASSERT_TRUE(scalar.ok()) << scalar.status().ToString();
  EXPECT_EQ(scalar.value()[0].tensor().dims(), Dims{});
  EXPECT_EQ(scalar.value()[0].tensor().values<int64_t>(), (std::vector<int64_t>{4}));
}

TEST(OptionalGetElement, SequenceInside) {
  const Value seq =
      SequenceOf(DType::kInt32, {HostTensor::From<int32_t>({2}, {1, 2}), HostTensor::From<int32_t>({1}, {3})});
  auto out = KernelRunner(Library(), "OptionalGetElement", 15).RunValues({seq});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  ASSERT_TRUE(out.value()[0].is_sequence());
  const SequenceValue& got = out.value()[0].sequence();
  EXPECT_EQ(got.elem_type, DType::kInt32);
  ASSERT_EQ(got.items.size(), 2u);
  EXPECT_EQ(got.items[0].values<int32_t>(), (std::vector<int32_t>{1, 2}));
  EXPECT_EQ(got.items[1].values<int32_t>(), (std::vector<int32_t>{3}));
}

TEST(OptionalGetElement, Errors) {
  testing::ExpectError(KernelRunner(Library(), "OptionalGetElement", 15).RunValues({Value()}),
                       StatusCode::kInvalidArgument,
                       "node 'test_node' (#0, OptionalGetElement opset 15): input 'input0' is an empty "
                       "optional (expected one holding a value)");
  testing::ExpectError(KernelRunner(Library(), "OptionalGetElement", 18).RunValues({AbsentInput()}),
                       StatusCode::kInvalidModel, "required input #0 is missing");
  testing::ExpectError(KernelRunner(Library(), "OptionalGetElement", 18).RunValues({}), StatusCode::kInvalidModel,
                       "expected 1 inputs, got 0");
}

}  // namespace
}  // namespace onyx::kernels::ref
