#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

using testing::ExpectError;

template <typename T>
void CheckRandom(uint32_t seed, int opset) {
  std::mt19937 rng(seed);
  for (int trial = 0; trial < 20; ++trial) {
    Dims dims{1 + trial % 2, 1 + trial % 3};
    for (int d = 0; d < 1 + trial % 3; ++d) dims.push_back(1 + (trial * 7 + d) % 5);
    std::vector<T> x = testing::Random<T>(NumElements(dims), rng, -10, 10);
    auto out = KernelRunner(Library(), "GlobalMaxPool", opset).Run({HostTensor::From<T>(dims, x)});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    Dims want_dims(dims.size(), 1);
    want_dims[0] = dims[0];
    want_dims[1] = dims[1];
    EXPECT_EQ(out.value()[0].dims(), want_dims);
    const int64_t plane = NumElements(dims) / (dims[0] * dims[1]);
    std::vector<T> want;
    for (int64_t p = 0; p < dims[0] * dims[1]; ++p) {
      float m = x[p * plane];
      for (int64_t i = 1; i < plane; ++i) m = std::max<float>(m, x[p * plane + i]);
      want.push_back(static_cast<T>(m));
    }
    const std::vector<T> got = out.value()[0].template values<T>();
    ASSERT_EQ(got.size(), want.size());
    for (size_t i = 0; i < got.size(); ++i) EXPECT_EQ(float(got[i]), float(want[i])) << i;
  }
}

TEST(GlobalMaxPool, RandomRanks3To5) {
  CheckRandom<float>(1, 1);
  CheckRandom<double>(2, 22);
  CheckRandom<Float16>(3, 1);
  CheckRandom<BFloat16>(4, 22);
}

TEST(GlobalMaxPool, NaNAndEmptyPlanes) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  auto out = KernelRunner(Library(), "GlobalMaxPool", 22)
                 .Run({HostTensor::From<float>({1, 2, 3}, {1, nan, 3, -5, -4, -6})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  const std::vector<float> y = out.value()[0].values<float>();
  EXPECT_TRUE(std::isnan(y[0]));
  EXPECT_EQ(y[1], -4);
  auto empty =
      KernelRunner(Library(), "GlobalMaxPool", 22).Run({HostTensor::From<float>({1, 1, 0}, {})});
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_EQ(empty.value()[0].values<float>(), (std::vector<float>{-INFINITY}));
}

TEST(GlobalMaxPool, Errors) {
  ExpectError(KernelRunner(Library(), "GlobalMaxPool", 22)
                  .Run({HostTensor::From<float>({2, 3}, std::vector<float>(6))}),
              StatusCode::kInvalidArgument, "rank (expected >= 3");
  ExpectError(KernelRunner(Library(), "GlobalMaxPool", 22)
                  .Run({HostTensor::From<int32_t>({1, 1, 2}, {1, 2})}),
              StatusCode::kNotFound, "no kernel for GlobalMaxPool opset 22 dtype int32");
  ExpectError(KernelRunner(Library(), "GlobalMaxPool", 21)
                  .Run({HostTensor::From<BFloat16>({1, 1, 1}, {BFloat16(1.0f)})}),
              StatusCode::kNotFound, "no kernel for GlobalMaxPool opset 21 dtype bfloat16");
}

}  // namespace
}  // namespace onyx::kernels::ref
