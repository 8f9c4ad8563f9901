#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

void ExpectError(const Result<std::vector<HostTensor>>& r, StatusCode code,
                 const std::string& text) {
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), code) << r.status().ToString();
  EXPECT_NE(r.status().message().find(text), std::string::npos) << r.status().message();
}

std::vector<float> Iota(int64_t n) {
  std::vector<float> v(n);
  for (int64_t i = 0; i < n; ++i) v[i] = static_cast<float>(i);
  return v;
}

HostTensor X(const Dims& dims) { return HostTensor::From<float>(dims, Iota(NumElements(dims))); }

void ExpectDims(const Result<std::vector<HostTensor>>& r, const Dims& expected) {
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r.value()[0].dims(), expected);
  EXPECT_EQ(r.value()[0].values<float>(), Iota(NumElements(expected)));
}

Result<std::vector<HostTensor>> UnsqueezeInput(const Dims& dims, const std::vector<int64_t>& axes) {
  return KernelRunner(Library(), "Unsqueeze", 13)
      .Constant(1)
      .Run({X(dims), HostTensor::From<int64_t>({static_cast<int64_t>(axes.size())}, axes)});
}

Result<std::vector<HostTensor>> UnsqueezeAttr(int opset, const Dims& dims,
                                              const std::vector<int64_t>& axes) {
  return KernelRunner(Library(), "Unsqueeze", opset).Attr("axes", axes).Run({X(dims)});
}

TEST(Unsqueeze, GoldensFromTheOnnxDocs) {
  // Shape [3, 4, 5] with axes [0, 4] -> [1, 3, 4, 5, 1]; the order of axes does not matter.
  ExpectDims(UnsqueezeInput({3, 4, 5}, {0, 4}), {1, 3, 4, 5, 1});
  ExpectDims(UnsqueezeInput({3, 4, 5}, {4, 0}), {1, 3, 4, 5, 1});
  ExpectDims(UnsqueezeAttr(1, {3, 4, 5}, {0, 4}), {1, 3, 4, 5, 1});
  ExpectDims(UnsqueezeInput({3, 4, 5}, {2}), {3, 4, 1, 5});
  ExpectDims(UnsqueezeInput({3, 4, 5}, {1, 2}), {3, 1, 1, 4, 5});
}

TEST(Unsqueeze, NegativeAxesCountInTheOutput) {
  ExpectDims(UnsqueezeInput({1, 3, 1, 5}, {-2}), {1, 3, 1, 1, 5});
  ExpectDims(UnsqueezeAttr(11, {3}, {-1}), {3, 1});
  ExpectDims(UnsqueezeAttr(12, {3}, {-1, -3}), {1, 3, 1});
  ExpectError(UnsqueezeAttr(10, {3}, {-1}), StatusCode::kInvalidModel,
              "attribute 'axes' has axis -1 out of range (expected [0, 1], got -1)");
}

TEST(Unsqueeze, ScalarAndEmpty) {
  ExpectDims(UnsqueezeInput({}, {0}), {1});
  ExpectDims(UnsqueezeInput({}, {0, 1}), {1, 1});
  ExpectDims(UnsqueezeInput({0, 2}, {1}), {0, 1, 2});
  // A rank-0 axes input is accepted, as ONNX Runtime accepts it.
  ExpectDims(KernelRunner(Library(), "Unsqueeze", 13)
                 .Constant(1)
                 .Run({X({2}), HostTensor::From<int64_t>({}, {0})}),
             {1, 2});
}

TEST(Unsqueeze, RejectsBadAxes) {
  ExpectError(
      UnsqueezeInput({3}, {0, 0}), StatusCode::kInvalidArgument,
      "axes input 'input1' repeats axis 0 (expected distinct axes, got [0,0] after normalizing)");
  ExpectError(UnsqueezeAttr(11, {3}, {1, -2}), StatusCode::kInvalidModel,
              "attribute 'axes' repeats axis 1");
  ExpectError(UnsqueezeInput({3}, {2}), StatusCode::kInvalidArgument,
              "axes input 'input1' has axis 2 out of range (expected [-2, 1], got 2)");
  ExpectError(KernelRunner(Library(), "Unsqueeze", 11).Run({X({3})}), StatusCode::kInvalidModel,
              "attribute 'axes' is missing");
  ExpectError(KernelRunner(Library(), "Unsqueeze", 13).Run({X({3})}), StatusCode::kInvalidModel,
              "expected 2 inputs, got 1");
}

TEST(Unsqueeze, AxesMustBeKnownAheadOfTime) {
  ExpectError(
      KernelRunner(Library(), "Unsqueeze", 13).Run({X({3}), HostTensor::From<int64_t>({1}, {0})}),
      StatusCode::kFailedPrecondition, "axes input 'input1' must be known ahead of time");
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
