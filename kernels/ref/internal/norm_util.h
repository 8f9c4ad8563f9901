#pragma once

// What the normalization kernels share (LayerNormalization, RMSNormalization,
// GroupNormalization, InstanceNormalization, MeanVarianceNormalization):
// the stash_type attribute, a contiguous row's mean and inverse standard
// deviation in double, reading and writing any floating type as double, and
// scale/bias tensors broadcast unidirectionally onto X.

#include <cmath>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

#include "kernels/api/kernel.h"
#include "kernels/ref/internal/broadcast.h"
#include "kernels/ref/internal/copy.h"
#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/prepare_util.h"
#include "runtime/core/shape.h"
#include "runtime/core/status.h"

namespace onyx::kernels::ref {

// The float16, float, double and bfloat16 type codes.
constexpr uint64_t kNormTypes = kFloatTypes | kHalfTypes;

// The dtype named by attribute 'stash_type' (default 1, float): the
// precision of the statistics. kInvalidModel unless it is in `allowed`.
inline Result<DType> StashTypeAttr(const Attributes& attrs, uint64_t allowed) {
  ASSIGN_OR_RETURN(int64_t code, IntAttr(attrs, "stash_type", 1));
  const bool ok =
      code > 0 && code <= kMaxDType && (allowed & DTypeBit(static_cast<DType>(code))) != 0;
  RETURN_ERROR_IF(!ok, StatusCode::kInvalidModel,
                  "attribute 'stash_type' (expected the type code of one of ", DTypeList(allowed),
                  ", got ", code, ")");
  return static_cast<DType>(code);
}

// `v` rounded to the precision of `stash` (a floating dtype).
inline double RoundToStash(double v, DType stash) {
  switch (stash) {
    case DType::kFloat32:
      return static_cast<float>(v);
    case DType::kFloat16:
      return static_cast<float>(Float16(static_cast<float>(v)));
    case DType::kBFloat16:
      return static_cast<float>(BFloat16(static_cast<float>(v)));
    default:
      return v;
  }
}

template <typename T>
double LoadD(T v) {
  return static_cast<double>(
      static_cast<std::conditional_t<std::is_same_v<T, double>, double, float>>(v));
}

template <typename T>
T StoreD(double v) {
  if constexpr (std::is_same_v<T, double>) {
    return v;
  } else {
    return static_cast<T>(static_cast<float>(v));
  }
}

// Stores `v` as element i of `out`, a floating tensor of any of kNormTypes.
inline void StoreAs(const TensorView& out, int64_t i, double v) {
  switch (out.dtype) {
    case DType::kFloat64:
      out.data_as<double>()[i] = v;
      break;
    case DType::kFloat32:
      out.data_as<float>()[i] = static_cast<float>(v);
      break;
    case DType::kFloat16:
      out.data_as<Float16>()[i] = Float16(static_cast<float>(v));
      break;
    case DType::kBFloat16:
      out.data_as<BFloat16>()[i] = BFloat16(static_cast<float>(v));
      break;
    default:
      break;
  }
}

// True when the node declared output i (an optional output may be absent).
inline bool HasOutput(const RunContext& ctx, size_t i) {
  return i < ctx.outputs.size() && ctx.outputs[i] != nullptr;
}

// Mean and population variance of n elements `stride` apart, two-pass in
// double. NaN for n == 0.
template <typename T>
void RowMoments(const T* x, int64_t n, int64_t stride, double* mean, double* var) {
  double sum = 0;
  for (int64_t i = 0; i < n; ++i) sum += LoadD(x[i * stride]);
  *mean = sum / static_cast<double>(n);
  double sq = 0;
  for (int64_t i = 0; i < n; ++i) {
    const double d = LoadD(x[i * stride]) - *mean;
    sq += d * d;
  }
  *var = sq / static_cast<double>(n);
}

// A scale or bias tensor broadcast unidirectionally (numpy-style, right
// aligned) onto X. When it varies only along X's dims from `axis` on, laid
// out like them (the usual [normalized dims] shape), the element for X's flat
// index i is simply i % cols, cols being the product of those dims.
struct ParamLayout {
  bool trailing = true;
  std::vector<int64_t> strides;  // Per X dim, 0 where broadcast.
};

// kInvalidArgument naming input `i` unless it broadcasts onto `x`.
inline Result<ParamLayout> MakeParamLayout(const PrepareContext& ctx, size_t i, const Dims& x,
                                           size_t axis) {
  const ValueInfo& p = ctx.input(i);
  bool ok = p.dims.size() <= x.size();
  for (size_t k = 0; ok && k < p.dims.size(); ++k) {
    const int64_t pd = p.dims[p.dims.size() - 1 - k], xd = x[x.size() - 1 - k];
    ok = pd == xd || pd == 1;
  }
  RETURN_ERROR_IF(!ok, StatusCode::kInvalidArgument, "input '", p.name,
                  "' does not broadcast onto X (expected a shape that broadcasts to ",
                  DimsToString(x), ", got ", DimsToString(p.dims), ")");
  ParamLayout l;
  l.strides = BroadcastStrides(p.dims, x);
  int64_t stride = 1;
  for (size_t d = x.size(); d-- > 0;) {
    if (x[d] == 1) continue;
    if (l.strides[d] != (d >= axis ? stride : 0)) l.trailing = false;
    if (d >= axis) stride *= x[d];
  }
  return l;
}

// The parameter's element for X's flat index `flat`.
inline int64_t ParamOffset(const ParamLayout& l, const Dims& x, int64_t flat, int64_t cols) {
  if (l.trailing) return cols == 0 ? 0 : flat % cols;
  int64_t off = 0;
  for (size_t d = x.size(); d-- > 0;) {
    off += (flat % x[d]) * l.strides[d];
    flat /= x[d];
  }
  return off;
}

// Calls f(T{}, P{}) with the C++ types of X's and a parameter's dtypes.
template <typename F>
Status DispatchFloat2(DType x, DType p, F&& f) {
  return DispatchFloatOrHalf(
      x, [&](auto tx) { return DispatchFloatOrHalf(p, [&](auto tp) { return f(tx, tp); }); });
}

}  // namespace onyx::kernels::ref
