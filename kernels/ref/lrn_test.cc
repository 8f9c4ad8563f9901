#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <type_traits>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

using testing::ExpectError;

template <typename T>
double ToDouble(T v) {
  if constexpr (std::is_same_v<T, Float16> || std::is_same_v<T, BFloat16>) {
    return static_cast<float>(v);
  } else {
    return static_cast<double>(v);
  }
}

template <typename T>
void CheckRandom(int opset, double tol, std::mt19937& rng) {
  std::uniform_int_distribution<int> pick(1, 4), size_dist(1, 6), spatial_rank(0, 2);
  std::uniform_real_distribution<float> param(0.5f, 2.0f);
  for (int trial = 0; trial < 50; ++trial) {
    Dims dims = {pick(rng), pick(rng) + 1};
    for (int s = spatial_rank(rng); s > 0; --s) dims.push_back(pick(rng));
    const int64_t n = dims[0], channels = dims[1], spatial = NumElements(dims) / (n * channels);
    const int64_t size = size_dist(rng);
    const float alpha = param(rng) * 1e-2f, beta = param(rng) * 0.5f, bias = param(rng);
    SCOPED_TRACE(StrCat(DimsToString(dims), " size ", size, " opset ", opset));
    std::vector<T> x = testing::Random<T>(NumElements(dims), rng, -3, 3);
    auto out = KernelRunner(Library(), "LRN", opset)
                   .Attr("size", size)
                   .Attr("alpha", alpha)
                   .Attr("beta", beta)
                   .Attr("bias", bias)
                   .Run({HostTensor::From<T>(dims, x)});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    ASSERT_EQ(out.value()[0].dims(), dims);
    const std::vector<T> y = out.value()[0].template values<T>();
    const int64_t lo_off = static_cast<int64_t>(std::floor((size - 1) / 2.0));
    const int64_t hi_off = static_cast<int64_t>(std::ceil((size - 1) / 2.0));
    for (int64_t b = 0; b < n; ++b) {
      for (int64_t c = 0; c < channels; ++c) {
        for (int64_t s = 0; s < spatial; ++s) {
          double sq = 0;
          for (int64_t i = std::max<int64_t>(0, c - lo_off);
               i <= std::min(channels - 1, c + hi_off); ++i) {
            sq += std::pow(ToDouble(x[(b * channels + i) * spatial + s]), 2);
          }
          const int64_t at = (b * channels + c) * spatial + s;
          const double want =
              ToDouble(x[at]) / std::pow(bias + static_cast<double>(alpha) / size * sq, beta);
          ASSERT_NEAR(ToDouble(y[at]), want, tol * std::max(1.0, std::abs(want))) << "at " << at;
        }
      }
    }
  }
}

TEST(LRN, RandomShapesAndSizes) {
  std::mt19937 rng(141);
  for (int opset : {1, 13}) {
    CheckRandom<float>(opset, 1e-5, rng);
    CheckRandom<double>(opset, 1e-12, rng);
    CheckRandom<Float16>(opset, 2e-3, rng);
  }
  CheckRandom<BFloat16>(13, 1e-2, rng);
}

TEST(LRN, DefaultAttributes) {
  // size 3 over channels [1, 2, 3] at channel 1: square_sum 1 + 4 + 9 = 14.
  auto out = KernelRunner(Library(), "LRN", 13)
                 .Attr("size", int64_t{3})
                 .Run({HostTensor::From<double>({1, 3, 1, 1}, {1, 2, 3})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  const double k = static_cast<double>(1e-4f) / 3;  // alpha is a float attribute.
  testing::ExpectClose(out.value()[0].values<double>(),
                       {1 / std::pow(1 + k * 5, 0.75), 2 / std::pow(1 + k * 14, 0.75),
                        3 / std::pow(1 + k * 13, 0.75)});
}

TEST(LRN, Errors) {
  const HostTensor x = testing::IotaTensor({1, 2, 2});
  ExpectError(KernelRunner(Library(), "LRN", 13).Run({x}), StatusCode::kInvalidModel,
              "attribute 'size' is required");
  ExpectError(KernelRunner(Library(), "LRN", 13).Attr("size", int64_t{0}).Run({x}),
              StatusCode::kInvalidModel, "attribute 'size' (expected >= 1, got 0)");
  ExpectError(
      KernelRunner(Library(), "LRN", 13).Attr("size", int64_t{3}).Run({testing::IotaTensor({4})}),
      StatusCode::kInvalidArgument, "input 'input0' rank (expected >= 2: [N, C, ...], got [4])");
  EXPECT_EQ(FindKernel(Library(), "", "LRN", 12, DType::kBFloat16), nullptr);
}

}  // namespace
}  // namespace onyx::kernels::ref
