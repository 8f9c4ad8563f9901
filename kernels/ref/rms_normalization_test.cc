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

// X of type T, scale and Y of type V.
template <typename T, typename V>
void CheckRandom(double tol, std::mt19937& rng) {
  std::uniform_int_distribution<int> rank_dist(1, 4), extent(1, 4), coin(0, 1);
  for (int trial = 0; trial < 60; ++trial) {
    Dims dims(rank_dist(rng));
    for (int64_t& d : dims) d = extent(rng);
    const int rank = static_cast<int>(dims.size());
    const size_t axis = std::uniform_int_distribution<size_t>(0, rank - 1)(rng);
    // The normalized dims, a suffix of them, or all of X's dims.
    const Dims sd =
        trial % 3 == 2 ? dims
                       : Dims(dims.begin() + std::uniform_int_distribution<size_t>(axis, rank)(rng),
                              dims.end());
    SCOPED_TRACE(StrCat(DimsToString(dims), " axis ", axis, " scale ", DimsToString(sd)));
    std::vector<T> x = testing::Random<T>(NumElements(dims), rng, -3, 3);
    std::vector<V> s = testing::Random<V>(NumElements(sd), rng, -2, 2);
    const float epsilon = coin(rng) ? 1e-5f : 0.1f;
    auto out = KernelRunner(Library(), "RMSNormalization", 23)
                   .Attr("axis", static_cast<int64_t>(coin(rng) ? axis - rank : axis))
                   .Attr("epsilon", epsilon)
                   .Run({HostTensor::From<T>(dims, x), HostTensor::From<V>(sd, s)});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    ASSERT_EQ(out.value()[0].dims(), dims);
    ASSERT_EQ(out.value()[0].dtype(), DTypeOf<V>::value);
    const std::vector<V> y = out.value()[0].template values<V>();
    const int64_t cols = NumElements(Dims(dims.begin() + axis, dims.end()));
    for (int64_t r = 0; r * cols < static_cast<int64_t>(x.size()); ++r) {
      long double sq = 0;
      for (int64_t c = 0; c < cols; ++c)
        sq += ToDouble(x[r * cols + c]) * ToDouble(x[r * cols + c]);
      const double inv = static_cast<double>(1 / std::sqrt(sq / cols + epsilon));
      for (int64_t c = 0; c < cols; ++c) {
        const int64_t at = r * cols + c;
        const double want =
            ToDouble(x[at]) * inv * ToDouble(s[testing::BroadcastOffset(sd, dims, at)]);
        ASSERT_NEAR(ToDouble(y[at]), want, tol * std::max(1.0, std::abs(want))) << "at " << at;
      }
    }
  }
}

TEST(RMSNormalization, RandomShapesAxesAndTypes) {
  std::mt19937 rng(101);
  CheckRandom<float, float>(1e-5, rng);
  CheckRandom<double, double>(1e-6, rng);  // Stage one at float (stash_type 1).
  CheckRandom<Float16, Float16>(4e-3, rng);
  CheckRandom<BFloat16, float>(1e-5, rng);
  CheckRandom<float, BFloat16>(3e-2, rng);
}

TEST(RMSNormalization, OnnxDocGolden) {
  // [3, 4]: rms = sqrt((9 + 16) / 2) = 3.5355.
  auto out =
      KernelRunner(Library(), "RMSNormalization", 23)
          .Attr("epsilon", 0.0f)
          .Run({HostTensor::From<float>({1, 2}, {3, 4}), HostTensor::From<float>({2}, {1, 2})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  const double rms = std::sqrt(12.5);
  testing::ExpectClose(out.value()[0].values<float>(), {3 / rms, 8 / rms});
}

TEST(RMSNormalization, Errors) {
  const HostTensor x = testing::IotaTensor({2, 3});
  const HostTensor s = HostTensor::From<float>({3}, {1, 1, 1});
  ExpectError(
      KernelRunner(Library(), "RMSNormalization", 23).Attr("stash_type", int64_t{7}).Run({x, s}),
      StatusCode::kInvalidModel, "attribute 'stash_type' (expected the type code of one of");
  ExpectError(KernelRunner(Library(), "RMSNormalization", 23)
                  .Run({x, HostTensor::From<float>({3, 3}, std::vector<float>(9, 1))}),
              StatusCode::kInvalidArgument, "input 'input1' does not broadcast onto X");
  ExpectError(KernelRunner(Library(), "RMSNormalization", 23)
                  .Run({x, HostTensor::From<int32_t>({3}, {1, 1, 1})}),
              StatusCode::kUnsupported, "input 'input1' dtype (expected one of");
  EXPECT_EQ(FindKernel(Library(), "", "RMSNormalization", 22, DType::kFloat32), nullptr);
}

}  // namespace
}  // namespace onyx::kernels::ref
