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

// Opset 18: scale/bias per group; 21: per channel.
template <typename T>
void CheckRandom(int opset, double tol, std::mt19937& rng) {
  std::uniform_int_distribution<int> pick(1, 3), spatial_rank(0, 2);
  for (int trial = 0; trial < 60; ++trial) {
    const int64_t groups = pick(rng), per_group = pick(rng);
    Dims dims = {pick(rng), groups * per_group};
    for (int s = spatial_rank(rng); s > 0; --s) dims.push_back(pick(rng));
    const int64_t channels = dims[1], spatial = NumElements(dims) / (dims[0] * channels);
    const int64_t nparams = opset >= 21 ? channels : groups;
    SCOPED_TRACE(StrCat(DimsToString(dims), " groups ", groups, " opset ", opset));
    std::vector<T> x = testing::Random<T>(NumElements(dims), rng, -3, 3);
    std::vector<T> s = testing::Random<T>(nparams, rng, -2, 2);
    std::vector<T> b = testing::Random<T>(nparams, rng, -2, 2);
    auto out = KernelRunner(Library(), "GroupNormalization", opset)
                   .Attr("num_groups", groups)
                   .Attr("epsilon", 1e-3f)
                   .Run({HostTensor::From<T>(dims, x), HostTensor::From<T>({nparams}, s),
                         HostTensor::From<T>({nparams}, b)});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    ASSERT_EQ(out.value()[0].dims(), dims);
    const std::vector<T> y = out.value()[0].template values<T>();
    const int64_t block = per_group * spatial;
    for (int64_t row = 0; row < dims[0] * groups; ++row) {
      long double sum = 0, sq = 0;
      for (int64_t i = 0; i < block; ++i) sum += ToDouble(x[row * block + i]);
      const double mean = static_cast<double>(sum / block);
      for (int64_t i = 0; i < block; ++i) sq += std::pow(ToDouble(x[row * block + i]) - mean, 2);
      const double inv = 1 / std::sqrt(static_cast<double>(sq / block) + 1e-3);
      for (int64_t i = 0; i < block; ++i) {
        const int64_t at = row * block + i, g = row % groups, c = g * per_group + i / spatial;
        const int64_t k = opset >= 21 ? c : g;
        const double want = (ToDouble(x[at]) - mean) * inv * ToDouble(s[k]) + ToDouble(b[k]);
        ASSERT_NEAR(ToDouble(y[at]), want, tol * std::max(1.0, std::abs(want))) << "at " << at;
      }
    }
  }
}

TEST(GroupNormalization, RandomShapesAndGroups) {
  std::mt19937 rng(111);
  for (int opset : {18, 21}) {
    CheckRandom<float>(opset, 1e-5, rng);
    CheckRandom<double>(opset, 1e-4, rng);  // Stage one at float (stash_type 1).
    CheckRandom<Float16>(opset, 4e-3, rng);
    CheckRandom<BFloat16>(opset, 3e-2, rng);
  }
}

TEST(GroupNormalization, StashTypeDouble) {
  // With stash_type 11, double inputs keep double precision throughout.
  const std::vector<double> x = {1, 1 + 1e-9, 3, 3};
  auto out =
      KernelRunner(Library(), "GroupNormalization", 21)
          .Attr("num_groups", int64_t{2})
          .Attr("epsilon", 0.0f)
          .Attr("stash_type", int64_t{11})
          .Run({HostTensor::From<double>({1, 2, 2}, x), HostTensor::From<double>({2}, {1, 1}),
                HostTensor::From<double>({2}, {0, 0})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  const std::vector<double> y = out.value()[0].values<double>();
  EXPECT_NEAR(y[0], -1, 1e-6);
  EXPECT_NEAR(y[1], 1, 1e-6);
}

TEST(GroupNormalization, Errors) {
  const HostTensor x = testing::IotaTensor({1, 4, 2});
  const HostTensor p2 = HostTensor::From<float>({2}, {1, 1});
  const HostTensor p4 = HostTensor::From<float>({4}, {1, 1, 1, 1});
  ExpectError(KernelRunner(Library(), "GroupNormalization", 21)
                  .Attr("num_groups", int64_t{3})
                  .Run({x, p4, p4}),
              StatusCode::kInvalidArgument,
              "attribute 'num_groups' must divide the 4 channels of input 'input0' (expected a "
              "positive divisor of 4, got 3)");
  ExpectError(KernelRunner(Library(), "GroupNormalization", 21).Run({x, p4, p4}),
              StatusCode::kInvalidModel, "attribute 'num_groups' is required");
  ExpectError(KernelRunner(Library(), "GroupNormalization", 21)
                  .Attr("num_groups", int64_t{2})
                  .Run({x, p2, p2}),
              StatusCode::kInvalidArgument,
              "input 'input1' shape (expected [4], one per channel, got [2])");
  ExpectError(KernelRunner(Library(), "GroupNormalization", 18)
                  .Attr("num_groups", int64_t{2})
                  .Run({x, p4, p4}),
              StatusCode::kInvalidArgument,
              "input 'input1' shape (expected [2], one per group, got [4])");
  ExpectError(KernelRunner(Library(), "GroupNormalization", 18)
                  .Attr("num_groups", int64_t{2})
                  .Attr("stash_type", int64_t{1})
                  .Run({x, p2, p2}),
              StatusCode::kInvalidModel, "'stash_type' is not defined before opset 21");
}

}  // namespace
}  // namespace onyx::kernels::ref
