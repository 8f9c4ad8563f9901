#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

#include "kernels/ref/internal/binary_test_util.h"

namespace onyx::kernels::ref {
namespace {

Result<std::vector<HostTensor>> Expand(int opset, const HostTensor& x, std::vector<int64_t> shape) {
  return KernelRunner(Library(), "Expand", opset)
      .Constant(1)
      .Run({x, HostTensor::From<int64_t>({static_cast<int64_t>(shape.size())}, shape)});
}

TEST(Expand, BroadcastsBothWaysLikeNumpy) {
  // ONNX's examples: [3,1] to [2,1,6] gives [2,3,6]; to [3,4] gives [3,4].
  const HostTensor x = testing::Tensor<float>({3, 1}, {1, 2, 3});
  auto up = Expand(13, x, {2, 1, 6});
  ASSERT_TRUE(up.ok()) << up.status().ToString();
  EXPECT_EQ(up.value()[0].dims(), (Dims{2, 3, 6}));
  std::vector<float> want;
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 6; ++k) want.push_back(j + 1.0f);
  EXPECT_EQ(up.value()[0].values<float>(), want);
  auto keep = Expand(8, x, {1});
  ASSERT_TRUE(keep.ok()) << keep.status().ToString();
  EXPECT_EQ(keep.value()[0].dims(), (Dims{3, 1}));
}

TEST(Expand, RandomShapesMatchANaiveReference) {
  std::mt19937 rng(8);
  for (int trial = 0; trial < 100; ++trial) {
    Dims dx, dshape, dout;
    testing::RandomBroadcastShapes(rng, dx, dshape, dout);
    std::vector<int32_t> x(NumElements(dx));
    for (size_t i = 0; i < x.size(); ++i) x[i] = static_cast<int32_t>(i * 7 + 1);
    auto out = Expand(13, HostTensor::From<int32_t>(dx, x), dshape);
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    ASSERT_EQ(out.value()[0].dims(), dout);
    const std::vector<int32_t> got = out.value()[0].values<int32_t>();
    for (int64_t i = 0; i < NumElements(dout); ++i) {
      ASSERT_EQ(got[i], x[testing::BroadcastOffset(dx, dout, i)]) << i;
    }
  }
}

TEST(Expand, ZeroExtentsAndBytes) {
  auto zero = Expand(13, testing::Tensor<double>({1}, {5}), {2, 0});
  ASSERT_TRUE(zero.ok()) << zero.status().ToString();
  EXPECT_EQ(zero.value()[0].dims(), (Dims{2, 0}));
  auto b = Expand(13, testing::BoolTensor({2}, {true, false}), {2, 2});
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_EQ(b.value()[0].values<uint8_t>(), (std::vector<uint8_t>{1, 0, 1, 0}));
}

TEST(Expand, Errors) {
  const HostTensor x = testing::Tensor<float>({3}, {1, 2, 3});
  testing::ExpectError(Expand(13, x, {2}), StatusCode::kInvalidArgument,
                       "[3] and [2] cannot be broadcast");
  testing::ExpectError(Expand(13, x, {-1, 3}), StatusCode::kInvalidArgument,
                       "negative extent (expected >= 0, got [-1,3])");
  testing::ExpectError(
      KernelRunner(Library(), "Expand", 13).Run({x, HostTensor::From<int64_t>({1}, {3})}),
      StatusCode::kFailedPrecondition, "must be known ahead of time");
  testing::ExpectError(KernelRunner(Library(), "Expand", 13)
                           .Constant(1)
                           .Run({x, HostTensor::From<int32_t>({1}, {3})}),
                       StatusCode::kInvalidArgument, "(expected int64, got int32)");
  testing::ExpectError(Expand(12, testing::Tensor<BFloat16>({1}, {1}), {2}), StatusCode::kNotFound,
                       "no kernel for Expand opset 12 dtype bfloat16");
}

}  // namespace
}  // namespace onyx::kernels::ref
