#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

TEST(SequenceConstruct, CopiesEachInputInOrder) {
  const HostTensor a = HostTensor::From<float>({2}, {1, 2});
  const HostTensor b = HostTensor::From<float>({1, 3}, {3, 4, 5});
  const HostTensor c = HostTensor::From<float>({0, 2}, {});
  auto out = KernelRunner(Library(), "SequenceConstruct", 11).RunValues({Value(a), Value(b), Value(c)});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  ASSERT_TRUE(out.value()[0].is_sequence());
  const SequenceValue& seq = out.value()[0].sequence();
  EXPECT_EQ(seq.elem_type, DType::kFloat32);
  ASSERT_EQ(seq.items.size(), 3u);
  EXPECT_EQ(seq.items[0].dims(), (Dims{2}));
  EXPECT_EQ(seq.items[0].values<float>(), (std::vector<float>{1, 2}));
  EXPECT_EQ(seq.items[1].dims(), (Dims{1, 3}));
  EXPECT_EQ(seq.items[1].values<float>(), (std::vector<float>{3, 4, 5}));
  EXPECT_EQ(seq.items[2].dims(), (Dims{0, 2}));
  // The items are copies, not views of the inputs.
  EXPECT_NE(seq.items[0].data(), a.data());
}

TEST(SequenceConstruct, OneScalarInput) {
  auto out = KernelRunner(Library(), "SequenceConstruct", 11).RunValues({Value(HostTensor::From<int64_t>({}, {-7}))});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  const SequenceValue& seq = out.value()[0].sequence();
  EXPECT_EQ(seq.elem_type, DType::kInt64);
  ASSERT_EQ(seq.items.size(), 1u);
  EXPECT_EQ(seq.items[0].dims(), Dims{});
  EXPECT_EQ(seq.items[0].values<int64_t>(), (std::vector<int64_t>{-7}));
}

TEST(SequenceConstruct, Errors) {
  auto mixed = KernelRunner(Library(), "SequenceConstruct", 11)
                   .RunValues({Value(HostTensor::From<float>({1}, {1})), Value(HostTensor::From<int64_t>({1}, {1}))});
  testing::ExpectError(mixed, StatusCode::kInvalidArgument,
                       "node 'test_node' (#0, SequenceConstruct opset 11): input 'input1' has dtype "
                       "int64 (expected float like the first)");
  testing::ExpectError(KernelRunner(Library(), "SequenceConstruct", 11).RunValues({}), StatusCode::kInvalidModel,
                       "expected at least 1 input (got 0)");
}

}  // namespace
}  // namespace onyx::kernels::ref
