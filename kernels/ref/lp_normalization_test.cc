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
void CheckRandom(int opset, int64_t p, double tol, std::mt19937& rng) {
  std::uniform_int_distribution<int> rank_dist(1, 4), extent(1, 4), coin(0, 1);
  for (int trial = 0; trial < 50; ++trial) {
    Dims dims(rank_dist(rng));
    for (int64_t& d : dims) d = extent(rng);
    const int rank = static_cast<int>(dims.size());
    const int axis = std::uniform_int_distribution<int>(0, rank - 1)(rng);
    SCOPED_TRACE(StrCat(DimsToString(dims), " axis ", axis, " p ", p, " opset ", opset));
    std::vector<T> x = testing::Random<T>(NumElements(dims), rng, -4, 4);
    auto out = KernelRunner(Library(), "LpNormalization", opset)
                   .Attr("axis", int64_t{coin(rng) ? axis - rank : axis})
                   .Attr("p", p)
                   .Run({HostTensor::From<T>(dims, x)});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    ASSERT_EQ(out.value()[0].dims(), dims);
    const std::vector<T> got = out.value()[0].template values<T>();
    int64_t outer = 1, len = dims[axis], inner = 1;
    for (int d = 0; d < axis; ++d) outer *= dims[d];
    for (int d = axis + 1; d < rank; ++d) inner *= dims[d];
    for (int64_t o = 0; o < outer; ++o) {
      for (int64_t s = 0; s < inner; ++s) {
        double norm = 0;
        for (int64_t i = 0; i < len; ++i) {
          const double v = ToDouble(x[(o * len + i) * inner + s]);
          norm += p == 1 ? std::abs(v) : v * v;
        }
        if (p == 2) norm = std::sqrt(norm);
        for (int64_t i = 0; i < len; ++i) {
          const int64_t at = (o * len + i) * inner + s;
          ASSERT_NEAR(ToDouble(got[at]), ToDouble(x[at]) / norm, tol) << "at " << at;
        }
      }
    }
  }
}

TEST(LpNormalization, RandomShapesAxesAndP) {
  std::mt19937 rng(81);
  for (int64_t p : {1, 2}) {
    for (int opset : {1, 22}) {
      CheckRandom<float>(opset, p, 1e-6, rng);
      CheckRandom<double>(opset, p, 1e-14, rng);
      CheckRandom<Float16>(opset, p, 1e-3, rng);
    }
    CheckRandom<BFloat16>(22, p, 8e-3, rng);
  }
}

TEST(LpNormalization, OnnxDocGolden) {
  // test_l2normalization_axis_0: [[3,4],[6,8]] over axis 0.
  auto out = KernelRunner(Library(), "LpNormalization", 22)
                 .Attr("axis", int64_t{0})
                 .Run({HostTensor::From<float>({2, 2}, {3, 4, 6, 8})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  const double a = 1 / std::sqrt(5.0);
  testing::ExpectClose(out.value()[0].values<float>(), {a, a, 2 * a, 2 * a});
}

TEST(LpNormalization, ZeroNormGivesZero) {
  auto out = KernelRunner(Library(), "LpNormalization", 22)
                 .Attr("p", int64_t{1})
                 .Run({HostTensor::From<float>({2, 2}, {0, 0, 1, -3})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].values<float>(), (std::vector<float>{0, 0, 0.25, -0.75}));
}

TEST(LpNormalization, Errors) {
  const HostTensor x = testing::IotaTensor({2, 3});
  ExpectError(KernelRunner(Library(), "LpNormalization", 22).Attr("p", int64_t{3}).Run({x}),
              StatusCode::kInvalidModel, "attribute 'p' (expected 1 or 2, got 3)");
  ExpectError(KernelRunner(Library(), "LpNormalization", 22).Attr("axis", int64_t{2}).Run({x}),
              StatusCode::kInvalidArgument,
              "attribute 'axis' is out of range for input 'input0' of shape [2,3] (expected [-2, "
              "1], got 2)");
  EXPECT_EQ(FindKernel(Library(), "", "LpNormalization", 21, DType::kBFloat16), nullptr);
  EXPECT_NE(FindKernel(Library(), "", "LpNormalization", 22, DType::kBFloat16), nullptr);
}

}  // namespace
}  // namespace onyx::kernels::ref
