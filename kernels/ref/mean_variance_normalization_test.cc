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

// (x - mean) / (std + 1e-9) over the elements sharing all coordinates
// outside `reduce`, naively.
template <typename T>
std::vector<double> Naive(const Dims& dims, const std::vector<bool>& reduce,
                          const std::vector<T>& x) {
  Dims kept(dims.size());
  for (size_t d = 0; d < dims.size(); ++d) kept[d] = reduce[d] ? 1 : dims[d];
  std::vector<int64_t> group(x.size());
  std::vector<int64_t> idx(dims.size(), 0);
  for (size_t flat = 0; flat < x.size(); ++flat, testing::Next(idx, dims)) {
    int64_t o = 0;
    for (size_t d = 0; d < dims.size(); ++d) o = o * kept[d] + (reduce[d] ? 0 : idx[d]);
    group[flat] = o;
  }
  const int64_t groups = NumElements(kept);
  std::vector<double> sum(groups, 0), sq(groups, 0), count(groups, 0);
  for (size_t i = 0; i < x.size(); ++i) {
    sum[group[i]] += ToDouble(x[i]);
    count[group[i]] += 1;
  }
  for (size_t i = 0; i < x.size(); ++i)
    sq[group[i]] += std::pow(ToDouble(x[i]) - sum[group[i]] / count[group[i]], 2);
  std::vector<double> y(x.size());
  for (size_t i = 0; i < x.size(); ++i) {
    const int64_t g = group[i];
    y[i] = (ToDouble(x[i]) - sum[g] / count[g]) / (std::sqrt(sq[g] / count[g]) + 1e-9);
  }
  return y;
}

template <typename T>
void CheckRandom(int opset, double tol, std::mt19937& rng) {
  std::uniform_int_distribution<int> rank_dist(1, 5), extent(1, 3), coin(0, 1);
  for (int trial = 0; trial < 60; ++trial) {
    // Default axes [0, 2, 3] on odd trials (rank 4); random ones otherwise.
    const bool default_axes = trial % 2 == 1;
    Dims dims(default_axes ? 4 : rank_dist(rng));
    for (int64_t& d : dims) d = extent(rng);
    const int64_t rank = static_cast<int64_t>(dims.size());
    std::vector<int64_t> axes = {0, 2, 3};
    std::vector<bool> reduce = {true, false, true, true};
    if (!default_axes) {
      axes.clear();
      reduce.assign(rank, false);
      for (int64_t a = 0; a < rank; ++a) {
        if (coin(rng)) {
          reduce[a] = true;
          axes.push_back(coin(rng) ? a - rank : a);
        }
      }
      if (axes.empty()) reduce.assign(rank, true);
    }
    SCOPED_TRACE(StrCat(DimsToString(dims), " default axes ", default_axes, " opset ", opset));
    std::vector<T> x = testing::Random<T>(NumElements(dims), rng, -3, 3);
    KernelRunner runner(Library(), "MeanVarianceNormalization", opset);
    if (!default_axes) runner.Attr("axes", axes);
    auto out = runner.Run({HostTensor::From<T>(dims, x)});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    ASSERT_EQ(out.value()[0].dims(), dims);
    const std::vector<T> y = out.value()[0].template values<T>();
    const std::vector<double> want = Naive(dims, reduce, x);
    for (size_t i = 0; i < want.size(); ++i) {
      ASSERT_NEAR(ToDouble(y[i]), want[i], tol * std::max(1.0, std::abs(want[i]))) << "at " << i;
    }
  }
}

TEST(MeanVarianceNormalization, RandomShapesAndAxes) {
  std::mt19937 rng(131);
  for (int opset : {9, 13}) {
    CheckRandom<float>(opset, 1e-5, rng);
    CheckRandom<double>(opset, 1e-12, rng);
    CheckRandom<Float16>(opset, 4e-3, rng);
  }
  CheckRandom<BFloat16>(13, 3e-2, rng);
}

TEST(MeanVarianceNormalization, ConstantGroupGivesZero) {
  auto out = KernelRunner(Library(), "MeanVarianceNormalization", 13)
                 .Attr("axes", std::vector<int64_t>{1})
                 .Run({HostTensor::From<float>({2, 2}, {5, 5, 1, 3})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  testing::ExpectClose(out.value()[0].values<float>(), {0, 0, -1, 1});
}

TEST(MeanVarianceNormalization, Errors) {
  ExpectError(
      KernelRunner(Library(), "MeanVarianceNormalization", 13).Run({testing::IotaTensor({2, 3})}),
      StatusCode::kInvalidArgument,
      "attribute 'axes' for input 'input0' [2,3] has axis 2 out of range (expected [-2, 1], "
      "got 2)");
  ExpectError(KernelRunner(Library(), "MeanVarianceNormalization", 13)
                  .Attr("axes", std::vector<int64_t>{1, -1})
                  .Run({testing::IotaTensor({2, 3})}),
              StatusCode::kInvalidArgument, "repeats axis 1");
  EXPECT_EQ(FindKernel(Library(), "", "MeanVarianceNormalization", 12, DType::kBFloat16), nullptr);
}

}  // namespace
}  // namespace onyx::kernels::ref
