#pragma once

// Test-only helpers of the Reduce* kernel tests: random shapes and axes, a
// naive grouping of the reduced values, and the op run with axes as an
// attribute or a constant input. Included by reduce_*_test.cc only, after
// they define, in onyx::kernels::ref's anonymous namespace:
//   constexpr const char* kOp;         // e.g. "ReduceMax"
//   constexpr int kAxesInputSince;     // the opset axes became an input

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <type_traits>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

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

}  // namespace
}  // namespace onyx::kernels::ref
