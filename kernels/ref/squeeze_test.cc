#include <gtest/gtest.h>

#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

// Opset 13+: axes as a constant input.
Result<std::vector<HostTensor>> SqueezeInput(const Dims& dims, const std::vector<int64_t>& axes) {
  return KernelRunner(Library(), "Squeeze", 13)
      .Constant(1)
      .Run({testing::IotaTensor(dims),
            HostTensor::From<int64_t>({static_cast<int64_t>(axes.size())}, axes)});
}

// Opsets 1 to 12: axes as an attribute.
Result<std::vector<HostTensor>> SqueezeAttr(int opset, const Dims& dims,
                                            const std::vector<int64_t>& axes) {
  return KernelRunner(Library(), "Squeeze", opset)
      .Attr("axes", axes)
      .Run({testing::IotaTensor(dims)});
}

TEST(Squeeze, GoldenFromTheOnnxDocs) {
  // Shape (1, 3, 4, 5), axes [0] -> (3, 4, 5).
  testing::ExpectDims(SqueezeInput({1, 3, 4, 5}, {0}), {3, 4, 5});
  testing::ExpectDims(SqueezeAttr(1, {1, 3, 4, 5}, {0}), {3, 4, 5});
}

TEST(Squeeze, NoAxesRemovesEveryOne) {
  testing::ExpectDims(
      KernelRunner(Library(), "Squeeze", 11).Run({testing::IotaTensor({1, 3, 1, 5})}), {3, 5});
  testing::ExpectDims(
      KernelRunner(Library(), "Squeeze", 13).Run({testing::IotaTensor({1, 3, 1, 5})}), {3, 5});
  testing::ExpectDims(
      KernelRunner(Library(), "Squeeze", 13).Run({testing::IotaTensor({1, 3, 1, 5}), HostTensor()}),
      {3, 5});
  testing::ExpectDims(KernelRunner(Library(), "Squeeze", 13).Run({testing::IotaTensor({1, 1})}),
                      {});
  testing::ExpectDims(KernelRunner(Library(), "Squeeze", 13).Run({testing::IotaTensor({})}), {});
}

TEST(Squeeze, NegativeAxesFromOpset11) {
  testing::ExpectDims(SqueezeAttr(11, {1, 3, 1, 5}, {-2}), {1, 3, 5});
  testing::ExpectDims(SqueezeInput({1, 3, 1, 5}, {-4, 2}), {3, 5});
  testing::ExpectError(SqueezeAttr(10, {1, 3}, {-2}), StatusCode::kInvalidModel,
                       "attribute 'axes' has axis -2 out of range (expected [0, 1], got -2)");
}

TEST(Squeeze, RepeatedAxisRemovesOnce) {
  testing::ExpectDims(SqueezeInput({2, 1, 3}, {1, -2}), {2, 3});
}

TEST(Squeeze, EmptyTensor) {
  testing::ExpectDims(SqueezeInput({0, 1, 2}, {1}), {0, 2});
  testing::ExpectDims(KernelRunner(Library(), "Squeeze", 13).Run({testing::IotaTensor({1, 0, 1})}),
                      {0});
}

TEST(Squeeze, RejectsAxesThatAreNotOne) {
  testing::ExpectError(
      SqueezeInput({2, 3}, {1}), StatusCode::kInvalidArgument,
      "cannot squeeze axis 1 of input 'input0' with shape [2,3] (expected extent 1, got 3)");
  testing::ExpectError(SqueezeInput({1, 3}, {2}), StatusCode::kInvalidArgument,
                       "axes input 'input1' has axis 2 out of range (expected [-2, 1], got 2)");
  testing::ExpectError(SqueezeAttr(12, {1, 3}, {-3}), StatusCode::kInvalidModel,
                       "attribute 'axes' has axis -3 out of range (expected [-2, 1], got -3)");
}

TEST(Squeeze, AxesMustBeKnownAheadOfTime) {
  testing::ExpectError(KernelRunner(Library(), "Squeeze", 13)
                           .Run({testing::IotaTensor({1, 3}), HostTensor::From<int64_t>({1}, {0})}),
                       StatusCode::kFailedPrecondition,
                       "axes input 'input1' must be known ahead of time");
  testing::ExpectError(KernelRunner(Library(), "Squeeze", 13)
                           .Constant(1)
                           .Run({testing::IotaTensor({1, 3}), HostTensor::From<int32_t>({1}, {0})}),
                       StatusCode::kInvalidArgument,
                       "axes input 'input1' has the wrong dtype (expected int64, got int32)");
}

TEST(Squeeze, AnyDtype) {
  auto out =
      KernelRunner(Library(), "Squeeze", 21).Run({HostTensor::From<int16_t>({1, 2}, {-1, 2})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dims(), (Dims{2}));
  EXPECT_EQ(out.value()[0].values<int16_t>(), (std::vector<int16_t>{-1, 2}));
}

}  // namespace
}  // namespace onyx::kernels::ref
