// Clip: out = Min(max, Max(x, min)), numpy.clip's semantics, so when min > max
// every element becomes max, as the ONNX docs say. NaN inputs stay NaN.
//
// Opsets 1 and 6 take float attributes `min` and `max`; opset 6 gives them the
// defaults -/+3.402823e+38, opset 1 none. Opset 11 moves them to optional
// scalar inputs; opset 12 adds the integer types. An absent bound is
// numeric_limits<T>::lowest() / max() as the spec says, so with no max, +inf
// becomes the largest finite value (ONNX Runtime does the same). Bound inputs
// may have shape [] (the spec) or [1] (accepted, as ONNX Runtime does).

#include <limits>

#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct ClipParams {
  bool bounds_from_attrs = false;  // Opsets 1 to 10.
  bool has_min = false;
  bool has_max = false;
  float min = 0;
  float max = 0;
};

// Opsets 1 to 10: the bounds are attributes.
Status PrepareAttrBounds(PrepareContext& ctx, ClipParams& p) {
  const bool has_defaults = ctx.node().opset >= 6;
  p.bounds_from_attrs = true;
  p.has_min = has_defaults || ctx.attrs().Has("min");
  p.has_max = has_defaults || ctx.attrs().Has("max");
  ASSIGN_OR_RETURN(p.min, FloatAttr(ctx.attrs(), "min", -3.402823e+38f));
  ASSIGN_OR_RETURN(p.max, FloatAttr(ctx.attrs(), "max", 3.402823e+38f));
  return Status::Ok();
}

// Opsets 11+: input `i` (min or max), when present, is a scalar of x's dtype.
Status CheckBoundInput(const PrepareContext& ctx, size_t i, const char* role) {
  if (!ctx.has_input(i)) return Status::Ok();
  const ValueInfo& x = ctx.input(0);
  const ValueInfo& b = ctx.input(i);
  RETURN_ERROR_IF(b.dtype != x.dtype, StatusCode::kInvalidArgument, role, " input '", b.name,
                  "' dtype differs from input '", x.name, "' (expected ", DTypeName(x.dtype),
                  ", got ", DTypeName(b.dtype), ")");
  RETURN_ERROR_IF(b.dims.size() > 1 || NumElements(b.dims) != 1, StatusCode::kInvalidArgument, role,
                  " input '", b.name, "' must be a scalar (expected shape [], got ",
                  DimsToString(b.dims), ")");
  return Status::Ok();
}

template <typename T>
Status ClipTyped(const RunContext& ctx) {
  const ClipParams& p = ctx.state<ClipParams>();
  T lo = std::numeric_limits<T>::lowest();
  T hi = std::numeric_limits<T>::max();
  if (p.bounds_from_attrs) {
    if (p.has_min) lo = static_cast<T>(p.min);
    if (p.has_max) hi = static_cast<T>(p.max);
  } else {
    if (ctx.has_input(1)) lo = *ctx.input(1).data_as<const T>();
    if (ctx.has_input(2)) hi = *ctx.input(2).data_as<const T>();
  }
  const T* in = ctx.input(0).data_as<const T>();
  T* out = ctx.output(0).data_as<T>();
  const int64_t n = ctx.input(0).num_elements();
  for (int64_t i = 0; i < n; ++i) {
    T v = in[i];
    if (v < lo) v = lo;
    if (v > hi) v = hi;
    out[i] = v;
  }
  return Status::Ok();
}

}  // namespace

Status ClipPrepare(PrepareContext& ctx) {
  const int opset = ctx.node().opset;
  ClipParams params;
  if (opset < 11) {
    RETURN_IF_ERROR(ctx.ExpectInputCount(1, 1));
    RETURN_IF_ERROR(PrepareAttrBounds(ctx, params));
  } else {
    RETURN_IF_ERROR(ctx.ExpectInputCount(1, 3));
    RETURN_IF_ERROR(CheckBoundInput(ctx, 1, "min"));
    RETURN_IF_ERROR(CheckBoundInput(ctx, 2, "max"));
  }
  RETURN_IF_ERROR(ExpectDType(ctx, 0, opset < 12 ? kFloatTypes : kNumericTypes));
  const ValueInfo& x = ctx.input(0);
  ctx.SetOutput(0, x.dtype, x.dims);
  ctx.EmplaceState<ClipParams>(params);
  return Status::Ok();
}

Status ClipRun(const RunContext& ctx) {
  return DispatchNumeric(ctx.input(0).dtype,
                         [&](auto tag) { return ClipTyped<decltype(tag)>(ctx); });
}

}  // namespace onyx::kernels::ref
