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

// Opset 13+: axes as a constant input.
Result<std::vector<HostTensor>> SqueezeInput(const Dims& dims, const std::vector<int64_t>& axes) {
  return KernelRunner(Library(), "Squeeze", 13)
      .Constant(1)
      .Run({X(dims), HostTensor::From<int64_t>({static_cast<int64_t>(axes.size())}, axes)});
}

// Opsets 1 to 12: axes as an attribute.
Result<std::vector<HostTensor>> SqueezeAttr(int opset, const Dims& dims,
                                            const std::vector<int64_t>& axes) {
  return KernelRunner(Library(), "Squeeze", opset).Attr("axes", axes).Run({X(dims)});
}

TEST(Squeeze, GoldenFromTheOnnxDocs) {
  // Shape (1, 3, 4, 5), axes [0] -> (3, 4, 5).
  ExpectDims(SqueezeInput({1, 3, 4, 5}, {0}), {3, 4, 5});
  ExpectDims(SqueezeAttr(1, {1, 3, 4, 5}, {0}), {3, 4, 5});
}

TEST(Squeeze, NoAxesRemovesEveryOne) {
  ExpectDims(KernelRunner(Library(), "Squeeze", 11).Run({X({1, 3, 1, 5})}), {3, 5});
  ExpectDims(KernelRunner(Library(), "Squeeze", 13).Run({X({1, 3, 1, 5})}), {3, 5});
  ExpectDims(KernelRunner(Library(), "Squeeze", 13).Run({X({1, 3, 1, 5}), HostTensor()}), {3, 5});
  ExpectDims(KernelRunner(Library(), "Squeeze", 13).Run({X({1, 1})}), {});
  ExpectDims(KernelRunner(Library(), "Squeeze", 13).Run({X({})}), {});
}

TEST(Squeeze, NegativeAxesFromOpset11) {
  ExpectDims(SqueezeAttr(11, {1, 3, 1, 5}, {-2}), {1, 3, 5});
  ExpectDims(SqueezeInput({1, 3, 1, 5}, {-4, 2}), {3, 5});
  ExpectError(SqueezeAttr(10, {1, 3}, {-2}), StatusCode::kInvalidModel,
              "attribute 'axes' has axis -2 out of range (expected [0, 1], got -2)");
}

TEST(Squeeze, RepeatedAxisRemovesOnce) { ExpectDims(SqueezeInput({2, 1, 3}, {1, -2}), {2, 3}); }

TEST(Squeeze, EmptyTensor) {
  ExpectDims(SqueezeInput({0, 1, 2}, {1}), {0, 2});
  ExpectDims(KernelRunner(Library(), "Squeeze", 13).Run({X({1, 0, 1})}), {0});
}

TEST(Squeeze, RejectsAxesThatAreNotOne) {
  ExpectError(
      SqueezeInput({2, 3}, {1}), StatusCode::kInvalidArgument,
      "cannot squeeze axis 1 of input 'input0' with shape [2,3] (expected extent 1, got 3)");
  ExpectError(SqueezeInput({1, 3}, {2}), StatusCode::kInvalidArgument,
              "axes input 'input1' has axis 2 out of range (expected [-2, 1], got 2)");
  ExpectError(SqueezeAttr(12, {1, 3}, {-3}), StatusCode::kInvalidModel,
              "attribute 'axes' has axis -3 out of range (expected [-2, 1], got -3)");
}

TEST(Squeeze, AxesMustBeKnownAheadOfTime) {
  ExpectError(
      KernelRunner(Library(), "Squeeze", 13).Run({X({1, 3}), HostTensor::From<int64_t>({1}, {0})}),
      StatusCode::kFailedPrecondition, "axes input 'input1' must be known ahead of time");
  ExpectError(KernelRunner(Library(), "Squeeze", 13)
                  .Constant(1)
                  .Run({X({1, 3}), HostTensor::From<int32_t>({1}, {0})}),
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
