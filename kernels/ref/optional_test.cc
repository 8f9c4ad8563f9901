#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

TEST(Optional, HoldsACopyOfATensor) {
  const HostTensor t = HostTensor::From<int32_t>({2, 2}, {1, 2, 3, 4});
  auto out = KernelRunner(Library(), "Optional", 15).RunValues({Value(t)});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  const Value& v = out.value()[0];
  ASSERT_FALSE(v.is_none());
  ASSERT_FALSE(v.is_sequence());
  EXPECT_EQ(v.dtype(), DType::kInt32);
  EXPECT_EQ(v.tensor().dims(), (Dims{2, 2}));
  EXPECT_EQ(v.tensor().values<int32_t>(), (std::vector<int32_t>{1, 2, 3, 4}));
  EXPECT_NE(v.tensor().data(), t.data());
}

TEST(Optional, HoldsACopyOfASequence) {
  const Value seq = SequenceOf(DType::kFloat32, {HostTensor::From<float>({1}, {5}), HostTensor::From<float>({0}, {})});
  auto out = KernelRunner(Library(), "Optional", 15).RunValues({seq});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  ASSERT_TRUE(out.value()[0].is_sequence());
  const SequenceValue& got = out.value()[0].sequence();
  EXPECT_EQ(got.elem_type, DType::kFloat32);
  ASSERT_EQ(got.items.size(), 2u);
  EXPECT_EQ(got.items[0].values<float>(), (std::vector<float>{5}));
  EXPECT_EQ(got.items[1].dims(), (Dims{0}));
}

// Without an input (its type is then the `type` attribute's) the optional is empty.
TEST(Optional, EmptyWithoutInput) {
  for (const std::vector<Value>& inputs : {std::vector<Value>{}, std::vector<Value>{AbsentInput()}}) {
    auto out = KernelRunner(Library(), "Optional", 15).RunValues(inputs);
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    EXPECT_TRUE(out.value()[0].is_none());
  }
}

TEST(Optional, Errors) {
  const Value t(HostTensor::From<float>({1}, {1}));
  testing::ExpectError(KernelRunner(Library(), "Optional", 15).RunValues({t, t}), StatusCode::kInvalidModel,
                       "node 'test_node' (#0, Optional opset 15): expected 0 to 1 inputs, got 2");
  testing::ExpectError(KernelRunner(Library(), "Optional", 14).RunValues({t}), StatusCode::kNotFound,
                       "no kernel for Optional opset 14");
}

}  // namespace
}  // namespace onyx::kernels::ref
