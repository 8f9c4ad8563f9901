#include <gtest/gtest.h>

#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

Result<std::vector<HostTensor>> UnsqueezeInput(const Dims& dims, const std::vector<int64_t>& axes) {
  return KernelRunner(Library(), "Unsqueeze", 13)
      .Constant(1)
      .Run({testing::IotaTensor(dims),
            HostTensor::From<int64_t>({static_cast<int64_t>(axes.size())}, axes)});
}

Result<std::vector<HostTensor>> UnsqueezeAttr(int opset, const Dims& dims,
                                              const std::vector<int64_t>& axes) {
  return KernelRunner(Library(), "Unsqueeze", opset)
      .Attr("axes", axes)
      .Run({testing::IotaTensor(dims)});
}

TEST(Unsqueeze, GoldensFromTheOnnxDocs) {
  // Shape [3, 4, 5] with axes [0, 4] -> [1, 3, 4, 5, 1]; the order of axes does not matter.
  testing::ExpectDims(UnsqueezeInput({3, 4, 5}, {0, 4}), {1, 3, 4, 5, 1});
  testing::ExpectDims(UnsqueezeInput({3, 4, 5}, {4, 0}), {1, 3, 4, 5, 1});
  testing::ExpectDims(UnsqueezeAttr(1, {3, 4, 5}, {0, 4}), {1, 3, 4, 5, 1});
  testing::ExpectDims(UnsqueezeInput({3, 4, 5}, {2}), {3, 4, 1, 5});
  testing::ExpectDims(UnsqueezeInput({3, 4, 5}, {1, 2}), {3, 1, 1, 4, 5});
}

TEST(Unsqueeze, NegativeAxesCountInTheOutput) {
  testing::ExpectDims(UnsqueezeInput({1, 3, 1, 5}, {-2}), {1, 3, 1, 1, 5});
  testing::ExpectDims(UnsqueezeAttr(11, {3}, {-1}), {3, 1});
  testing::ExpectDims(UnsqueezeAttr(12, {3}, {-1, -3}), {1, 3, 1});
  testing::ExpectError(UnsqueezeAttr(10, {3}, {-1}), StatusCode::kInvalidModel,
                       "attribute 'axes' has axis -1 out of range (expected [0, 1], got -1)");
}

TEST(Unsqueeze, ScalarAndEmpty) {
  testing::ExpectDims(UnsqueezeInput({}, {0}), {1});
  testing::ExpectDims(UnsqueezeInput({}, {0, 1}), {1, 1});
  testing::ExpectDims(UnsqueezeInput({0, 2}, {1}), {0, 1, 2});
  // A rank-0 axes input is accepted, as ONNX Runtime accepts it.
  testing::ExpectDims(KernelRunner(Library(), "Unsqueeze", 13)
                          .Constant(1)
                          .Run({testing::IotaTensor({2}), HostTensor::From<int64_t>({}, {0})}),
                      {1, 2});
}

TEST(Unsqueeze, RejectsBadAxes) {
  testing::ExpectError(
      UnsqueezeInput({3}, {0, 0}), StatusCode::kInvalidArgument,
      "axes input 'input1' repeats axis 0 (expected distinct axes, got [0,0] after normalizing)");
  testing::ExpectError(UnsqueezeAttr(11, {3}, {1, -2}), StatusCode::kInvalidModel,
                       "attribute 'axes' repeats axis 1");
  testing::ExpectError(UnsqueezeInput({3}, {2}), StatusCode::kInvalidArgument,
                       "axes input 'input1' has axis 2 out of range (expected [-2, 1], got 2)");
  testing::ExpectError(KernelRunner(Library(), "Unsqueeze", 11).Run({testing::IotaTensor({3})}),
                       StatusCode::kInvalidModel, "attribute 'axes' is missing");
  testing::ExpectError(KernelRunner(Library(), "Unsqueeze", 13).Run({testing::IotaTensor({3})}),
                       StatusCode::kInvalidModel, "expected 2 inputs, got 1");
}

TEST(Unsqueeze, AxesMustBeKnownAheadOfTime) {
  testing::ExpectError(KernelRunner(Library(), "Unsqueeze", 13)
                           .Run({testing::IotaTensor({3}), HostTensor::From<int64_t>({1}, {0})}),
                       StatusCode::kFailedPrecondition,
                       "axes input 'input1' must be known ahead of time");
}

TEST(Unsqueeze, AnyDtype) {
  auto out =
      KernelRunner(Library(), "Unsqueeze", 13)
          .Constant(1)
          .Run({HostTensor::From<uint32_t>({2}, {7, 9}), HostTensor::From<int64_t>({1}, {0})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dims(), (Dims{1, 2}));
  EXPECT_EQ(out.value()[0].values<uint32_t>(), (std::vector<uint32_t>{7, 9}));
}

}  // namespace
}  // namespace onyx::kernels::ref
