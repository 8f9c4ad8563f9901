#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <type_traits>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

using testing::ExpectError;

constexpr const char* kOp = "ReduceLogSum";
constexpr int kAxesInputSince = 18;

template <typename T>
double ToDouble(T v) {
  if constexpr (std::is_same_v<T, Float16> || std::is_same_v<T, BFloat16>) {
    return static_cast<float>(v);
  } else {
    return static_cast<double>(v);
  }
}

// "[1,-1]" (DimsToString would print -1 as "?").
std::string AxesString(const std::vector<int64_t>& axes) {
  std::string s = "[";
  for (size_t i = 0; i < axes.size(); ++i) s += (i ? "," : "") + std::to_string(axes[i]);
  return s + "]";
}

// A random shape of rank 0 to 4, a random subset of its axes (some written
// negative, in random order; empty means all) and keepdims.
struct ReduceCase {
  Dims dims, out;
  std::vector<int64_t> axes;
  std::vector<bool> reduce;
  bool keepdims = true;
};

ReduceCase RandomCase(std::mt19937& rng) {
  std::uniform_int_distribution<int> rank_dist(0, 4), extent(1, 4), coin(0, 1);
  ReduceCase c;
  c.dims.resize(rank_dist(rng));
  for (int64_t& d : c.dims) d = extent(rng);
  const int64_t rank = static_cast<int64_t>(c.dims.size());
  c.reduce.assign(rank, false);
  for (int64_t a = 0; a < rank; ++a) {
    if (coin(rng)) {
      c.reduce[a] = true;
      c.axes.push_back(coin(rng) ? a - rank : a);
    }
  }
  std::shuffle(c.axes.begin(), c.axes.end(), rng);
  if (c.axes.empty()) c.reduce.assign(rank, true);
  c.keepdims = coin(rng);
  for (int64_t d = 0; d < rank; ++d) {
    if (!c.reduce[d] || c.keepdims) c.out.push_back(c.reduce[d] ? 1 : c.dims[d]);
  }
  return c;
}

// The values folded into each output element (row-major over kept dims).
template <typename T>
std::vector<std::vector<double>> NaiveGroups(const Dims& dims, const std::vector<bool>& reduce,
                                             const std::vector<T>& x) {
  Dims kept(dims.size());
  for (size_t d = 0; d < dims.size(); ++d) kept[d] = reduce[d] ? 1 : dims[d];
  std::vector<std::vector<double>> groups(NumElements(kept));
  if (x.empty()) return groups;
  std::vector<int64_t> idx(dims.size(), 0);
  int64_t flat = 0;
  do {
    int64_t o = 0;
    for (size_t d = 0; d < dims.size(); ++d) o = o * kept[d] + (reduce[d] ? 0 : idx[d]);
    groups[o].push_back(ToDouble(x[flat++]));
  } while (testing::Next(idx, dims));
  return groups;
}

// The op with axes as an attribute (before kAxesInputSince) or a constant input.
Result<std::vector<HostTensor>> Reduce(int opset, const HostTensor& x,
                                       const std::vector<int64_t>& axes, bool keepdims = true,
                                       bool noop = false) {
  KernelRunner runner(Library(), kOp, opset);
  runner.Attr("keepdims", int64_t{keepdims});
  if (opset < kAxesInputSince) {
    if (!axes.empty()) runner.Attr("axes", axes);
    return runner.Run({x});
  }
  if (noop) runner.Attr("noop_with_empty_axes", int64_t{1});
  return runner.Constant(1).Run(
      {x, HostTensor::From<int64_t>({static_cast<int64_t>(axes.size())}, axes)});
}

// 100 random cases of T with values in [lo, hi); each output element must be
// within `tol` (relative, at least absolute) of fold(its values).
template <typename T, typename Fold>
void CheckRandom(int opset, double tol, double lo, double hi, std::mt19937& rng, Fold fold) {
  for (int trial = 0; trial < 100; ++trial) {
    const ReduceCase c = RandomCase(rng);
    SCOPED_TRACE(StrCat(DimsToString(c.dims), " axes ", AxesString(c.axes), " keepdims ",
                        c.keepdims, " opset ", opset));
    std::vector<T> x = testing::Random<T>(NumElements(c.dims), rng, lo, hi);
    auto out = Reduce(opset, HostTensor::From<T>(c.dims, x), c.axes, c.keepdims);
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    ASSERT_EQ(out.value()[0].dims(), c.out);
    const std::vector<T> got = out.value()[0].template values<T>();
    const auto groups = NaiveGroups(c.dims, c.reduce, x);
    for (size_t o = 0; o < groups.size(); ++o) {
      const double want = fold(groups[o]);
      ASSERT_NEAR(ToDouble(got[o]), want, tol * std::max(1.0, std::abs(want))) << "at " << o;
    }
  }
}

// The single output of `r` as doubles.
template <typename T>
std::vector<double> Values(const Result<std::vector<HostTensor>>& r) {
  std::vector<double> v;
  if (!r.ok()) {
    ADD_FAILURE() << r.status().ToString();
    return v;
  }
  for (T e : r.value()[0].template values<T>()) v.push_back(ToDouble(e));
  return v;
}

TEST(ReduceLogSum, AxesErrors) {
  const HostTensor x = testing::IotaTensor({2, 3});
  ExpectError(Reduce(kAxesInputSince, x, {2}), StatusCode::kInvalidArgument,
              "axes input 'input1' has axis 2 out of range (expected [-2, 1], got 2)");
  ExpectError(Reduce(11, x, {-3}), StatusCode::kInvalidModel,
              "attribute 'axes' has axis -3 out of range");
  ExpectError(Reduce(kAxesInputSince, x, {0, -2}), StatusCode::kInvalidArgument,
              "repeats axis 0 (expected distinct axes, got [0,-2])");
  ExpectError(
      KernelRunner(Library(), kOp, kAxesInputSince).Attr("axes", std::vector<int64_t>{0}).Run({x}),
      StatusCode::kInvalidModel, "attribute 'axes' is an input from opset");
  ExpectError(
      KernelRunner(Library(), kOp, kAxesInputSince).Run({x, HostTensor::From<int64_t>({1}, {0})}),
      StatusCode::kFailedPrecondition, "axes input 'input1' must be known ahead of time");
}

double LogSum(const std::vector<double>& v) {
  double s = 0;
  for (double e : v) s += e;
  return std::log(s);
}

TEST(ReduceLogSum, RandomShapesAndAxes) {
  std::mt19937 rng(17);
  for (int opset : {1, 13, 18, 28}) {
    CheckRandom<float>(opset, 1e-5, 0.1, 4, rng, LogSum);
    CheckRandom<double>(opset, 1e-12, 0.1, 4, rng, LogSum);
    CheckRandom<Float16>(opset, 2e-3, 0.1, 4, rng, LogSum);
  }
  CheckRandom<BFloat16>(28, 1e-2, 0.1, 4, rng, LogSum);
}

TEST(ReduceLogSum, IntegersUntilOpset28) {
  EXPECT_NE(FindKernel(Library(), "", "ReduceLogSum", 18, DType::kInt32), nullptr);
  EXPECT_EQ(FindKernel(Library(), "", "ReduceLogSum", 28, DType::kInt32), nullptr);
  // log(7) = 1.95 truncates to 1.
  EXPECT_EQ(Values<int32_t>(Reduce(18, HostTensor::From<int32_t>({2}, {3, 4}), {})),
            std::vector<double>{1});
}

TEST(ReduceLogSum, EmptySetIsMinusInf) {
  EXPECT_EQ(Values<float>(Reduce(28, HostTensor::From<float>({2, 0, 4}, {}), {1})),
            std::vector<double>(8, -INFINITY));
}

TEST(ReduceLogSum, NoopWithEmptyAxesIsLog) {
  auto out = Reduce(18, HostTensor::From<double>({2}, {1, std::exp(2.0)}), {}, true, true);
  EXPECT_EQ(Values<double>(out), (std::vector<double>{0, 2}));
}

}  // namespace
}  // namespace onyx::kernels::ref
