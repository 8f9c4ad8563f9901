#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

Result<std::vector<Value>> Concat(const Value& seq, int64_t axis, int64_t new_axis = 0) {
  KernelRunner r(Library(), "ConcatFromSequence", 11);
  r.Attr("axis", axis);
  if (new_axis) r.Attr("new_axis", new_axis);
  return r.RunValues({seq});
}

void ExpectTensor(const Result<std::vector<Value>>& out, const Dims& dims, const std::vector<float>& values) {
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  const HostTensor& t = out.value()[0].tensor();
  EXPECT_EQ(t.dtype(), DType::kFloat32);
  EXPECT_EQ(t.dims(), dims);
  EXPECT_EQ(t.values<float>(), values);
}

// [1, 2] {0 1} and [2, 2] {2 3 | 4 5} along axis 0.
TEST(ConcatFromSequence, AlongAnExistingAxis) {
  const Value rows = SequenceOf(
      DType::kFloat32, {HostTensor::From<float>({1, 2}, {0, 1}), HostTensor::From<float>({2, 2}, {2, 3, 4, 5})});
  ExpectTensor(Concat(rows, 0), {3, 2}, {0, 1, 2, 3, 4, 5});
  ExpectTensor(Concat(rows, -2), {3, 2}, {0, 1, 2, 3, 4, 5});
  // [2, 1] {0 | 1} and [2, 3] {2 3 4 | 5 6 7} along axis 1: rows interleave.
  const Value cols = SequenceOf(
      DType::kFloat32, {HostTensor::From<float>({2, 1}, {0, 1}), HostTensor::From<float>({2, 3}, {2, 3, 4, 5, 6, 7}),
                        HostTensor::From<float>({2, 0}, {})});
  ExpectTensor(Concat(cols, 1), {2, 4}, {0, 2, 3, 4, 1, 5, 6, 7});
  ExpectTensor(Concat(cols, -1), {2, 4}, {0, 2, 3, 4, 1, 5, 6, 7});
  const Value one = SequenceOf(DType::kFloat32, {HostTensor::From<float>({3}, {7, 8, 9})});
  ExpectTensor(Concat(one, 0), {3}, {7, 8, 9});
}

// new_axis = 1 stacks items of equal shape; the axis ranges over the
// output's rank, one more than the items'.
TEST(ConcatFromSequence, StacksAlongANewAxis) {
  const Value seq =
      SequenceOf(DType::kFloat32, {HostTensor::From<float>({2}, {0, 1}), HostTensor::From<float>({2}, {2, 3}),
                                   HostTensor::From<float>({2}, {4, 5})});
  ExpectTensor(Concat(seq, 0, 1), {3, 2}, {0, 1, 2, 3, 4, 5});
  ExpectTensor(Concat(seq, 1, 1), {2, 3}, {0, 2, 4, 1, 3, 5});
  ExpectTensor(Concat(seq, -1, 1), {2, 3}, {0, 2, 4, 1, 3, 5});
  ExpectTensor(Concat(seq, -2, 1), {3, 2}, {0, 1, 2, 3, 4, 5});
  const Value scalars =
      SequenceOf(DType::kFloat32, {HostTensor::From<float>({}, {4}), HostTensor::From<float>({}, {5})});
  ExpectTensor(Concat(scalars, 0, 1), {2}, {4, 5});
}

TEST(ConcatFromSequence, IntegerItems) {
  const Value seq = SequenceOf(
      DType::kInt64, {HostTensor::From<int64_t>({2}, {1, -2}), HostTensor::From<int64_t>({1}, {int64_t{1} << 40})});
  auto out = Concat(seq, 0);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].tensor().values<int64_t>(), (std::vector<int64_t>{1, -2, int64_t{1} << 40}));
}

TEST(ConcatFromSequence, Errors) {
  const Value mismatch = SequenceOf(
      DType::kFloat32, {HostTensor::From<float>({1, 2}, {0, 1}), HostTensor::From<float>({1, 3}, {2, 3, 4})});
  testing::ExpectError(Concat(mismatch, 0), StatusCode::kInvalidArgument,
                       "node 'test_node' (#0, ConcatFromSequence opset 11): sequence item #1 of shape [1,3] "
                       "does not match the first item's [1,2] off the concatenation axis");
  ExpectTensor(Concat(mismatch, 1), {1, 5}, {0, 1, 2, 3, 4});
  testing::ExpectError(Concat(mismatch, 0, 1), StatusCode::kInvalidArgument,
                       "sequence item #1 of shape [1,3] does not match the first item's [1,2] (stacking needs "
                       "equal shapes)");
  const Value ranks =
      SequenceOf(DType::kFloat32, {HostTensor::From<float>({2}, {0, 1}), HostTensor::From<float>({1, 2}, {2, 3})});
  testing::ExpectError(Concat(ranks, 0), StatusCode::kInvalidArgument,
                       "sequence item #1 of shape [1,2] does not match the first item's [2]");
  // Items of two dtypes cannot come from the sequence ops, but a bad
  // producer must still not get a byte-wise concatenation.
  const Value dtypes =
      SequenceOf(DType::kFloat32, {HostTensor::From<float>({1}, {0}), HostTensor::From<double>({1}, {1})});
  testing::ExpectError(Concat(dtypes, 0), StatusCode::kInvalidArgument,
                       "sequence item #1 has dtype double (expected float like the first)");
  testing::ExpectError(Concat(SequenceOf(DType::kFloat32, {}), 0), StatusCode::kInvalidArgument,
                       "cannot concatenate an empty sequence");
  const Value row = SequenceOf(DType::kFloat32, {HostTensor::From<float>({1, 2}, {0, 1})});
  testing::ExpectError(Concat(row, 2), StatusCode::kInvalidArgument, "axis 2 is out of range for rank 2");
  testing::ExpectError(Concat(row, 3, 1), StatusCode::kInvalidArgument, "axis 3 is out of range for rank 3");
  testing::ExpectError(Concat(row, -4, 1), StatusCode::kInvalidArgument, "axis -4 is out of range for rank 3");
  const Value scalar = SequenceOf(DType::kFloat32, {HostTensor::From<float>({}, {4})});
  testing::ExpectError(Concat(scalar, 0), StatusCode::kInvalidArgument,
                       "sequence items are scalars (expected rank >= 1, or new_axis = 1 to stack them)");
  testing::ExpectError(KernelRunner(Library(), "ConcatFromSequence", 11).RunValues({row}), StatusCode::kInvalidModel,
                       "attribute 'axis' is required");
  testing::ExpectError(Concat(Value(HostTensor::From<float>({1}, {0})), 0), StatusCode::kInvalidArgument,
                       "input 'input0' must be a sequence (got float)");
}

}  // namespace
}  // namespace onyx::kernels::ref
