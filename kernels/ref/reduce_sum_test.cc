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

using testing::ExpectError;

// A random shape of rank 0 to 4, a random subset of its axes (some written
// negative, in random order; empty means all) and keepdims.
struct ReduceCase {
  Dims dims;
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
  return c;
}

Dims OutDims(const ReduceCase& c) {
  Dims out;
  for (size_t d = 0; d < c.dims.size(); ++d) {
    if (!c.reduce[d] || c.keepdims) out.push_back(c.reduce[d] ? 1 : c.dims[d]);
  }
  return out;
}

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

// ReduceSum with axes as an attribute (opset < 13) or a constant input.
Result<std::vector<HostTensor>> Reduce(int opset, const HostTensor& x,
                                       const std::vector<int64_t>& axes, bool keepdims,
                                       bool noop = false) {
  KernelRunner runner(Library(), "ReduceSum", opset);
  runner.Attr("keepdims", int64_t{keepdims});
  if (opset < 13) {
    if (!axes.empty()) runner.Attr("axes", axes);
    return runner.Run({x});
  }
  if (noop) runner.Attr("noop_with_empty_axes", int64_t{1});
  return runner.Constant(1).Run(
      {x, HostTensor::From<int64_t>({static_cast<int64_t>(axes.size())}, axes)});
}

template <typename T>
void CheckRandom(int opset, double tol, std::mt19937& rng) {
  for (int trial = 0; trial < 100; ++trial) {
    const ReduceCase c = RandomCase(rng);
    SCOPED_TRACE(StrCat(DimsToString(c.dims), " axes ", AxesString(c.axes), " keepdims ",
                        c.keepdims, " opset ", opset));
    std::vector<T> x =
        testing::Random<T>(NumElements(c.dims), rng, std::is_unsigned_v<T> ? 0 : -8, 8);
    auto out = Reduce(opset, HostTensor::From<T>(c.dims, x), c.axes, c.keepdims);
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    ASSERT_EQ(out.value()[0].dims(), OutDims(c));
    const std::vector<T> got = out.value()[0].template values<T>();
    const auto groups = NaiveGroups(c.dims, c.reduce, x);
    for (size_t o = 0; o < groups.size(); ++o) {
      double want = 0;
      for (double v : groups[o]) want += v;
      ASSERT_NEAR(ToDouble(got[o]), want, tol * std::max(1.0, std::abs(want))) << "at " << o;
    }
  }
}

TEST(ReduceSum, RandomShapesAndAxes) {
  std::mt19937 rng(7);
  for (int opset : {1, 11, 13}) {
    CheckRandom<float>(opset, 1e-5, rng);
    CheckRandom<double>(opset, 1e-12, rng);
    CheckRandom<int32_t>(opset, 0, rng);
    CheckRandom<int64_t>(opset, 0, rng);
    CheckRandom<Float16>(opset, 2e-3, rng);
  }
  CheckRandom<uint32_t>(13, 0, rng);
  CheckRandom<BFloat16>(13, 1e-2, rng);
}

TEST(ReduceSum, OnnxDocGolden) {
  // [[[1,2],[3,4]],[[5,6],[7,8]],[[9,10],[11,12]]], axes [1].
  const HostTensor x = testing::IotaTensor({3, 2, 2});
  auto keep = Reduce(13, x, {1}, true);
  ASSERT_TRUE(keep.ok()) << keep.status().ToString();
  EXPECT_EQ(keep.value()[0].dims(), (Dims{3, 1, 2}));
  EXPECT_EQ(keep.value()[0].values<float>(), (std::vector<float>{2, 4, 10, 12, 18, 20}));
  auto drop = Reduce(11, x, {-2}, false);
  ASSERT_TRUE(drop.ok()) << drop.status().ToString();
  EXPECT_EQ(drop.value()[0].dims(), (Dims{3, 2}));
  auto all = Reduce(13, x, {}, false);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  EXPECT_EQ(all.value()[0].dims(), Dims{});
  EXPECT_EQ(all.value()[0].values<float>(), std::vector<float>{66});
}

TEST(ReduceSum, NoopWithEmptyAxesIsIdentity) {
  const HostTensor x = testing::IotaTensor({2, 3});
  testing::ExpectDims(Reduce(13, x, {}, true, /*noop=*/true), {2, 3});
  // Without the axes input at all.
  testing::ExpectDims(
      KernelRunner(Library(), "ReduceSum", 13).Attr("noop_with_empty_axes", int64_t{1}).Run({x}),
      {2, 3});
}

TEST(ReduceSum, EmptySetIsZero) {
  auto out = Reduce(13, HostTensor::From<float>({2, 0, 4}, {}), {1}, true);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dims(), (Dims{2, 1, 4}));
  EXPECT_EQ(out.value()[0].values<float>(), std::vector<float>(8, 0));
  auto none = Reduce(13, HostTensor::From<float>({2, 0, 4}, {}), {2}, true);
  ASSERT_TRUE(none.ok()) << none.status().ToString();
  EXPECT_EQ(none.value()[0].dims(), (Dims{2, 0, 1}));
}

TEST(ReduceSum, IntegersWrapAround) {
  auto out = Reduce(13, HostTensor::From<int32_t>({2}, {INT32_MAX, 1}), {}, false);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].values<int32_t>(), std::vector<int32_t>{INT32_MIN});
}

TEST(ReduceSum, Errors) {
  const HostTensor x = testing::IotaTensor({2, 3});
  ExpectError(Reduce(13, x, {2}, true), StatusCode::kInvalidArgument,
              "axes input 'input1' has axis 2 out of range (expected [-2, 1], got 2)");
  ExpectError(Reduce(11, x, {-3}, true), StatusCode::kInvalidModel,
              "attribute 'axes' has axis -3 out of range");
  ExpectError(Reduce(13, x, {1, -1}, true), StatusCode::kInvalidArgument,
              "repeats axis 1 (expected distinct axes, got [1,-1])");
  ExpectError(
      KernelRunner(Library(), "ReduceSum", 13).Attr("axes", std::vector<int64_t>{0}).Run({x}),
      StatusCode::kInvalidModel, "attribute 'axes' is an input from opset 13 on");
  ExpectError(
      KernelRunner(Library(), "ReduceSum", 11).Attr("noop_with_empty_axes", int64_t{1}).Run({x}),
      StatusCode::kInvalidModel, "'noop_with_empty_axes' is not defined before opset 13");
  ExpectError(KernelRunner(Library(), "ReduceSum", 13).Attr("keepdims", int64_t{2}).Run({x}),
              StatusCode::kInvalidModel, "attribute 'keepdims' (expected 0 or 1, got 2)");
  ExpectError(
      KernelRunner(Library(), "ReduceSum", 13).Run({x, HostTensor::From<int64_t>({1}, {0})}),
      StatusCode::kFailedPrecondition, "axes input 'input1' must be known ahead of time");
  ExpectError(KernelRunner(Library(), "ReduceSum", 13)
                  .Constant(1)
                  .Run({x, HostTensor::From<int32_t>({1}, {0})}),
              StatusCode::kInvalidArgument, "(expected int64, got int32)");
}

}  // namespace
}  // namespace onyx::kernels::ref
