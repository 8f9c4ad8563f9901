#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

// Items [1] {0}, [1] {1}, [1] {2}: each item's value is its position.
Value ThreeItems() {
  return SequenceOf(DType::kInt32, {HostTensor::From<int32_t>({1}, {0}), HostTensor::From<int32_t>({1}, {1}),
                                    HostTensor::From<int32_t>({1}, {2})});
}

Result<std::vector<Value>> Erase(const Value& seq, const HostTensor* position) {
  KernelRunner r(Library(), "SequenceErase", 11);
  if (position == nullptr) return r.RunValues({seq});
  return r.Constant(1).RunValues({seq, Value(*position)});
}

// The item values left, in order.
std::vector<int32_t> Remaining(const Result<std::vector<Value>>& out) {
  EXPECT_TRUE(out.ok()) << out.status().ToString();
  std::vector<int32_t> values;
  if (!out.ok()) return values;
  EXPECT_EQ(out.value()[0].sequence().elem_type, DType::kInt32);
  for (const HostTensor& item : out.value()[0].sequence().items) values.push_back(item.values<int32_t>()[0]);
  return values;
}

TEST(SequenceErase, DefaultErasesTheLast) {
  const Value seq = ThreeItems();
  EXPECT_EQ(Remaining(Erase(seq, nullptr)), (std::vector<int32_t>{0, 1}));
  EXPECT_EQ(seq.sequence().items.size(), 3u);  // The input is unchanged.
  EXPECT_EQ(Remaining(KernelRunner(Library(), "SequenceErase", 11).RunValues({seq, AbsentInput()})),
            (std::vector<int32_t>{0, 1}));
}

TEST(SequenceErase, PositiveAndNegativePositions) {
  const Value seq = ThreeItems();
  const HostTensor p0 = HostTensor::From<int64_t>({}, {0});
  const HostTensor p1 = HostTensor::From<int32_t>({}, {1});
  const HostTensor m1 = HostTensor::From<int64_t>({}, {-1});
  const HostTensor m3 = HostTensor::From<int32_t>({}, {-3});
  EXPECT_EQ(Remaining(Erase(seq, &p0)), (std::vector<int32_t>{1, 2}));
  EXPECT_EQ(Remaining(Erase(seq, &p1)), (std::vector<int32_t>{0, 2}));
  EXPECT_EQ(Remaining(Erase(seq, &m1)), (std::vector<int32_t>{0, 1}));
  EXPECT_EQ(Remaining(Erase(seq, &m3)), (std::vector<int32_t>{1, 2}));
  const Value one = SequenceOf(DType::kInt32, {HostTensor::From<int32_t>({1}, {5})});
  EXPECT_EQ(Remaining(Erase(one, &p0)), (std::vector<int32_t>{}));
}

TEST(SequenceErase, Errors) {
  const Value seq = ThreeItems();
  const HostTensor p3 = HostTensor::From<int64_t>({}, {3});
  const HostTensor m4 = HostTensor::From<int64_t>({}, {-4});
  testing::ExpectError(Erase(seq, &p3), StatusCode::kInvalidArgument,
                       "node 'test_node' (#0, SequenceErase opset 11): position 3 is out of range for a "
                       "sequence of 3 (expected -3 to 2)");
  testing::ExpectError(Erase(seq, &m4), StatusCode::kInvalidArgument,
                       "position -4 is out of range for a sequence of 3 (expected -3 to 2)");
  testing::ExpectError(Erase(SequenceOf(DType::kInt32, {}), nullptr), StatusCode::kInvalidArgument,
                       "cannot erase from an empty sequence");
  const HostTensor vector_position = HostTensor::From<int64_t>({1, 2}, {0, 1});
  testing::ExpectError(Erase(seq, &vector_position), StatusCode::kInvalidArgument,
                       "input 'input1' must be an int32 or int64 scalar (got int64 [1,2])");
  testing::ExpectError(Erase(Value(HostTensor::From<int32_t>({1}, {0})), nullptr), StatusCode::kInvalidArgument,
                       "input 'input0' must be a sequence (got int32)");
}

}  // namespace
}  // namespace onyx::kernels::ref
