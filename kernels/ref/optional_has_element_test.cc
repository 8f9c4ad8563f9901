#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

// The bool scalar OptionalHasElement gives for `inputs` at `opset`.
bool HasElement(int opset, const std::vector<Value>& inputs) {
  auto out = KernelRunner(Library(), "OptionalHasElement", opset).RunValues(inputs);
  EXPECT_TRUE(out.ok()) << out.status().ToString();
  if (!out.ok()) return false;
  const HostTensor& t = out.value()[0].tensor();
  EXPECT_EQ(t.dtype(), DType::kBool);
  EXPECT_EQ(t.dims(), Dims{});
  return t.values<bool>()[0];
}

TEST(OptionalHasElement, HoldingAValue) {
  for (int opset : {15, 18}) {
    SCOPED_TRACE(opset);
    EXPECT_TRUE(HasElement(opset, {Value(HostTensor::From<float>({2}, {1, 2}))}));
    EXPECT_TRUE(HasElement(opset, {Value(HostTensor::From<float>({0}, {}))}));  // Empty, but a tensor.
    EXPECT_TRUE(HasElement(opset, {SequenceOf(DType::kFloat32, {})}));          // Empty, but a sequence.
  }
}

TEST(OptionalHasElement, Empty) {
  EXPECT_FALSE(HasElement(15, {Value()}));
  EXPECT_FALSE(HasElement(18, {Value()}));
  // From opset 18 the input may be omitted: an empty optional.
  EXPECT_FALSE(HasElement(18, {AbsentInput()}));
  EXPECT_FALSE(HasElement(18, {}));
}

TEST(OptionalHasElement, Errors) {
  testing::ExpectError(KernelRunner(Library(), "OptionalHasElement", 15).RunValues({AbsentInput()}),
                       StatusCode::kInvalidModel,
                       "node 'test_node' (#0, OptionalHasElement opset 15): required input #0 is missing");
  testing::ExpectError(KernelRunner(Library(), "OptionalHasElement", 15).RunValues({}), StatusCode::kInvalidModel,
                       "expected 1 inputs, got 0");
  const Value t(HostTensor::From<float>({1}, {1}));
  testing::ExpectError(KernelRunner(Library(), "OptionalHasElement", 18).RunValues({t, t}), StatusCode::kInvalidModel,
                       "expected 0 to 1 inputs, got 2");
}

}  // namespace
}  // namespace onyx::kernels::ref
