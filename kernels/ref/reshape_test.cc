#include <gtest/gtest.h>

#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

// Reshape (opset 5+) of an iota tensor of `dims` to the constant `shape`.
Result<std::vector<HostTensor>> Reshape(int opset, const Dims& dims,
                                        const std::vector<int64_t>& shape, int64_t allowzero = -1) {
  KernelRunner runner(Library(), "Reshape", opset);
  runner.Constant(1);
  if (allowzero >= 0) runner.Attr("allowzero", allowzero);
  return runner.Run({testing::IotaTensor(dims),
                     HostTensor::From<int64_t>({static_cast<int64_t>(shape.size())}, shape)});
}

TEST(Reshape, GoldensFromTheOnnxExamples) {
  // onnx/backend/test/case/node/reshape.py, input shape [2, 3, 4].
  testing::ExpectDims(Reshape(13, {2, 3, 4}, {4, 2, 3}), {4, 2, 3});
  testing::ExpectDims(Reshape(13, {2, 3, 4}, {2, 12}), {2, 12});
  testing::ExpectDims(Reshape(13, {2, 3, 4}, {24}), {24});
  testing::ExpectDims(Reshape(13, {2, 3, 4}, {2, -1}), {2, 12});
  testing::ExpectDims(Reshape(13, {2, 3, 4}, {-1, 2, 3, 4}), {1, 2, 3, 4});
  testing::ExpectDims(Reshape(13, {2, 3, 4}, {2, 0, 4, 1}), {2, 3, 4, 1});
  testing::ExpectDims(Reshape(13, {2, 3, 4}, {2, 0, 1, -1}), {2, 3, 1, 4});
  testing::ExpectDims(Reshape(13, {2, 3, 4}, {0, 4, -1}), {2, 4, 3});
}

TEST(Reshape, ToAndFromScalars) {
  testing::ExpectDims(Reshape(13, {1, 1}, {}), {});
  testing::ExpectDims(Reshape(13, {}, {1, -1}), {1, 1});
  testing::ExpectError(
      Reshape(13, {2}, {}), StatusCode::kInvalidArgument,
      "cannot reshape input 'input0' of shape [2] to [] (expected 2 elements, got 1)");
}

TEST(Reshape, AllowZeroKeepsLiteralZeros) {
  // allowzero=1 (opset 14): a 0 is an extent, not "copy the input's".
  testing::ExpectDims(Reshape(14, {0, 3, 4}, {3, 4, 0}, 1), {3, 4, 0});
  // Without it the 0 copies input dim 2 (4), and 48 elements cannot come from 0.
  testing::ExpectError(Reshape(14, {0, 3, 4}, {3, 4, 0}, 0), StatusCode::kInvalidArgument,
                       "(expected 0 elements, got 48)");
  testing::ExpectError(
      Reshape(14, {0, 3}, {0, -1}, 1), StatusCode::kInvalidArgument,
      "shape with allowzero=1 has both 0 and -1 (expected at most one of them, got [0,-1])");
  testing::ExpectError(Reshape(13, {2}, {2}, 0), StatusCode::kInvalidModel,
                       "attribute 'allowzero' is not defined before opset 14");
  testing::ExpectError(Reshape(14, {2}, {2}, 2), StatusCode::kInvalidModel,
                       "attribute 'allowzero' (expected 0 or 1, got 2)");
}

TEST(Reshape, EmptyTensors) {
  testing::ExpectDims(Reshape(13, {0, 3}, {3, -1}), {3, 0});
  testing::ExpectDims(Reshape(13, {2, 0, 3}, {0, 5, -1}), {2, 5, 0});
  // -1 next to a zero extent is ambiguous, as in numpy.
  testing::ExpectError(Reshape(13, {0, 3}, {0, -1}), StatusCode::kInvalidArgument,
                       "cannot infer the -1 in shape [0,1]");
}

TEST(Reshape, RejectsBadShapes) {
  testing::ExpectError(
      Reshape(13, {2, 3}, {-1, -1}), StatusCode::kInvalidArgument,
      "shape has more than one -1 (expected at most one, got -1 at positions 0 and 1)");
  testing::ExpectError(
      Reshape(13, {2, 3}, {4, 2}), StatusCode::kInvalidArgument,
      "cannot reshape input 'input0' of shape [2,3] to [4,2] (expected 6 elements, got 8)");
  testing::ExpectError(Reshape(13, {2, 3}, {4, -1}), StatusCode::kInvalidArgument,
                       "(expected a divisor of 6 elements, got 4)");
  testing::ExpectError(Reshape(13, {2, 3}, {-2, -3}), StatusCode::kInvalidArgument,
                       "shape has an invalid extent at position 0 (expected -1 or more, got -2)");
  testing::ExpectError(
      Reshape(13, {6}, {2, 0}), StatusCode::kInvalidArgument,
      "shape has 0 at position 1, beyond the rank of input 'input0' (expected a position "
      "below 1, got 1)");
}

TEST(Reshape, ShapeMustBeKnownAheadOfTime) {
  auto out = KernelRunner(Library(), "Reshape", 13)
                 .Run({testing::IotaTensor({2, 3}), HostTensor::From<int64_t>({1}, {6})});
  testing::ExpectError(
      out, StatusCode::kFailedPrecondition,
      "shape input 'input1' must be known ahead of time (a constant, derived from shapes, "
      "or a small integer graph input)");
}

TEST(Reshape, ShapeInputMustBe1DInt64) {
  auto int32 = KernelRunner(Library(), "Reshape", 13)
                   .Constant(1)
                   .Run({testing::IotaTensor({2, 3}), HostTensor::From<int32_t>({1}, {6})});
  testing::ExpectError(int32, StatusCode::kInvalidArgument,
                       "shape input 'input1' has the wrong dtype (expected int64, got int32)");
  auto rank2 = KernelRunner(Library(), "Reshape", 13)
                   .Constant(1)
                   .Run({testing::IotaTensor({2, 3}), HostTensor::From<int64_t>({1, 2}, {3, 2})});
  testing::ExpectError(rank2, StatusCode::kInvalidArgument,
                       "must be 1-D (expected rank 1, got shape [1,2])");
}

TEST(Reshape, Opset1ReadsTheShapeAttribute) {
  auto out = KernelRunner(Library(), "Reshape", 1)
                 .Attr("shape", std::vector<int64_t>{3, -1})
                 .Run({testing::IotaTensor({2, 3})});
  testing::ExpectDims(out, {3, 2});
  testing::ExpectError(
      KernelRunner(Library(), "Reshape", 4).Run({HostTensor::From<float>({2}, {1, 2})}),
      StatusCode::kInvalidModel, "attribute 'shape' is missing");
  testing::ExpectError(KernelRunner(Library(), "Reshape", 1)
                           .Attr("shape", std::vector<int64_t>{-1, -1})
                           .Run({HostTensor::From<float>({2}, {1, 2})}),
                       StatusCode::kInvalidModel, "more than one -1");
  testing::ExpectError(KernelRunner(Library(), "Reshape", 1)
                           .Attr("shape", std::vector<int64_t>{1})
                           .Run({HostTensor::From<int64_t>({1}, {1})}),
                       StatusCode::kNotFound, "Reshape opset 1 dtype int64");
}

TEST(Reshape, MovesEveryDtype) {
  auto out = KernelRunner(Library(), "Reshape", 14)
                 .Constant(1)
                 .Run({HostTensor::From<int8_t>({2, 2}, {1, -2, 3, -4}),
                       HostTensor::From<int64_t>({1}, {-1})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dims(), (Dims{4}));
  EXPECT_EQ(out.value()[0].values<int8_t>(), (std::vector<int8_t>{1, -2, 3, -4}));
  auto u64 = KernelRunner(Library(), "Reshape", 5)
                 .Constant(1)
                 .Run({HostTensor::From<uint64_t>({3}, {1, 2, 3}),
                       HostTensor::From<int64_t>({2}, {3, 1})});
  ASSERT_TRUE(u64.ok()) << u64.status().ToString();
  EXPECT_EQ(u64.value()[0].dims(), (Dims{3, 1}));
  EXPECT_EQ(u64.value()[0].values<uint64_t>(), (std::vector<uint64_t>{1, 2, 3}));
}

}  // namespace
}  // namespace onyx::kernels::ref
