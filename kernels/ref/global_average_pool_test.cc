#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

template <typename T>
void CheckRandom(const Dims& dims, std::mt19937& rng) {
  SCOPED_TRACE(DimsToString(dims));
  const int64_t planes = dims[0] * dims[1], plane = NumElements(dims) / planes;
  std::vector<T> x = testing::Random<T>(NumElements(dims), rng, -2.0, 2.0);
  std::vector<double> want(planes, 0.0);
  for (int64_t p = 0; p < planes; ++p) {
    for (int64_t i = 0; i < plane; ++i) want[p] += static_cast<double>(x[p * plane + i]);
    want[p] /= static_cast<double>(plane);
  }
  auto out = KernelRunner(Library(), "GlobalAveragePool", 1).Run({HostTensor::From<T>(dims, x)});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  const HostTensor& y = out.value()[0];
  Dims want_dims(dims.size(), 1);
  want_dims[0] = dims[0];
  want_dims[1] = dims[1];
  EXPECT_EQ(y.dims(), want_dims);
  testing::ExpectClose(y.values<T>(), want);
}

TEST(GlobalAveragePool, RandomRanks3To5) {
  std::mt19937 rng(31);
  for (const Dims& d : {Dims{2, 3, 7}, Dims{1, 4, 5, 6}, Dims{2, 2, 3, 4, 5}, Dims{1, 1, 1, 1}}) {
    CheckRandom<float>(d, rng);
    CheckRandom<double>(d, rng);
  }
}

TEST(GlobalAveragePool, HandGolden) {
  auto out = KernelRunner(Library(), "GlobalAveragePool", 22)
                 .Run({HostTensor::From<float>({1, 2, 2, 2}, {1, 2, 3, 4, -1, -2, -3, 10})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dims(), (Dims{1, 2, 1, 1}));
  EXPECT_EQ(out.value()[0].values<float>(), (std::vector<float>{2.5, 1}));
}

TEST(GlobalAveragePool, EmptyTensors) {
  auto batch =
      KernelRunner(Library(), "GlobalAveragePool", 1).Run({HostTensor::From<float>({0, 3, 4}, {})});
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  EXPECT_EQ(batch.value()[0].dims(), (Dims{0, 3, 1}));
  // An empty plane has no mean: NaN, as numpy gives.
  auto plane =
      KernelRunner(Library(), "GlobalAveragePool", 1).Run({HostTensor::From<float>({1, 2, 0}, {})});
  ASSERT_TRUE(plane.ok()) << plane.status().ToString();
  EXPECT_EQ(plane.value()[0].dims(), (Dims{1, 2, 1}));
  for (float v : plane.value()[0].values<float>()) EXPECT_TRUE(std::isnan(v));
}

TEST(GlobalAveragePool, RankBelow3) {
  auto out = KernelRunner(Library(), "GlobalAveragePool", 1)
                 .Run({HostTensor::From<float>({2, 3}, std::vector<float>(6))});
  testing::ExpectError(out, StatusCode::kInvalidArgument,
                       "rank (expected >= 3: [N, C, D1, ...], got [2,3])");
}

// float16 (opset 1 on) and bfloat16 (22 on) sum in double; one rounding.
TEST(GlobalAveragePool, HalfTypes) {
  const std::vector<float> values = {1, 2, 3, 4.5f, -1, -2, -3, 10};
  std::vector<Float16> h(values.begin(), values.end());
  std::vector<BFloat16> b(values.begin(), values.end());
  auto half = KernelRunner(Library(), "GlobalAveragePool", 1)
                  .Run({HostTensor::From<Float16>({1, 2, 4}, h)});
  ASSERT_TRUE(half.ok()) << half.status().ToString();
  const std::vector<Float16> hy = half.value()[0].values<Float16>();
  EXPECT_EQ(static_cast<float>(hy[0]), 2.625f);
  EXPECT_EQ(static_cast<float>(hy[1]), 1.0f);
  auto bf = KernelRunner(Library(), "GlobalAveragePool", 22)
                .Run({HostTensor::From<BFloat16>({1, 2, 4}, b)});
  ASSERT_TRUE(bf.ok()) << bf.status().ToString();
  EXPECT_EQ(static_cast<float>(bf.value()[0].values<BFloat16>()[0]), 2.625f);
  testing::ExpectError(KernelRunner(Library(), "GlobalAveragePool", 21)
                           .Run({HostTensor::From<BFloat16>({1, 2, 4}, b)}),
                       StatusCode::kNotFound, "no kernel for GlobalAveragePool opset 21");
}

}  // namespace
}  // namespace onyx::kernels::ref
