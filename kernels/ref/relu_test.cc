#include <gtest/gtest.h>

#include <cmath>

#include "kernels/api/kernel_test_util.h"
#include "kernels/api/kernel_runner.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

TEST(Relu, ClampsNegativesAndKeepsNaN) {
  auto out = KernelRunner(Library(), "Relu", 14).Run({HostTensor::From<float>({4}, {-1.5f, 0, 2, NAN})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  std::vector<float> v = out.value()[0].values<float>();
  EXPECT_EQ(v[0], 0);
  EXPECT_EQ(v[1], 0);
  EXPECT_EQ(v[2], 2);
  EXPECT_TRUE(std::isnan(v[3]) || v[3] == 0);  // ONNX leaves NaN handling to max(); both are seen.
}

TEST(Relu, EmptyTensor) {
  auto out = KernelRunner(Library(), "Relu", 14).Run({HostTensor::From<float>({0, 3}, {})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dims(), (Dims{0, 3}));
}

TEST(Relu, KeepsNaNAsNumpyMaximumDoes) {
  auto out = KernelRunner(Library(), "Relu", 6).Run({HostTensor::From<double>({2}, {NAN, -0.5})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_TRUE(std::isnan(out.value()[0].values<double>()[0]));
  EXPECT_EQ(out.value()[0].values<double>()[1], 0.0);
}

TEST(Relu, HalfTypes) {
  const std::vector<Float16> x = {Float16(-1.5f), Float16(0.0f), Float16(2.5f)};
  auto h = KernelRunner(Library(), "Relu", 1).Run({HostTensor::From<Float16>({3}, x)});
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  std::vector<Float16> hv = h.value()[0].values<Float16>();
  EXPECT_EQ(static_cast<float>(hv[0]), 0.0f);
  EXPECT_EQ(static_cast<float>(hv[2]), 2.5f);
  auto b = KernelRunner(Library(), "Relu", 13)
               .Run({HostTensor::From<BFloat16>({2}, {BFloat16(-3.0f), BFloat16(0.75f)})});
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  std::vector<BFloat16> bv = b.value()[0].values<BFloat16>();
  EXPECT_EQ(static_cast<float>(bv[0]), 0.0f);
  EXPECT_EQ(static_cast<float>(bv[1]), 0.75f);
}

TEST(Relu, SignedIntegersFromOpset14) {
  auto out = KernelRunner(Library(), "Relu", 14)
                 .Run({HostTensor::From<int8_t>({4}, {-128, -1, 0, 127})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].values<int8_t>(), (std::vector<int8_t>{0, 0, 0, 127}));
  auto i64 = KernelRunner(Library(), "Relu", 14)
                 .Run({HostTensor::From<int64_t>({2}, {-5000000000, 5000000000})});
  ASSERT_TRUE(i64.ok()) << i64.status().ToString();
  EXPECT_EQ(i64.value()[0].values<int64_t>(), (std::vector<int64_t>{0, 5000000000}));
}

TEST(Relu, DTypesFollowTheOpset) {
  using testing::ExpectError;
  ExpectError(KernelRunner(Library(), "Relu", 13).Run({HostTensor::From<int32_t>({1}, {1})}),
              StatusCode::kNotFound, "Relu opset 13 dtype int32");
  ExpectError(KernelRunner(Library(), "Relu", 14).Run({HostTensor::From<uint8_t>({1}, {1})}),
              StatusCode::kNotFound, "Relu opset 14 dtype uint8");
  ExpectError(
      KernelRunner(Library(), "Relu", 12).Run({HostTensor::From<BFloat16>({1}, {BFloat16(1.0f)})}),
      StatusCode::kNotFound, "Relu opset 12 dtype bfloat16");
  const HostTensor x = HostTensor::From<float>({1}, {1});
  ExpectError(KernelRunner(Library(), "Relu", 14).Run({x, x}), StatusCode::kInvalidModel,
              "expected 1 inputs, got 2");
}

}  // namespace
}  // namespace onyx::kernels::ref
