#include <gtest/gtest.h>

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
  std::uniform_int_distribution<int> pick(1, 4), spatial_rank(0, 3);
  for (int trial = 0; trial < 50; ++trial) {
    Dims dims = {pick(rng), pick(rng)};
    for (int s = spatial_rank(rng); s > 0; --s) dims.push_back(pick(rng));
    const int64_t channels = dims[1], spatial = NumElements(dims) / (dims[0] * channels);
    SCOPED_TRACE(StrCat(DimsToString(dims), " opset ", opset));
    std::vector<T> x = testing::Random<T>(NumElements(dims), rng, -3, 3);
    std::vector<T> s = testing::Random<T>(channels, rng, -2, 2);
    std::vector<T> b = testing::Random<T>(channels, rng, -2, 2);
    auto out = KernelRunner(Library(), "InstanceNormalization", opset)
                   .Attr("epsilon", 1e-3f)
                   .Run({HostTensor::From<T>(dims, x), HostTensor::From<T>({channels}, s),
                         HostTensor::From<T>({channels}, b)});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    ASSERT_EQ(out.value()[0].dims(), dims);
    const std::vector<T> y = out.value()[0].template values<T>();
    for (int64_t row = 0; row < dims[0] * channels; ++row) {
      long double sum = 0, sq = 0;
      for (int64_t i = 0; i < spatial; ++i) sum += ToDouble(x[row * spatial + i]);
      const double mean = static_cast<double>(sum / spatial);
      for (int64_t i = 0; i < spatial; ++i)
        sq += std::pow(ToDouble(x[row * spatial + i]) - mean, 2);
      const double inv =
          1 / std::sqrt(static_cast<double>(sq / spatial) + static_cast<double>(1e-3f));
      const int64_t c = row % channels;
      for (int64_t i = 0; i < spatial; ++i) {
        const int64_t at = row * spatial + i;
        const double want = (ToDouble(x[at]) - mean) * inv * ToDouble(s[c]) + ToDouble(b[c]);
        ASSERT_NEAR(ToDouble(y[at]), want, tol * std::max(1.0, std::abs(want))) << "at " << at;
      }
    }
  }
}

TEST(InstanceNormalization, RandomShapes) {
  std::mt19937 rng(121);
  for (int opset : {1, 6, 22}) {
    CheckRandom<float>(opset, 1e-5, rng);
    CheckRandom<double>(opset, 1e-12, rng);
    CheckRandom<Float16>(opset, 4e-3, rng);
  }
  CheckRandom<BFloat16>(22, 3e-2, rng);
}

TEST(InstanceNormalization, OnnxDocGolden) {
  // test_instancenorm_example: x [1, 2, 1, 3], scale [1, 1.5], B [0, 1].
  auto out =
      KernelRunner(Library(), "InstanceNormalization", 22)
          .Run({HostTensor::From<float>({1, 2, 1, 3}, {-1, 0, 1, 2, 3, 4}),
                HostTensor::From<float>({2}, {1, 1.5}), HostTensor::From<float>({2}, {0, 1})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  const double a = 1 / std::sqrt(2.0 / 3 + 1e-5);
  testing::ExpectClose(out.value()[0].values<float>(), {-a, 0, a, 1 - 1.5 * a, 1, 1 + 1.5 * a});
}

TEST(InstanceNormalization, Errors) {
  const HostTensor x = testing::IotaTensor({1, 2, 3});
  const HostTensor p = HostTensor::From<float>({2}, {1, 1});
  ExpectError(KernelRunner(Library(), "InstanceNormalization", 6)
                  .Run({x, HostTensor::From<float>({3}, {1, 1, 1}), p}),
              StatusCode::kInvalidArgument,
              "input 'input1' shape (expected [2], one per channel, got [3])");
  ExpectError(KernelRunner(Library(), "InstanceNormalization", 6)
                  .Run({HostTensor::From<float>({2}, {1, 2}), p, p}),
              StatusCode::kInvalidArgument,
              "input 'input0' rank (expected >= 2: [N, C, ...], got [2])");
  ExpectError(KernelRunner(Library(), "InstanceNormalization", 6)
                  .Attr("consumed_inputs", std::vector<int64_t>{0, 0, 0})
                  .Run({x, p, p}),
              StatusCode::kInvalidModel, "attribute 'consumed_inputs' was removed in opset 6");
  auto legacy = KernelRunner(Library(), "InstanceNormalization", 1)
                    .Attr("consumed_inputs", std::vector<int64_t>{0, 0, 0})
                    .Run({x, p, p});
  EXPECT_TRUE(legacy.ok()) << legacy.status().ToString();
  EXPECT_EQ(FindKernel(Library(), "", "InstanceNormalization", 21, DType::kBFloat16), nullptr);
}

}  // namespace
}  // namespace onyx::kernels::ref
