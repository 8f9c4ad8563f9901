#pragma once

// The ArgMax/ArgMin kernel tests, shared: helpers and every TEST, named
// TEST(ONYX_ARG_TEST_SUITE, ...). Included by exactly one *_test.cc per op, which
// defines ONYX_ARG_TEST_SUITE (the test suite name) and, in onyx::kernels::ref's
// anonymous namespace:
//   constexpr const char* kOp;  // "ArgMax" or "ArgMin"
//   constexpr bool kMax;        // true for ArgMax

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

// For each position outside `axis`, the index along it of the first (or
// last) extreme value, scanning in double.
template <typename T>
std::vector<int64_t> Naive(const Dims& dims, int axis, const std::vector<T>& x, bool last) {
  int64_t outer = 1, len = dims[axis], inner = 1;
  for (int d = 0; d < axis; ++d) outer *= dims[d];
  for (size_t d = axis + 1; d < dims.size(); ++d) inner *= dims[d];
  std::vector<int64_t> out;
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t s = 0; s < inner; ++s) {
      int64_t best = 0;
      for (int64_t i = 1; i < len; ++i) {
        const double v = ToDouble(x[(o * len + i) * inner + s]);
        const double b = ToDouble(x[(o * len + best) * inner + s]);
        if ((kMax ? v > b : v < b) || (last && v == b)) best = i;
      }
      out.push_back(best);
    }
  }
  return out;
}

Result<std::vector<HostTensor>> Arg(int opset, const HostTensor& x, int64_t axis, bool keepdims,
                                    bool last) {
  KernelRunner runner(Library(), kOp, opset);
  runner.Attr("axis", axis).Attr("keepdims", int64_t{keepdims});
  if (opset >= 12) runner.Attr("select_last_index", int64_t{last});
  return runner.Run({x});
}

template <typename T>
void CheckRandom(int opset, std::mt19937& rng) {
  std::uniform_int_distribution<int> rank_dist(1, 4), extent(1, 4), coin(0, 1), value(0, 5);
  for (int trial = 0; trial < 100; ++trial) {
    Dims dims(rank_dist(rng));
    for (int64_t& d : dims) d = extent(rng);
    const int rank = static_cast<int>(dims.size());
    const int axis = std::uniform_int_distribution<int>(0, rank - 1)(rng);
    const bool keepdims = coin(rng), last = opset >= 12 && coin(rng);
    const int64_t axis_attr = coin(rng) ? axis - rank : axis;
    SCOPED_TRACE(StrCat(DimsToString(dims), " axis ", axis_attr, " keepdims ", keepdims, " last ",
                        last, " opset ", opset));
    // Few distinct values, so that ties are common.
    std::vector<T> x(NumElements(dims));
    for (T& v : x) v = static_cast<T>(static_cast<float>(value(rng)));
    auto out = Arg(opset, HostTensor::From<T>(dims, x), axis_attr, keepdims, last);
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    Dims want_dims = dims;
    if (keepdims)
      want_dims[axis] = 1;
    else
      want_dims.erase(want_dims.begin() + axis);
    EXPECT_EQ(out.value()[0].dtype(), DType::kInt64);
    EXPECT_EQ(out.value()[0].dims(), want_dims);
    EXPECT_EQ(out.value()[0].template values<int64_t>(), Naive(dims, axis, x, last));
  }
}

TEST(ONYX_ARG_TEST_SUITE, RandomShapesAxesAndTies) {
  std::mt19937 rng(kMax ? 21 : 22);
  for (int opset : {1, 11, 12, 13}) {
    CheckRandom<float>(opset, rng);
    CheckRandom<int32_t>(opset, rng);
    CheckRandom<Float16>(opset, rng);
  }
  CheckRandom<double>(13, rng);
  CheckRandom<uint8_t>(13, rng);
  CheckRandom<int16_t>(12, rng);
  CheckRandom<BFloat16>(13, rng);
}

TEST(ONYX_ARG_TEST_SUITE, OnnxDocGolden) {
  const HostTensor x = HostTensor::From<float>({2, 2}, {2, 2, 3, 10});
  auto first = Arg(13, x, 1, true, false);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first.value()[0].values<int64_t>(), (std::vector<int64_t>{0, kMax ? 1 : 0}));
  auto last = Arg(13, x, 1, true, true);
  ASSERT_TRUE(last.ok()) << last.status().ToString();
  EXPECT_EQ(last.value()[0].values<int64_t>(), (std::vector<int64_t>{1, kMax ? 1 : 0}));
}

TEST(ONYX_ARG_TEST_SUITE, NanCountsAsExtreme) {
  auto out = Arg(13, HostTensor::From<float>({4}, {1, NAN, 3, NAN}), 0, false, false);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dims(), Dims{});
  EXPECT_EQ(out.value()[0].values<int64_t>(), std::vector<int64_t>{1});
  auto last = Arg(13, HostTensor::From<float>({4}, {1, NAN, 3, NAN}), 0, false, true);
  ASSERT_TRUE(last.ok()) << last.status().ToString();
  EXPECT_EQ(last.value()[0].values<int64_t>(), std::vector<int64_t>{3});
}

TEST(ONYX_ARG_TEST_SUITE, EmptyOutputIsFine) {
  auto out = Arg(13, HostTensor::From<float>({0, 3}, {}), 1, true, false);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dims(), (Dims{0, 1}));
}

TEST(ONYX_ARG_TEST_SUITE, DTypesByOpset) {
  EXPECT_EQ(FindKernel(Library(), "", kOp, 12, DType::kBFloat16), nullptr);
  EXPECT_NE(FindKernel(Library(), "", kOp, 13, DType::kBFloat16), nullptr);
  EXPECT_NE(FindKernel(Library(), "", kOp, 1, DType::kUInt16), nullptr);
}

TEST(ONYX_ARG_TEST_SUITE, Errors) {
  const HostTensor x = testing::IotaTensor({2, 3});
  ExpectError(Arg(13, x, 2, true, false), StatusCode::kInvalidArgument,
              "attribute 'axis' is out of range for input 'input0' of shape [2,3] (expected [-2, "
              "1], got 2)");
  ExpectError(KernelRunner(Library(), kOp, 11).Attr("select_last_index", int64_t{1}).Run({x}),
              StatusCode::kInvalidModel, "'select_last_index' is not defined before opset 12");
  ExpectError(Arg(13, HostTensor::From<float>({2, 0}, {}), 1, true, false),
              StatusCode::kInvalidArgument,
              "input 'input0' has no elements to choose from along axis 1 (expected extent >= 1, "
              "got shape [2,0])");
  ExpectError(KernelRunner(Library(), kOp, 13).Attr("keepdims", int64_t{3}).Run({x}),
              StatusCode::kInvalidModel, "attribute 'keepdims' (expected 0 or 1, got 3)");
}

}  // namespace
}  // namespace onyx::kernels::ref
