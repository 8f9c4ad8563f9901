#pragma once

// Numerics shared by the attention-family kernels (Attention, LinearAttention,
// RotaryEmbedding, SwiGLU, CausalConvWithState): values are computed in
// double and rounded to the element type at the points where ONNX's numpy
// reference rounds, so float16 and bfloat16 results match it to the last bit
// in the common case instead of drifting by an ulp per step.

#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "kernels/ref/internal/quant_util.h"
#include "runtime/core/dtype.h"
#include "runtime/core/half.h"

namespace onyx::kernels::ref {

// `x` rounded to T and widened back: the value numpy holds after an
// elementwise op whose result has dtype T. Identity for double.
template <typename T>
inline double RoundTo(double x) {
  if constexpr (std::is_same_v<T, double>) {
    return x;
  } else {
    return static_cast<double>(static_cast<float>(T(static_cast<float>(x))));
  }
}

// `x` stored as T (rounded to nearest even for the narrow float types).
template <typename T>
inline T StoreAs(double x) {
  if constexpr (std::is_same_v<T, double>) {
    return x;
  } else {
    return T(static_cast<float>(x));
  }
}

// Softmax of x[0..n) into y, in precision P, as ONNX's reference computes it:
// a row whose maximum is -inf (fully masked) gives zeros, a zero sum divides
// by one. numpy sums float16 in float and rounds once; ml_dtypes' bfloat16
// rounds after every addition.
template <typename P>
void SoftmaxRowAs(const double* x, double* y, int64_t n) {
  double max = -std::numeric_limits<double>::infinity();
  bool nan = false;
  for (int64_t j = 0; j < n; ++j) {
    const double v = RoundTo<P>(x[j]);
    if (std::isnan(v)) nan = true;
    if (v > max) max = v;
  }
  if (nan) max = std::numeric_limits<double>::quiet_NaN();
  const double safe_max = std::isinf(max) && max < 0 ? 0.0 : max;
  double sum = 0;
  for (int64_t j = 0; j < n; ++j) {
    y[j] = RoundTo<P>(std::exp(RoundTo<P>(RoundTo<P>(x[j]) - safe_max)));
    sum = std::is_same_v<P, BFloat16> ? RoundTo<P>(sum + y[j]) : sum + y[j];
  }
  sum = RoundTo<P>(sum);
  if (sum == 0) sum = 1;
  for (int64_t j = 0; j < n; ++j) y[j] = RoundTo<P>(y[j] / sum);
}

// SoftmaxRowAs with P chosen at run time (float, double, float16, bfloat16).
inline void SoftmaxRow(DType precision, const double* x, double* y, int64_t n) {
  switch (precision) {
    case DType::kFloat64: return SoftmaxRowAs<double>(x, y, n);
    case DType::kFloat16: return SoftmaxRowAs<Float16>(x, y, n);
    case DType::kBFloat16: return SoftmaxRowAs<BFloat16>(x, y, n);
    default: return SoftmaxRowAs<float>(x, y, n);
  }
}

}  // namespace onyx::kernels::ref
