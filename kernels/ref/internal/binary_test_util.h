#pragma once

// Test-only helpers of the elementwise binary and variadic kernel tests
// (binary_util.h's users): random broadcast runs checked element by element
// against an in-test reference, and tensors of float16/bfloat16 values.
// Included by *_test.cc files only.

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref::testing {

using namespace ::onyx::kernels::testing;  // NOLINT: the shared test helpers.

// Equal values, NaN matching NaN; half types compare as float.
template <typename T>
bool SameValue(T got, T want) {
  if constexpr (std::is_same_v<T, Float16> || std::is_same_v<T, BFloat16> ||
                std::is_floating_point_v<T>) {
    const double g = static_cast<double>(got), w = static_cast<double>(want);
    return (std::isnan(g) && std::isnan(w)) || g == w;
  } else {
    return got == want;
  }
}

template <typename T>
double Printable(T v) {
  return static_cast<double>(v);
}

// HostTensor::From, also for bool (std::vector<bool> has no data()).
template <typename T>
HostTensor FromValues(Dims dims, const std::vector<T>& values) {
  if constexpr (std::is_same_v<T, bool>) {
    HostTensor t = HostTensor::Allocate(DType::kBool, std::move(dims)).value();
    bool* p = static_cast<bool*>(t.data());
    for (size_t i = 0; i < values.size(); ++i) p[i] = values[i];
    return t;
  } else {
    return HostTensor::From<T>(std::move(dims), values);
  }
}

// A tensor of `values` converted to T (float16 and bfloat16 included).
template <typename T>
HostTensor Tensor(Dims dims, const std::vector<double>& values) {
  std::vector<T> v;
  for (double x : values) v.push_back(static_cast<T>(x));
  return FromValues<T>(std::move(dims), v);
}

using IntAttrs = std::vector<std::pair<std::string, int64_t>>;

// Runs `op_type` at `opset` (with int attributes `attrs`) on `trials` random
// pairs of shapes that broadcast, A filled by value_a() and B by value_b(),
// and expects each output element to be want(a, b) of the naively broadcast
// inputs.
template <typename A, typename B, typename O, typename VA, typename VB, typename Want>
void CheckBinaryRandom(const std::string& op_type, int opset, uint32_t seed, VA value_a, VB value_b,
                       Want want, int trials = 100, const IntAttrs& attrs = {}) {
  std::mt19937 rng(seed);
  for (int trial = 0; trial < trials; ++trial) {
    Dims da, db, dout;
    RandomBroadcastShapes(rng, da, db, dout);
    std::vector<A> a(NumElements(da));
    std::vector<B> b(NumElements(db));
    for (size_t i = 0; i < a.size(); ++i) a[i] = value_a(rng);
    for (size_t i = 0; i < b.size(); ++i) b[i] = value_b(rng);
    KernelRunner runner(Library(), op_type, opset);
    for (const auto& attr : attrs) runner.Attr(attr.first, attr.second);
    auto out = runner.Run({FromValues<A>(da, a), FromValues<B>(db, b)});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    const HostTensor& t = out.value()[0];
    ASSERT_EQ(t.dims(), dout) << DimsToString(da) << " with " << DimsToString(db);
    ASSERT_EQ(t.dtype(), DTypeOf<O>::value);
    const O* got = static_cast<const O*>(t.data());
    for (int64_t i = 0; i < NumElements(dout); ++i) {
      const A va = a[BroadcastOffset(da, dout, i)];
      const B vb = b[BroadcastOffset(db, dout, i)];
      const O w = want(va, vb);
      ASSERT_TRUE(SameValue(got[i], w))
          << op_type << " " << DimsToString(da) << " with " << DimsToString(db) << " at " << i
          << ": got " << Printable(got[i]) << " for (" << Printable(va) << ", " << Printable(vb)
          << "), want " << Printable(w);
    }
  }
}

// The same with A and B drawn alike.
template <typename T, typename O, typename V, typename Want>
void CheckBinaryRandom(const std::string& op_type, int opset, uint32_t seed, V value, Want want,
                       int trials = 100, const IntAttrs& attrs = {}) {
  CheckBinaryRandom<T, T, O>(op_type, opset, seed, value, value, want, trials, attrs);
}

// Uniform integers in [lo, hi] as T.
template <typename T>
auto IntsIn(int64_t lo, int64_t hi) {
  return [lo, hi](std::mt19937& rng) {
    return static_cast<T>(std::uniform_int_distribution<int64_t>(lo, hi)(rng));
  };
}

// Uniform reals in [lo, hi) as T.
template <typename T>
auto RealsIn(double lo, double hi) {
  return [lo, hi](std::mt19937& rng) {
    return static_cast<T>(std::uniform_real_distribution<double>(lo, hi)(rng));
  };
}

}  // namespace onyx::kernels::ref::testing
