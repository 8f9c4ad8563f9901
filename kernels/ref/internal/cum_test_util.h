#pragma once

// The CumSum/CumProd kernel tests, shared: helpers and every TEST, named
// TEST(ONYX_CUM_TEST_SUITE, ...). Included by exactly one *_test.cc per op, which
// defines ONYX_CUM_TEST_SUITE (the test suite name) and, in onyx::kernels::ref's
// anonymous namespace:
//   constexpr const char* kOp;  // "CumSum" or "CumProd"
//   constexpr bool kProduct;    // true for CumProd
//   constexpr int kOpset;       // the opset the tests run at

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

// Running sums (products) along `axis`, in double, line by line.
template <typename T>
std::vector<double> Naive(const Dims& dims, int axis, const std::vector<T>& x, bool exclusive,
                          bool reverse) {
  int64_t outer = 1, len = dims[axis], inner = 1;
  for (int d = 0; d < axis; ++d) outer *= dims[d];
  for (size_t d = axis + 1; d < dims.size(); ++d) inner *= dims[d];
  std::vector<double> y(x.size());
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t s = 0; s < inner; ++s) {
      double acc = kProduct ? 1 : 0;
      for (int64_t k = 0; k < len; ++k) {
        const int64_t at = (o * len + (reverse ? len - 1 - k : k)) * inner + s;
        if (exclusive) y[at] = acc;
        acc = kProduct ? acc * ToDouble(x[at]) : acc + ToDouble(x[at]);
        if (!exclusive) y[at] = acc;
      }
    }
  }
  return y;
}

template <typename A>
Result<std::vector<HostTensor>> Scan(int opset, const HostTensor& x, A axis, bool exclusive = false,
                                     bool reverse = false, bool constant_axis = true) {
  KernelRunner runner(Library(), kOp, opset);
  runner.Attr("exclusive", int64_t{exclusive}).Attr("reverse", int64_t{reverse});
  if (constant_axis) runner.Constant(1);
  return runner.Run({x, HostTensor::From<A>({}, {axis})});
}

template <typename T>
void CheckRandom(int opset, double lo, double hi, double tol, std::mt19937& rng) {
  std::uniform_int_distribution<int> rank_dist(1, 4), extent(1, 4), coin(0, 1);
  for (int trial = 0; trial < 100; ++trial) {
    Dims dims(rank_dist(rng));
    for (int64_t& d : dims) d = extent(rng);
    const int rank = static_cast<int>(dims.size());
    const int axis = std::uniform_int_distribution<int>(0, rank - 1)(rng);
    const bool exclusive = coin(rng), reverse = coin(rng), constant = coin(rng);
    const int64_t axis_value = coin(rng) ? axis - rank : axis;
    SCOPED_TRACE(StrCat(DimsToString(dims), " axis ", axis_value, " exclusive ", exclusive,
                        " reverse ", reverse, " opset ", opset));
    std::vector<T> x = testing::Random<T>(NumElements(dims), rng, lo, hi);
    const HostTensor xt = HostTensor::From<T>(dims, x);
    auto out =
        coin(rng) ? Scan(opset, xt, axis_value, exclusive, reverse, constant)
                  : Scan(opset, xt, static_cast<int32_t>(axis_value), exclusive, reverse, constant);
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    ASSERT_EQ(out.value()[0].dims(), dims);
    const std::vector<T> got = out.value()[0].template values<T>();
    const std::vector<double> want = Naive(dims, axis, x, exclusive, reverse);
    for (size_t i = 0; i < want.size(); ++i) {
      ASSERT_NEAR(ToDouble(got[i]), want[i], tol * std::max(1.0, std::abs(want[i]))) << "at " << i;
    }
  }
}

TEST(ONYX_CUM_TEST_SUITE, RandomShapesAxesAndModes) {
  std::mt19937 rng(kProduct ? 32 : 31);
  CheckRandom<float>(kOpset, 0.5, 1.5, 1e-5, rng);
  CheckRandom<double>(kOpset, -1.5, 1.5, 1e-12, rng);
  CheckRandom<int32_t>(kOpset, -1.5, 2, 0, rng);  // -1, 0, 1: no overflow.
  CheckRandom<int64_t>(kOpset, -1.5, 2, 0, rng);
  CheckRandom<uint64_t>(kOpset, 0, 2, 0, rng);
  CheckRandom<Float16>(kOpset, 0.8, 1.2, 4e-3, rng);
  CheckRandom<BFloat16>(kOpset, 0.8, 1.2, 3e-2, rng);
  if (!kProduct) CheckRandom<float>(11, -8, 8, 1e-5, rng);
}

TEST(ONYX_CUM_TEST_SUITE, OnnxDocGolden) {
  const HostTensor x = HostTensor::From<double>({3}, {1, 2, 3});
  const std::vector<std::vector<double>> want =
      kProduct ? std::vector<std::vector<double>>{{1, 2, 6}, {1, 1, 2}, {6, 6, 3}, {6, 3, 1}}
               : std::vector<std::vector<double>>{{1, 3, 6}, {0, 1, 3}, {6, 5, 3}, {5, 3, 0}};
  for (int mode = 0; mode < 4; ++mode) {
    auto out = Scan(kOpset, x, int64_t{0}, mode & 1, mode >> 1);
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    EXPECT_EQ(out.value()[0].values<double>(), want[mode]) << "mode " << mode;
  }
}

TEST(ONYX_CUM_TEST_SUITE, DTypesByOpset) {
  EXPECT_NE(FindKernel(Library(), "", kOp, kOpset, DType::kBFloat16), nullptr);
  EXPECT_EQ(FindKernel(Library(), "", kOp, kOpset, DType::kInt8), nullptr);
  if (!kProduct) EXPECT_EQ(FindKernel(Library(), "", kOp, 13, DType::kFloat16), nullptr);
  if (kProduct) EXPECT_EQ(FindKernel(Library(), "", kOp, 25, DType::kFloat32), nullptr);
}

TEST(ONYX_CUM_TEST_SUITE, Errors) {
  const HostTensor x = testing::IotaTensor({2, 3});
  ExpectError(Scan(kOpset, x, int64_t{2}), StatusCode::kInvalidArgument,
              "axis input 'input1' is out of range (expected [-2, 1], got 2)");
  // An axis known only at run time is checked by Run.
  ExpectError(Scan(kOpset, x, int32_t{-3}, false, false, /*constant_axis=*/false),
              StatusCode::kInvalidArgument, "is out of range (expected [-2, 1], got -3)");
  ExpectError(KernelRunner(Library(), kOp, kOpset).Run({x, HostTensor::From<int64_t>({2}, {0, 1})}),
              StatusCode::kInvalidArgument,
              "axis input 'input1' shape (expected a scalar, got [2])");
  ExpectError(KernelRunner(Library(), kOp, kOpset).Run({x, HostTensor::From<float>({}, {0})}),
              StatusCode::kInvalidArgument, "(expected int32 or int64, got float)");
  ExpectError(KernelRunner(Library(), kOp, kOpset)
                  .Attr("reverse", int64_t{2})
                  .Run({x, HostTensor::From<int64_t>({}, {0})}),
              StatusCode::kInvalidModel, "attribute 'reverse' (expected 0 or 1, got 2)");
}

}  // namespace
}  // namespace onyx::kernels::ref
