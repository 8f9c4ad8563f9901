#pragma once

// Ops that work along one axis of their input, seen as [outer, len, inner]
// around it: ArgMax/ArgMin (an arg-reduction, sharing Prepare and a Run
// template) and CumSum/CumProd (a scan, likewise); TopK, Hardmax and
// LpNormalization use AxisSplit alone.

#include <cstdint>

#include "kernels/api/kernel.h"
#include "kernels/ref/internal/copy.h"
#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/internal/reduce_util.h"
#include "runtime/core/shape.h"
#include "runtime/core/status.h"

namespace onyx::kernels::ref {

// A tensor seen as [outer, len, inner] around `axis`: element (o, i, s) is at
// (o * len + i) * inner + s.
struct AxisSplit {
  int64_t outer = 1, len = 1, inner = 1;
};

inline AxisSplit SplitAtAxis(const Dims& dims, size_t axis) {
  AxisSplit s;
  for (size_t d = 0; d < dims.size(); ++d)
    (d < axis ? s.outer : d == axis ? s.len : s.inner) *= dims[d];
  return s;
}

// ---- ArgMax, ArgMin ----------------------------------------------------

struct ArgReduceParams {
  AxisSplit split;
  bool select_last = false;
};

// Attributes axis (default 0, negative counting from the back at every
// opset, as ONNX Runtime accepts), keepdims, and select_last_index (opset
// 12+). The output is int64 with the axis kept as 1 or dropped.
inline Status PrepareArgReduce(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, 1));
  RETURN_IF_ERROR(ExpectDType(ctx, 0, kNumericTypes | kHalfTypes));
  const Attributes& attrs = ctx.attrs();
  RETURN_IF_ERROR(RejectAttrBefore(attrs, "select_last_index", ctx.node().opset, 12));
  ArgReduceParams p;
  ASSIGN_OR_RETURN(p.select_last, BoolAttr(attrs, "select_last_index", false));
  ASSIGN_OR_RETURN(bool keepdims, BoolAttr(attrs, "keepdims", true));
  ASSIGN_OR_RETURN(int64_t axis_attr, IntAttr(attrs, "axis", 0));
  const ValueInfo& x = ctx.input(0);
  ASSIGN_OR_RETURN(int axis, NormalizeAxisAttr(axis_attr, x, /*allow_negative=*/true));
  p.split = SplitAtAxis(x.dims, axis);
  RETURN_ERROR_IF(p.split.len == 0 && p.split.outer * p.split.inner > 0,
                  StatusCode::kInvalidArgument, "input '", x.name,
                  "' has no elements to choose from along axis ", axis,
                  " (expected extent >= 1, got shape ", DimsToString(x.dims), ")");
  Dims out = x.dims;
  if (keepdims) {
    out[axis] = 1;
  } else {
    out.erase(out.begin() + axis);
  }
  ctx.SetOutput(0, DType::kInt64, std::move(out));
  ctx.EmplaceState<ArgReduceParams>(p);
  return Status::Ok();
}

// The index of the first (or with select_last_index the last) maximum
// (kMax) or minimum along the axis. NaN counts as the extreme, as in numpy.
template <bool kMax>
Status RunArgReduce(const RunContext& ctx) {
  const auto& p = ctx.state<ArgReduceParams>();
  const AxisSplit& s = p.split;
  return DispatchNumericOrHalf(ctx.input(0).dtype, [&](auto tag) {
    using T = decltype(tag);
    using C = Compute<T>;
    const T* x = ctx.input(0).data_as<const T>();
    int64_t* y = ctx.output(0).data_as<int64_t>();
    for (int64_t o = 0; o < s.outer; ++o) {
      for (int64_t in = 0; in < s.inner; ++in) {
        const T* line = x + o * s.len * s.inner + in;
        int64_t best = 0;
        C bv = static_cast<C>(line[0]);
        for (int64_t i = 1; i < s.len; ++i) {
          const C v = static_cast<C>(line[i * s.inner]);
          bool take;
          if (IsNan(bv)) {
            take = p.select_last && IsNan(v);
          } else if (IsNan(v)) {
            take = true;
          } else {
            take = (kMax ? v > bv : v < bv) || (p.select_last && v == bv);
          }
          if (take) {
            best = i;
            bv = v;
          }
        }
        y[o * s.inner + in] = best;
      }
    }
    return Status::Ok();
  });
}

// ---- CumSum, CumProd ---------------------------------------------------

struct ScanParams {
  bool exclusive = false, reverse = false;
};

// The axis input's value (int32 or int64, one element) normalized against
// `rank`; kInvalidArgument naming `name` when out of range.
inline Result<int> ScanAxis(const void* data, DType dtype, int64_t rank, const std::string& name) {
  const int64_t axis = dtype == DType::kInt32 ? *static_cast<const int32_t*>(data)
                                              : *static_cast<const int64_t*>(data);
  RETURN_ERROR_IF(axis < -rank || axis >= rank, StatusCode::kInvalidArgument, "axis input '", name,
                  "' is out of range (expected [", -rank, ", ", rank - 1, "], got ", axis, ")");
  return static_cast<int>(axis < 0 ? axis + rank : axis);
}

// Inputs x and axis (a 0-D or one-element int32/int64 tensor whose value
// Run reads; Prepare checks it too when known), attributes exclusive and
// reverse. The output has x's dtype and shape.
inline Status PrepareScan(PrepareContext& ctx, uint64_t dtypes) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(2, 2));
  RETURN_IF_ERROR(ExpectDType(ctx, 0, dtypes));
  const ValueInfo& x = ctx.input(0);
  const ValueInfo& axis = ctx.input(1);
  RETURN_ERROR_IF(axis.dtype != DType::kInt32 && axis.dtype != DType::kInt64,
                  StatusCode::kInvalidArgument, "axis input '", axis.name,
                  "' dtype (expected int32 or int64, got ", DTypeName(axis.dtype), ")");
  RETURN_ERROR_IF(axis.dims.size() > 1 || NumElements(axis.dims) != 1, StatusCode::kInvalidArgument,
                  "axis input '", axis.name, "' shape (expected a scalar, got ",
                  DimsToString(axis.dims), ")");
  if (axis.data != nullptr) {
    RETURN_IF_ERROR(
        ScanAxis(axis.data, axis.dtype, static_cast<int64_t>(x.dims.size()), axis.name).status());
  }
  ScanParams p;
  ASSIGN_OR_RETURN(p.exclusive, BoolAttr(ctx.attrs(), "exclusive", false));
  ASSIGN_OR_RETURN(p.reverse, BoolAttr(ctx.attrs(), "reverse", false));
  ctx.SetOutput(0, x.dtype, x.dims);
  ctx.EmplaceState<ScanParams>(p);
  return Status::Ok();
}

// Running sum (or kProduct: product) along the axis, accumulated in
// Accum<T>; exclusive starts from the identity, reverse runs from the end.
template <bool kProduct>
Status RunScan(const RunContext& ctx) {
  const auto& p = ctx.state<ScanParams>();
  const TensorView& xv = ctx.input(0);
  ASSIGN_OR_RETURN(int axis, ScanAxis(ctx.input(1).data, ctx.input(1).dtype, xv.rank(), "axis"));
  const AxisSplit s = SplitAtAxis(xv.dims, axis);
  return DispatchNumericOrHalf(xv.dtype, [&](auto tag) {
    using T = decltype(tag);
    using A = Accum<T>;
    const T* x = xv.data_as<const T>();
    T* y = ctx.output(0).data_as<T>();
    for (int64_t o = 0; o < s.outer; ++o) {
      for (int64_t in = 0; in < s.inner; ++in) {
        A acc = kProduct ? A{1} : A{0};
        for (int64_t k = 0; k < s.len; ++k) {
          const int64_t i = p.reverse ? s.len - 1 - k : k;
          const int64_t at = (o * s.len + i) * s.inner + in;
          const A v = ToAccum(x[at]);  // Read before writing: y may alias x.
          if (p.exclusive) y[at] = FromAccum<T>(acc);
          acc = kProduct ? AccumMul(acc, v) : AccumAdd(acc, v);
          if (!p.exclusive) y[at] = FromAccum<T>(acc);
        }
      }
    }
    return Status::Ok();
  });
}

}  // namespace onyx::kernels::ref
