#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

// The items of a SplitToSequence result: dims and float values each.
struct Piece {
  Dims dims;
  std::vector<float> values;
};

void ExpectPieces(const Result<std::vector<Value>>& out, const std::vector<Piece>& want) {
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  const SequenceValue& seq = out.value()[0].sequence();
  EXPECT_EQ(seq.elem_type, DType::kFloat32);
  ASSERT_EQ(seq.items.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(seq.items[i].dims(), want[i].dims) << "item " << i;
    EXPECT_EQ(seq.items[i].values<float>(), want[i].values) << "item " << i;
  }
}

Result<std::vector<Value>> Split(KernelRunner r, const HostTensor& x, const HostTensor* split) {
  if (split == nullptr) return r.RunValues({Value(x)});
  return r.Constant(1).RunValues({Value(x), Value(*split)});
}

KernelRunner Runner() { return KernelRunner(Library(), "SplitToSequence", 11); }

// X [2, 3] = {0 1 2 | 3 4 5}.
TEST(SplitToSequence, NoSplitGivesPiecesOfOne) {
  const HostTensor x = testing::IotaTensor({2, 3});
  ExpectPieces(Split(Runner(), x, nullptr), {{{1, 3}, {0, 1, 2}}, {{1, 3}, {3, 4, 5}}});
  ExpectPieces(Split(Runner().Attr("keepdims", int64_t{0}), x, nullptr), {{{3}, {0, 1, 2}}, {{3}, {3, 4, 5}}});
  ExpectPieces(Split(Runner().Attr("axis", int64_t{-1}).Attr("keepdims", int64_t{0}), x, nullptr),
               {{{2}, {0, 3}}, {{2}, {1, 4}}, {{2}, {2, 5}}});
  ExpectPieces(Split(Runner().Attr("axis", int64_t{1}), x, nullptr),
               {{{2, 1}, {0, 3}}, {{2, 1}, {1, 4}}, {{2, 1}, {2, 5}}});
}

// A scalar split cuts pieces of that size, the last one shorter; keepdims
// only matters without a split.
TEST(SplitToSequence, ScalarSplit) {
  const HostTensor x = testing::IotaTensor({5});
  const HostTensor two = HostTensor::From<int64_t>({}, {2});
  ExpectPieces(Split(Runner().Attr("keepdims", int64_t{0}), x, &two), {{{2}, {0, 1}}, {{2}, {2, 3}}, {{1}, {4}}});
  const HostTensor five = HostTensor::From<int32_t>({}, {5});
  ExpectPieces(Split(Runner(), x, &five), {{{5}, {0, 1, 2, 3, 4}}});
  const HostTensor seven = HostTensor::From<int32_t>({}, {7});
  ExpectPieces(Split(Runner(), x, &seven), {{{5}, {0, 1, 2, 3, 4}}});
}

// X [2, 4] = {0 1 2 3 | 4 5 6 7} split along axis 1 into 1, 0 and 3 columns.
TEST(SplitToSequence, ListedSizes) {
  const HostTensor x = testing::IotaTensor({2, 4});
  const HostTensor sizes = HostTensor::From<int32_t>({3}, {1, 0, 3});
  ExpectPieces(Split(Runner().Attr("axis", int64_t{1}), x, &sizes),
               {{{2, 1}, {0, 4}}, {{2, 0}, {}}, {{2, 3}, {1, 2, 3, 5, 6, 7}}});
  const HostTensor one_piece = HostTensor::From<int64_t>({1}, {2});
  ExpectPieces(Split(Runner(), x, &one_piece), {{{2, 4}, {0, 1, 2, 3, 4, 5, 6, 7}}});
}

TEST(SplitToSequence, Errors) {
  const HostTensor x = testing::IotaTensor({2, 4});
  const HostTensor short_sizes = HostTensor::From<int64_t>({2}, {1, 2});
  testing::ExpectError(Split(Runner().Attr("axis", int64_t{1}), x, &short_sizes), StatusCode::kInvalidArgument,
                       "node 'test_node' (#0, SplitToSequence opset 11): split sizes sum to 3 (expected 4, "
                       "the extent of axis 1)");
  const HostTensor negative = HostTensor::From<int64_t>({2}, {-1, 5});
  testing::ExpectError(Split(Runner().Attr("axis", int64_t{1}), x, &negative), StatusCode::kInvalidArgument,
                       "split size -1 is negative");
  const HostTensor zero = HostTensor::From<int64_t>({}, {0});
  testing::ExpectError(Split(Runner(), x, &zero), StatusCode::kInvalidArgument, "split size must be positive (got 0)");
  const HostTensor float_split = HostTensor::From<float>({}, {1});
  testing::ExpectError(Split(Runner(), x, &float_split), StatusCode::kInvalidArgument,
                       "input 'input1' must be int32 or int64 (got float)");
  testing::ExpectError(Split(Runner().Attr("axis", int64_t{2}), x, nullptr), StatusCode::kInvalidArgument,
                       "axis 2 is out of range for rank 2");
  testing::ExpectError(Split(Runner().Attr("axis", int64_t{-3}), x, nullptr), StatusCode::kInvalidArgument,
                       "axis -3 is out of range for rank 2");
  testing::ExpectError(Split(Runner(), HostTensor::From<float>({}, {1}), nullptr), StatusCode::kInvalidArgument,
                       "input 'input0' is a scalar (expected rank >= 1 to split)");
  // A split unknown when the node is prepared.
  testing::ExpectError(Runner().RunValues({Value(x), Value(short_sizes)}), StatusCode::kFailedPrecondition,
                       "split input 'input1' must be known ahead of time");
}

}  // namespace
}  // namespace onyx::kernels::ref
