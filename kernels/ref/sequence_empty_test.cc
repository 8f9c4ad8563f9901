#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

TEST(SequenceEmpty, DefaultsToFloat) {
  auto out = KernelRunner(Library(), "SequenceEmpty", 11).RunValues({});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  ASSERT_TRUE(out.value()[0].is_sequence());
  EXPECT_EQ(out.value()[0].sequence().elem_type, DType::kFloat32);
  EXPECT_TRUE(out.value()[0].sequence().items.empty());
}

TEST(SequenceEmpty, DTypeAttribute) {
  for (DType dtype : {DType::kInt64, DType::kBool, DType::kFloat16, DType::kUInt8}) {
    auto out =
        KernelRunner(Library(), "SequenceEmpty", 11).Attr("dtype", int64_t{static_cast<int32_t>(dtype)}).RunValues({});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    EXPECT_EQ(out.value()[0].sequence().elem_type, dtype) << DTypeName(dtype);
    EXPECT_TRUE(out.value()[0].sequence().items.empty());
  }
}

TEST(SequenceEmpty, Errors) {
  for (int64_t bad : {int64_t{0}, int64_t{99}, int64_t{-1}}) {
    testing::ExpectError(KernelRunner(Library(), "SequenceEmpty", 11).Attr("dtype", bad).RunValues({}),
                         StatusCode::kInvalidModel,
                         StrCat("node 'test_node' (#0, SequenceEmpty opset 11): attribute 'dtype' is ", bad,
                                " (expected an ONNX tensor type)"));
  }
  testing::ExpectError(
      KernelRunner(Library(), "SequenceEmpty", 11).RunValues({Value(HostTensor::From<float>({1}, {1}))}),
      StatusCode::kInvalidModel, "expected 0 inputs, got 1");
}

}  // namespace
}  // namespace onyx::kernels::ref
