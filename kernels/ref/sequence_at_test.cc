#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

// Items of different shapes: [1] {0}, [2] {10, 11}, [1, 3] {20, 21, 22}.
Value ThreeItems() {
  return SequenceOf(DType::kFloat32, {HostTensor::From<float>({1}, {0}), HostTensor::From<float>({2}, {10, 11}),
                                      HostTensor::From<float>({1, 3}, {20, 21, 22})});
}

// The position is a constant, as the executor knows it when it prepares the
// node (sequence consumers are prepared when the run reaches them).
Result<std::vector<Value>> At(const Value& seq, const HostTensor& position) {
  return KernelRunner(Library(), "SequenceAt", 11).Constant(1).RunValues({seq, Value(position)});
}

TEST(SequenceAt, PositiveAndNegativePositions) {
  const Value seq = ThreeItems();
  struct Case {
    int64_t position;
    Dims dims;
    std::vector<float> values;
  };
  for (const Case& c : {Case{0, {1}, {0}}, Case{1, {2}, {10, 11}}, Case{2, {1, 3}, {20, 21, 22}},
                        Case{-1, {1, 3}, {20, 21, 22}}, Case{-3, {1}, {0}}}) {
    SCOPED_TRACE(c.position);
    for (const HostTensor& p : {HostTensor::From<int64_t>({}, {c.position}),
                                HostTensor::From<int32_t>({}, {static_cast<int32_t>(c.position)})}) {
      auto out = At(seq, p);
      ASSERT_TRUE(out.ok()) << out.status().ToString();
      const HostTensor& item = out.value()[0].tensor();
      EXPECT_EQ(item.dtype(), DType::kFloat32);
      EXPECT_EQ(item.dims(), c.dims);
      EXPECT_EQ(item.values<float>(), c.values);
    }
  }
}

TEST(SequenceAt, Errors) {
  const Value seq = ThreeItems();
  testing::ExpectError(At(seq, HostTensor::From<int64_t>({}, {3})), StatusCode::kInvalidArgument,
                       "node 'test_node' (#0, SequenceAt opset 11): position 3 is out of range for a "
                       "sequence of 3 (expected -3 to 2)");
  testing::ExpectError(At(seq, HostTensor::From<int32_t>({}, {-4})), StatusCode::kInvalidArgument,
                       "position -4 is out of range for a sequence of 3 (expected -3 to 2)");
  testing::ExpectError(At(SequenceOf(DType::kFloat32, {}), HostTensor::From<int64_t>({}, {0})),
                       StatusCode::kInvalidArgument, "position 0 is out of range for a sequence of 0");
  testing::ExpectError(At(seq, HostTensor::From<int64_t>({2}, {0, 1})), StatusCode::kInvalidArgument,
                       "input 'input1' must be an int32 or int64 scalar (got int64 [2])");
  testing::ExpectError(At(seq, HostTensor::From<float>({}, {0})), StatusCode::kInvalidArgument,
                       "must be an int32 or int64 scalar (got float [])");
  testing::ExpectError(At(Value(HostTensor::From<float>({1}, {0})), HostTensor::From<int64_t>({}, {0})),
                       StatusCode::kInvalidArgument, "input 'input0' must be a sequence (got float)");
  // A position unknown when the node is prepared.
  testing::ExpectError(
      KernelRunner(Library(), "SequenceAt", 11).RunValues({seq, Value(HostTensor::From<int64_t>({}, {0}))}),
      StatusCode::kFailedPrecondition, "input 'input1' must be known when the node is prepared");
}

}  // namespace
}  // namespace onyx::kernels::ref
