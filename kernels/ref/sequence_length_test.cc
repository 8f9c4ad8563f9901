#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

Result<std::vector<Value>> Length(const Value& seq) {
  return KernelRunner(Library(), "SequenceLength", 11).RunValues({seq});
}

TEST(SequenceLength, CountsTheItems) {
  const HostTensor t = HostTensor::From<float>({2}, {1, 2});
  auto three = Length(SequenceOf(DType::kFloat32, {t, t, HostTensor::From<float>({0}, {})}));
  ASSERT_TRUE(three.ok()) << three.status().ToString();
  const HostTensor& n = three.value()[0].tensor();
  EXPECT_EQ(n.dtype(), DType::kInt64);
  EXPECT_EQ(n.dims(), Dims{});
  EXPECT_EQ(n.values<int64_t>(), (std::vector<int64_t>{3}));

  auto none = Length(SequenceOf(DType::kInt32, {}));
  ASSERT_TRUE(none.ok()) << none.status().ToString();
  EXPECT_EQ(none.value()[0].tensor().values<int64_t>(), (std::vector<int64_t>{0}));
}

TEST(SequenceLength, Errors) {
  testing::ExpectError(Length(Value(HostTensor::From<float>({2}, {1, 2}))), StatusCode::kInvalidArgument,
                       "node 'test_node' (#0, SequenceLength opset 11): input 'input0' must be a "
                       "sequence (got float)");
  testing::ExpectError(Length(Value()), StatusCode::kInvalidArgument, "must be a sequence (got optional)");
  testing::ExpectError(KernelRunner(Library(), "SequenceLength", 11).RunValues({}), StatusCode::kInvalidModel,
                       "expected 1 inputs, got 0");
}

}  // namespace
}  // namespace onyx::kernels::ref
