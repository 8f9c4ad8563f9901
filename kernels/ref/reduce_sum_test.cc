#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <type_traits>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

using testing::ExpectError;

constexpr const char* kOp = "ReduceSum";
constexpr int kAxesInputSince = 13;

}  // namespace
}  // namespace onyx::kernels::ref

#include "kernels/ref/internal/reduce_test_util.h"

namespace onyx::kernels::ref {
namespace {

template <typename T>
void CheckRandom(int opset, double tol, std::mt19937& rng) {
  CheckRandom<T>(opset, tol, std::is_unsigned_v<T> ? 0 : -8, 8, rng,
                 [](const std::vector<double>& group) {
                   double want = 0;
                   for (double v : group) want += v;
                   return want;
                 });
}


TEST(ReduceSum, RandomShapesAndAxes) {
  std::mt19937 rng(7);
  for (int opset : {1, 11, 13}) {
    CheckRandom<float>(opset, 1e-5, rng);
    CheckRandom<double>(opset, 1e-12, rng);
    CheckRandom<int32_t>(opset, 0, rng);
    CheckRandom<int64_t>(opset, 0, rng);
    CheckRandom<Float16>(opset, 2e-3, rng);
  }
  CheckRandom<uint32_t>(13, 0, rng);
  CheckRandom<BFloat16>(13, 1e-2, rng);
}

TEST(ReduceSum, OnnxDocGolden) {
  // [[[1,2],[3,4]],[[5,6],[7,8]],[[9,10],[11,12]]], axes [1].
  const HostTensor x = testing::IotaTensor({3, 2, 2});
  auto keep = Reduce(13, x, {1}, true);
  ASSERT_TRUE(keep.ok()) << keep.status().ToString();
  EXPECT_EQ(keep.value()[0].dims(), (Dims{3, 1, 2}));
  EXPECT_EQ(keep.value()[0].values<float>(), (std::vector<float>{2, 4, 10, 12, 18, 20}));
  auto drop = Reduce(11, x, {-2}, false);
  ASSERT_TRUE(drop.ok()) << drop.status().ToString();
  EXPECT_EQ(drop.value()[0].dims(), (Dims{3, 2}));
  auto all = Reduce(13, x, {}, false);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  EXPECT_EQ(all.value()[0].dims(), Dims{});
  EXPECT_EQ(all.value()[0].values<float>(), std::vector<float>{66});
}

TEST(ReduceSum, NoopWithEmptyAxesIsIdentity) {
  const HostTensor x = testing::IotaTensor({2, 3});
  testing::ExpectDims(Reduce(13, x, {}, true, /*noop=*/true), {2, 3});
  // Without the axes input at all.
  testing::ExpectDims(
      KernelRunner(Library(), "ReduceSum", 13).Attr("noop_with_empty_axes", int64_t{1}).Run({x}),
      {2, 3});
}

TEST(ReduceSum, EmptySetIsZero) {
  auto out = Reduce(13, HostTensor::From<float>({2, 0, 4}, {}), {1}, true);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dims(), (Dims{2, 1, 4}));
  EXPECT_EQ(out.value()[0].values<float>(), std::vector<float>(8, 0));
  auto none = Reduce(13, HostTensor::From<float>({2, 0, 4}, {}), {2}, true);
  ASSERT_TRUE(none.ok()) << none.status().ToString();
  EXPECT_EQ(none.value()[0].dims(), (Dims{2, 0, 1}));
}

TEST(ReduceSum, IntegersWrapAround) {
  auto out = Reduce(13, HostTensor::From<int32_t>({2}, {INT32_MAX, 1}), {}, false);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].values<int32_t>(), std::vector<int32_t>{INT32_MIN});
}

TEST(ReduceSum, Errors) {
  const HostTensor x = testing::IotaTensor({2, 3});
  ExpectError(Reduce(13, x, {2}, true), StatusCode::kInvalidArgument,
              "axes input 'input1' has axis 2 out of range (expected [-2, 1], got 2)");
  ExpectError(Reduce(11, x, {-3}, true), StatusCode::kInvalidModel,
              "attribute 'axes' has axis -3 out of range");
  ExpectError(Reduce(13, x, {1, -1}, true), StatusCode::kInvalidArgument,
              "repeats axis 1 (expected distinct axes, got [1,-1])");
  ExpectError(
      KernelRunner(Library(), "ReduceSum", 13).Attr("axes", std::vector<int64_t>{0}).Run({x}),
      StatusCode::kInvalidModel, "attribute 'axes' is an input from opset 13 on");
  ExpectError(
      KernelRunner(Library(), "ReduceSum", 11).Attr("noop_with_empty_axes", int64_t{1}).Run({x}),
      StatusCode::kInvalidModel, "'noop_with_empty_axes' is not defined before opset 13");
  ExpectError(KernelRunner(Library(), "ReduceSum", 13).Attr("keepdims", int64_t{2}).Run({x}),
              StatusCode::kInvalidModel, "attribute 'keepdims' (expected 0 or 1, got 2)");
  ExpectError(
      KernelRunner(Library(), "ReduceSum", 13).Run({x, HostTensor::From<int64_t>({1}, {0})}),
      StatusCode::kFailedPrecondition, "axes input 'input1' must be known ahead of time");
  ExpectError(KernelRunner(Library(), "ReduceSum", 13)
                  .Constant(1)
                  .Run({x, HostTensor::From<int32_t>({1}, {0})}),
              StatusCode::kInvalidArgument, "(expected int64, got int32)");
}

}  // namespace
}  // namespace onyx::kernels::ref
