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
  return SequenceOf(DType::kFloat32, {HostTensor::From<float>({1}, {0}), HostTensor::From<float>({1}, {1}),
                                      HostTensor::From<float>({1}, {2})});
}

Result<std::vector<Value>> Insert(const Value& seq, const HostTensor& tensor, const HostTensor* position) {
  KernelRunner r(Library(), "SequenceInsert", 11);
  if (position == nullptr) return r.RunValues({seq, Value(tensor)});
  return r.Constant(2).RunValues({seq, Value(tensor), Value(*position)});
}

// The first value of each item, in order.
std::vector<float> Firsts(const Result<std::vector<Value>>& out) {
  EXPECT_TRUE(out.ok()) << out.status().ToString();
  std::vector<float> values;
  if (!out.ok()) return values;
  EXPECT_EQ(out.value()[0].sequence().elem_type, DType::kFloat32);
  for (const HostTensor& item : out.value()[0].sequence().items) values.push_back(item.values<float>()[0]);
  return values;
}

TEST(SequenceInsert, DefaultAppends) {
  const Value seq = ThreeItems();
  const HostTensor t = HostTensor::From<float>({2, 1}, {9, 8});  // Items may differ in shape.
  auto out = Insert(seq, t, nullptr);
  EXPECT_EQ(Firsts(out), (std::vector<float>{0, 1, 2, 9}));
  ASSERT_TRUE(out.ok());
  const HostTensor& last = out.value()[0].sequence().items[3];
  EXPECT_EQ(last.dims(), (Dims{2, 1}));
  EXPECT_EQ(last.values<float>(), (std::vector<float>{9, 8}));
  EXPECT_EQ(seq.sequence().items.size(), 3u);  // The input is unchanged.
  EXPECT_EQ(Firsts(KernelRunner(Library(), "SequenceInsert", 11).RunValues({seq, Value(t), AbsentInput()})),
            (std::vector<float>{0, 1, 2, 9}));
}

// Positions run from -n to n; a negative one counts from the end, so -1
// inserts before the last item, as Python's list.insert does.
TEST(SequenceInsert, PositiveAndNegativePositions) {
  const Value seq = ThreeItems();
  const HostTensor t = HostTensor::From<float>({1}, {9});
  struct Case {
    int64_t position;
    std::vector<float> want;
  };
  for (const Case& c : {Case{0, {9, 0, 1, 2}}, Case{1, {0, 9, 1, 2}}, Case{3, {0, 1, 2, 9}}, Case{-1, {0, 1, 9, 2}},
                        Case{-3, {9, 0, 1, 2}}}) {
    SCOPED_TRACE(c.position);
    const HostTensor p64 = HostTensor::From<int64_t>({}, {c.position});
    const HostTensor p32 = HostTensor::From<int32_t>({}, {static_cast<int32_t>(c.position)});
    EXPECT_EQ(Firsts(Insert(seq, t, &p64)), c.want);
    EXPECT_EQ(Firsts(Insert(seq, t, &p32)), c.want);
  }
  const HostTensor p0 = HostTensor::From<int64_t>({}, {0});
  EXPECT_EQ(Firsts(Insert(SequenceOf(DType::kFloat32, {}), t, &p0)), (std::vector<float>{9}));
}

TEST(SequenceInsert, Errors) {
  const Value seq = ThreeItems();
  const HostTensor t = HostTensor::From<float>({1}, {9});
  const HostTensor p4 = HostTensor::From<int64_t>({}, {4});
  const HostTensor m4 = HostTensor::From<int32_t>({}, {-4});
  testing::ExpectError(Insert(seq, t, &p4), StatusCode::kInvalidArgument,
                       "node 'test_node' (#0, SequenceInsert opset 11): position 4 is out of range for "
                       "a sequence of 3 (expected -3 to 3)");
  testing::ExpectError(Insert(seq, t, &m4), StatusCode::kInvalidArgument,
                       "position -4 is out of range for a sequence of 3 (expected -3 to 3)");
  testing::ExpectError(Insert(seq, HostTensor::From<int32_t>({1}, {9}), nullptr), StatusCode::kInvalidArgument,
                       "input 'input1' has dtype int32 (expected float, the sequence's)");
  // An empty sequence of int64 takes only int64 tensors.
  testing::ExpectError(Insert(SequenceOf(DType::kInt64, {}), t, nullptr), StatusCode::kInvalidArgument,
                       "has dtype float (expected int64, the sequence's)");
  const HostTensor float_position = HostTensor::From<float>({}, {0});
  testing::ExpectError(Insert(seq, t, &float_position), StatusCode::kInvalidArgument,
                       "input 'input2' must be an int32 or int64 scalar (got float [])");
  testing::ExpectError(Insert(Value(t), t, nullptr), StatusCode::kInvalidArgument,
                       "input 'input0' must be a sequence (got float)");
}

}  // namespace
}  // namespace onyx::kernels::ref
