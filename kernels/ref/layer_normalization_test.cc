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
std::vector<double> Doubles(const HostTensor& t) {
  std::vector<double> v;
  for (T e : t.values<T>()) v.push_back(ToDouble(e));
  return v;
}

// Scale/B shapes that broadcast onto x: the normalized dims (the usual
// case), a suffix of them, or, on odd trials, all of x's dims.
Dims ParamDims(const Dims& x, size_t axis, int trial, std::mt19937& rng) {
  if (trial % 4 == 3) return x;
  Dims p(x.begin() + std::uniform_int_distribution<size_t>(axis, x.size())(rng), x.end());
  if (trial % 4 == 2 && !p.empty()) p[0] = 1;
  return p;
}

template <typename T>
void CheckRandom(double tol, std::mt19937& rng) {
  std::uniform_int_distribution<int> rank_dist(1, 4), extent(1, 4), coin(0, 1);
  for (int trial = 0; trial < 60; ++trial) {
    Dims dims(rank_dist(rng));
    for (int64_t& d : dims) d = extent(rng);
    const int rank = static_cast<int>(dims.size());
    const size_t axis = std::uniform_int_distribution<size_t>(0, rank - 1)(rng);
    const Dims sd = ParamDims(dims, axis, trial, rng), bd = ParamDims(dims, axis, trial, rng);
    const bool has_bias = coin(rng);
    SCOPED_TRACE(StrCat(DimsToString(dims), " axis ", axis, " scale ", DimsToString(sd), " bias ",
                        has_bias ? DimsToString(bd) : "none"));
    std::vector<T> x = testing::Random<T>(NumElements(dims), rng, -3, 3);
    std::vector<T> s = testing::Random<T>(NumElements(sd), rng, -2, 2);
    std::vector<T> b = testing::Random<T>(NumElements(bd), rng, -2, 2);
    std::vector<HostTensor> inputs = {HostTensor::From<T>(dims, x), HostTensor::From<T>(sd, s)};
    if (has_bias) inputs.push_back(HostTensor::From<T>(bd, b));
    const float epsilon = coin(rng) ? 1e-5f : 0.1f;
    auto out = KernelRunner(Library(), "LayerNormalization", 17)
                   .Attr("axis", static_cast<int64_t>(coin(rng) ? axis - rank : axis))
                   .Attr("epsilon", epsilon)
                   .Outputs(3)
                   .Run(inputs);
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    Dims stat_dims = dims;
    for (size_t d = axis; d < dims.size(); ++d) stat_dims[d] = 1;
    ASSERT_EQ(out.value()[0].dims(), dims);
    ASSERT_EQ(out.value()[1].dims(), stat_dims);
    ASSERT_EQ(out.value()[1].dtype(), DType::kFloat32);
    const std::vector<double> y = Doubles<T>(out.value()[0]);
    const std::vector<double> mean = Doubles<float>(out.value()[1]);
    const std::vector<double> inv = Doubles<float>(out.value()[2]);
    const int64_t cols = NumElements(Dims(dims.begin() + axis, dims.end()));
    for (int64_t r = 0; r * cols < static_cast<int64_t>(x.size()); ++r) {
      long double sum = 0, sq = 0;
      for (int64_t c = 0; c < cols; ++c) sum += ToDouble(x[r * cols + c]);
      const long double m = sum / cols;
      for (int64_t c = 0; c < cols; ++c)
        sq += (ToDouble(x[r * cols + c]) - m) * (ToDouble(x[r * cols + c]) - m);
      const double is = static_cast<double>(1 / std::sqrt(sq / cols + epsilon));
      ASSERT_NEAR(mean[r], static_cast<double>(m), 1e-6);
      ASSERT_NEAR(inv[r], is, 1e-6 * is);
      for (int64_t c = 0; c < cols; ++c) {
        const int64_t at = r * cols + c;
        double want = (ToDouble(x[at]) - static_cast<double>(m)) * is *
                      ToDouble(s[testing::BroadcastOffset(sd, dims, at)]);
        if (has_bias) want += ToDouble(b[testing::BroadcastOffset(bd, dims, at)]);
        ASSERT_NEAR(y[at], want, tol * std::max(1.0, std::abs(want))) << "at " << at;
      }
    }
  }
}

TEST(LayerNormalization, RandomShapesAxesAndBroadcasts) {
  std::mt19937 rng(91);
  CheckRandom<float>(1e-5, rng);
  CheckRandom<double>(1e-6, rng);  // Mean and InvStdDev are float (stash_type 1).
  CheckRandom<Float16>(4e-3, rng);
  CheckRandom<BFloat16>(3e-2, rng);
}

TEST(LayerNormalization, OnlyY) {
  auto out = KernelRunner(Library(), "LayerNormalization", 17)
                 .Run({HostTensor::From<float>({2, 2}, {1, 3, 5, 5}),
                       HostTensor::From<float>({2}, {1, 2})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  const double a = 1 / std::sqrt(1 + 1e-5);
  testing::ExpectClose(out.value()[0].values<float>(), {-a, 2 * a, 0, 0});
}

TEST(LayerNormalization, StashTypeBFloat16) {
  auto out = KernelRunner(Library(), "LayerNormalization", 17)
                 .Attr("stash_type", int64_t{16})
                 .Outputs(3)
                 .Run({HostTensor::From<float>({1, 3}, {0.1f, 0.2f, 0.4f}),
                       HostTensor::From<float>({3}, {1, 1, 1})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[1].dtype(), DType::kBFloat16);
  EXPECT_EQ(out.value()[2].dtype(), DType::kBFloat16);
  // Stage one runs in bfloat16: the mean 0.2333 rounds to 0.2333984375, and
  // Y uses it and X rounded alike.
  const float mean = out.value()[1].values<BFloat16>()[0];
  EXPECT_EQ(mean, 0.2333984375f);
  const float inv = out.value()[2].values<BFloat16>()[0];
  EXPECT_NEAR(out.value()[0].values<float>()[0], (static_cast<float>(BFloat16(0.1f)) - mean) * inv,
              1e-6);
}

TEST(LayerNormalization, Errors) {
  const HostTensor x = testing::IotaTensor({2, 3});
  const HostTensor s = HostTensor::From<float>({3}, {1, 1, 1});
  ExpectError(
      KernelRunner(Library(), "LayerNormalization", 17).Attr("stash_type", int64_t{11}).Run({x, s}),
      StatusCode::kInvalidModel,
      "attribute 'stash_type' (expected the type code of one of float, bfloat16, got 11)");
  ExpectError(KernelRunner(Library(), "LayerNormalization", 17)
                  .Run({x, HostTensor::From<float>({2}, {1, 1})}),
              StatusCode::kInvalidArgument,
              "input 'input1' does not broadcast onto X (expected a shape that broadcasts to "
              "[2,3], got [2])");
  ExpectError(
      KernelRunner(Library(), "LayerNormalization", 17).Attr("axis", int64_t{-3}).Run({x, s}),
      StatusCode::kInvalidArgument, "attribute 'axis' is out of range");
  ExpectError(KernelRunner(Library(), "LayerNormalization", 17)
                  .Run({x, HostTensor::From<double>({3}, {1, 1, 1})}),
              StatusCode::kInvalidArgument,
              "input 'input1' dtype (expected float like input 'input0', got double)");
  ExpectError(KernelRunner(Library(), "LayerNormalization", 17).Outputs(4).Run({x, s}),
              StatusCode::kInvalidModel, "number of outputs (expected at most 3");
}

}  // namespace
}  // namespace onyx::kernels::ref
