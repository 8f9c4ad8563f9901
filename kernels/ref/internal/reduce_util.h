#pragma once

// What the reduction kernels share (ReduceSum ... ReduceLogSumExp, and the
// normalizations that reduce over a set of axes):
//   - reading `axes` (an attribute before the op's switch opset, then an
//     optional int64 input whose value Prepare must know), keepdims and
//     noop_with_empty_axes, and the output shape they give;
//   - a ReducePlan: the input's dims coalesced into runs of kept and reduced
//     dims, so Run visits each output element and its reduced elements with
//     no allocation;
//   - accumulator types and casts: double for floating types (float16 and
//     bfloat16 included), 64-bit wrapping arithmetic for integers.

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "kernels/api/kernel.h"
#include "kernels/ref/internal/copy.h"
#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/prepare_util.h"
#include "runtime/core/shape.h"
#include "runtime/core/status.h"

namespace onyx::kernels::ref {

// Where a reduction accumulates elements of T.
template <typename T>
using Accum =
    std::conditional_t<std::is_integral_v<T>,
                       std::conditional_t<std::is_signed_v<T>, int64_t, uint64_t>, double>;

// Where elementwise comparisons of T happen: float for the 16-bit floats
// (which have no operators of their own), T otherwise.
template <typename T>
using Compute =
    std::conditional_t<std::is_same_v<T, Float16> || std::is_same_v<T, BFloat16>, float, T>;

template <typename T>
Accum<T> ToAccum(T v) {
  return static_cast<Accum<T>>(static_cast<Compute<T>>(v));
}

// Integer sums and products wrap around like numpy's instead of overflowing
// into undefined behaviour.
template <typename A>
A AccumAdd(A a, A b) {
  if constexpr (std::is_integral_v<A>) {
    return static_cast<A>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b));
  } else {
    return a + b;
  }
}

template <typename A>
A AccumMul(A a, A b) {
  if constexpr (std::is_integral_v<A>) {
    return static_cast<A>(static_cast<uint64_t>(a) * static_cast<uint64_t>(b));
  } else {
    return a * b;
  }
}

// An accumulator or a double result stored as T. Integer results computed
// in floating point (ReduceL2, ReduceLogSum of ints) truncate toward zero as
// numpy's astype does; NaN gives 0 and infinities saturate rather than
// invoking undefined behaviour.
template <typename T, typename A>
T FromAccum(A a) {
  if constexpr (std::is_same_v<T, bool>) {
    return a != 0;
  } else if constexpr (std::is_integral_v<T> && std::is_floating_point_v<A>) {
    using L = std::numeric_limits<T>;
    if (std::isnan(a)) return T{0};
    if (a <= static_cast<A>(L::lowest())) return L::lowest();
    if (a >= static_cast<A>(L::max())) return L::max();
    return static_cast<T>(a);
  } else if constexpr (std::is_integral_v<T>) {
    return static_cast<T>(a);
  } else {
    return static_cast<T>(static_cast<Compute<T>>(a));
  }
}

template <typename T>
bool IsNan(T v) {
  if constexpr (std::is_integral_v<T>) {
    return false;
  } else {
    const Compute<T> c = static_cast<Compute<T>>(v);
    return c != c;
  }
}

// -infinity, or the lowest value for types without one (false for bool).
template <typename T>
T LowestOrMinusInf() {
  if constexpr (std::numeric_limits<T>::has_infinity) {
    return static_cast<T>(-static_cast<float>(std::numeric_limits<T>::infinity()));
  } else {
    return std::numeric_limits<T>::lowest();
  }
}

template <typename T>
T HighestOrInf() {
  if constexpr (std::numeric_limits<T>::has_infinity) {
    return std::numeric_limits<T>::infinity();
  } else {
    return std::numeric_limits<T>::max();
  }
}

// The dtypes of ReduceSum and the other arithmetic reductions, over all
// opsets: float16, float, double, bfloat16 and the 32/64-bit integers.
constexpr uint64_t kReduceTypes = kFloatTypes | kHalfTypes | DTypeBit(DType::kInt32) |
                                  DTypeBit(DType::kInt64) | DTypeBit(DType::kUInt32) |
                                  DTypeBit(DType::kUInt64);
// ReduceMax and ReduceMin add int8 and uint8 (opset 12) and bool (opset 20).
constexpr uint64_t kReduceMinMaxTypes =
    kReduceTypes | DTypeBit(DType::kInt8) | DTypeBit(DType::kUInt8) | DTypeBit(DType::kBool);

// Every dtype a reduction's Run can take: numeric, 16-bit floats, bool.
template <typename F>
Status DispatchReduce(DType dtype, F&& f) {
  if (dtype == DType::kBool) return f(bool{});
  return DispatchNumericOrHalf(dtype, f);
}

// ---- Sets of axes ------------------------------------------------------

// An input's dims as alternating runs of kept and reduced dims, outer to
// inner, with input strides. Extent-1 dims are dropped; adjacent dims of one
// kind merge, since the input is contiguous.
struct ReducePlan {
  int64_t out_count = 1;     // Output elements (product of the kept extents).
  int64_t reduce_count = 1;  // Input elements folded into each output element.
  std::vector<int64_t> kept_extent, kept_stride;
  std::vector<int64_t> red_extent, red_stride;
};

inline ReducePlan MakeReducePlan(const Dims& dims, const std::vector<bool>& reduce) {
  ReducePlan p;
  int64_t stride = 1;
  bool last_reduced = false, any = false;
  std::vector<std::pair<int64_t, int64_t>> kept, red;  // (extent, stride), inner to outer.
  for (size_t k = dims.size(); k-- > 0;) {
    const int64_t e = dims[k];
    (reduce[k] ? p.reduce_count : p.out_count) *= e;
    if (e != 1) {
      auto& runs = reduce[k] ? red : kept;
      if (any && last_reduced == reduce[k]) {
        runs.back().first *= e;
      } else {
        runs.emplace_back(e, stride);
      }
      any = true;
      last_reduced = reduce[k];
    }
    stride *= e;
  }
  for (size_t i = kept.size(); i-- > 0;) {
    p.kept_extent.push_back(kept[i].first);
    p.kept_stride.push_back(kept[i].second);
  }
  for (size_t i = red.size(); i-- > 0;) {
    p.red_extent.push_back(red[i].first);
    p.red_stride.push_back(red[i].second);
  }
  return p;
}

// Input offset of the point number `flat` (row-major) of the runs.
inline int64_t RunOffset(const std::vector<int64_t>& extent, const std::vector<int64_t>& stride,
                         size_t count, int64_t flat) {
  int64_t off = 0;
  for (size_t g = count; g-- > 0;) {
    off += (flat % extent[g]) * stride[g];
    flat /= extent[g];
  }
  return off;
}

// Calls f(o, base) for every output element o, with base the input offset of
// its first reduced element.
template <typename F>
void ForEachOutput(const ReducePlan& p, F&& f) {
  for (int64_t o = 0; o < p.out_count; ++o) {
    f(o, RunOffset(p.kept_extent, p.kept_stride, p.kept_extent.size(), o));
  }
}

// Calls f(offset) for each input element reduced into the output element
// whose first reduced element is at `base`. The innermost run is a tight loop.
template <typename F>
void ForEachReduced(const ReducePlan& p, int64_t base, F&& f) {
  if (p.reduce_count == 0) return;
  if (p.red_extent.empty()) {
    f(base);
    return;
  }
  const size_t last = p.red_extent.size() - 1;
  const int64_t n = p.red_extent[last], step = p.red_stride[last];
  const int64_t rows = p.reduce_count / n;
  for (int64_t r = 0; r < rows; ++r) {
    const int64_t start = base + RunOffset(p.red_extent, p.red_stride, last, r);
    for (int64_t i = 0; i < n; ++i) f(start + i * step);
  }
}

// y[o] = finish(fold of step over the elements of o starting from init, count).
template <typename T, typename A, typename Step, typename Finish>
void ReduceEach(const RunContext& ctx, A init, Step step, Finish finish) {
  const auto& p = ctx.state<ReducePlan>();
  const T* x = ctx.input(0).data_as<const T>();
  T* y = ctx.output(0).data_as<T>();
  ForEachOutput(p, [&](int64_t o, int64_t base) {
    A acc = init;
    ForEachReduced(p, base, [&](int64_t i) { acc = step(acc, x[i]); });
    y[o] = finish(acc, p.reduce_count);
  });
}

// The reduced dims and output dims of `x` for `axes` (normalized, distinct),
// as every op with keepdims computes them. An empty `axes` reduces every dim
// unless `noop`.
inline std::vector<bool> ReducedDims(const Dims& dims, const std::vector<int64_t>& axes,
                                     bool noop) {
  std::vector<bool> reduce(dims.size(), axes.empty() && !noop);
  for (int64_t a : axes) reduce[a] = true;
  return reduce;
}

inline Dims ReducedShape(const Dims& dims, const std::vector<bool>& reduce, bool keepdims) {
  Dims out;
  for (size_t d = 0; d < dims.size(); ++d) {
    if (!reduce[d] || keepdims) out.push_back(reduce[d] ? 1 : dims[d]);
  }
  return out;
}

// Normalizes `axes` in place (negative counts from the back) and rejects
// repeats; errors carry `code` and name `what`.
inline Status NormalizeDistinctAxes(std::vector<int64_t>& axes, int64_t rank, StatusCode code,
                                    const std::string& what) {
  const std::vector<int64_t> given = axes;
  RETURN_IF_ERROR(NormalizeAxes(axes, rank, true, code, what));
  std::vector<bool> seen(rank, false);
  for (int64_t a : axes) {
    RETURN_ERROR_IF(seen[a], code, what, " repeats axis ", a, " (expected distinct axes, got ",
                    IntsToString(given), ")");
    seen[a] = true;
  }
  return Status::Ok();
}

// Prepare of the Reduce* ops: one input (plus the optional int64 `axes`
// input from `axes_input_since` on) of a dtype in `dtypes`; sets output 0
// (same dtype, reduced shape) and a ReducePlan state. Negative axes are
// accepted at every opset, as ONNX Runtime does. kFailedPrecondition when
// the axes input's value is unknown.
inline Status PrepareReduce(PrepareContext& ctx, int axes_input_since, uint64_t dtypes) {
  const int opset = ctx.node().opset;
  const bool axes_is_input = opset >= axes_input_since;
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, axes_is_input ? 2 : 1));
  RETURN_IF_ERROR(ExpectDType(ctx, 0, dtypes));
  const Attributes& attrs = ctx.attrs();
  ASSIGN_OR_RETURN(bool keepdims, BoolAttr(attrs, "keepdims", true));
  RETURN_IF_ERROR(RejectAttrBefore(attrs, "noop_with_empty_axes", opset, axes_input_since));
  ASSIGN_OR_RETURN(bool noop, BoolAttr(attrs, "noop_with_empty_axes", false));
  std::vector<int64_t> axes;
  StatusCode code = StatusCode::kInvalidModel;
  std::string what = "attribute 'axes'";
  if (axes_is_input) {
    RETURN_ERROR_IF(attrs.Has("axes"), StatusCode::kInvalidModel,
                    "attribute 'axes' is an input from opset ", axes_input_since,
                    " on (expected absent, got it at opset ", opset, ")");
    if (ctx.has_input(1)) {
      ASSIGN_OR_RETURN(axes, KnownInt64Input(ctx, 1, "axes"));
      code = StatusCode::kInvalidArgument;
      what = StrCat("axes input '", ctx.input(1).name, "'");
    }
  } else {
    ASSIGN_OR_RETURN(axes, IntsAttr(attrs, "axes"));
  }
  const ValueInfo& x = ctx.input(0);
  RETURN_IF_ERROR(NormalizeDistinctAxes(axes, static_cast<int64_t>(x.dims.size()), code, what));
  const std::vector<bool> reduce = ReducedDims(x.dims, axes, noop);
  ctx.SetOutput(0, x.dtype, ReducedShape(x.dims, reduce, keepdims));
  ctx.EmplaceState<ReducePlan>(MakeReducePlan(x.dims, reduce));
  return Status::Ok();
}

}  // namespace onyx::kernels::ref
