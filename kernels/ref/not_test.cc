#include <gtest/gtest.h>

#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

using testing::BoolTensor;
using testing::ExpectError;

std::vector<bool> AsBools(const HostTensor& t) {
  const bool* p = static_cast<const bool*>(t.data());
  return std::vector<bool>(p, p + NumElements(t.dims()));
}

TEST(Not, NegatesEveryElement) {
  auto out = KernelRunner(Library(), "Not", 1)
                 .Run({BoolTensor({2, 3}, {true, false, false, true, true, true})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dtype(), DType::kBool);
  EXPECT_EQ(out.value()[0].dims(), (Dims{2, 3}));
  EXPECT_EQ(AsBools(out.value()[0]), (std::vector<bool>{false, true, true, false, false, false}));
}

TEST(Not, ScalarAndEmpty) {
  auto scalar = KernelRunner(Library(), "Not", 1).Run({BoolTensor({}, {false})});
  ASSERT_TRUE(scalar.ok()) << scalar.status().ToString();
  EXPECT_EQ(AsBools(scalar.value()[0]), (std::vector<bool>{true}));
  auto empty = KernelRunner(Library(), "Not", 1).Run({BoolTensor({3, 0}, {})});
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_EQ(empty.value()[0].dims(), (Dims{3, 0}));
}

TEST(Not, OnlyBool) {
  ExpectError(KernelRunner(Library(), "Not", 1).Run({HostTensor::From<uint8_t>({1}, {1})}),
              StatusCode::kNotFound, "Not opset 1 dtype uint8");
  const HostTensor x = BoolTensor({1}, {true});
  ExpectError(KernelRunner(Library(), "Not", 1).Run({x, x}), StatusCode::kInvalidModel,
              "expected 1 inputs, got 2");
}

}  // namespace
}  // namespace onyx::kernels::ref
