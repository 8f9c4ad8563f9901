#pragma once

// Prepare and Run shared by the elementwise binary kernels (Add, Sub, Mul,
// Div, Pow, Mod, the comparisons, And/Or/Xor, the bitwise ops, BitShift) and
// by the variadic ones (Sum, Mean, Max, Min).
//
// Before opset 7 the binary ops broadcast only B onto A, and only when the
// node sets broadcast=1: B is then a 1-element tensor or matches a
// contiguous run of A's dims starting at `axis` (default: A's last dims).
// The spec says extents of 1 in B do not expand yet, but models of that era
// (ONNX's pytorch-operator cases among them) rely on them expanding, so they
// do here. That is a reshape of B followed by ordinary broadcasting to A's
// shape, so both eras share one Run.

#include <cmath>
#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "kernels/api/kernel.h"
#include "kernels/ref/internal/broadcast.h"
#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/prepare_util.h"

namespace onyx::kernels::ref {

// float, double, float16, bfloat16: the types whose arithmetic is IEEE.
template <typename T>
constexpr bool kIsFloatLike =
    std::is_floating_point_v<T> || std::is_same_v<T, Float16> || std::is_same_v<T, BFloat16>;

// The unsigned type that integer arithmetic on T wraps in without promoting
// to int (uint16 * uint16 would overflow int).
template <typename T>
using WrapType = std::conditional_t<sizeof(T) <= 4, uint32_t, uint64_t>;

// The type T computes in: float for float16 and bfloat16, T otherwise.
template <typename T>
using ComputeType =
    std::conditional_t<std::is_same_v<T, Float16> || std::is_same_v<T, BFloat16>, float, T>;

template <typename T>
bool IsNaN(T v) {
  if constexpr (kIsFloatLike<T>) {
    return std::isnan(static_cast<double>(v));
  } else {
    return false;
  }
}

// The eight integer types.
template <typename F>
Status DispatchInteger(DType dtype, F&& f) {
  switch (dtype) {
    case DType::kInt8:
      return f(int8_t{});
    case DType::kInt16:
      return f(int16_t{});
    case DType::kInt32:
      return f(int32_t{});
    case DType::kInt64:
      return f(int64_t{});
    case DType::kUInt8:
      return f(uint8_t{});
    case DType::kUInt16:
      return f(uint16_t{});
    case DType::kUInt32:
      return f(uint32_t{});
    case DType::kUInt64:
      return f(uint64_t{});
    default:
      return MakeError(StatusCode::kUnsupported, "dtype ", DTypeName(dtype), " is not supported");
  }
}

// Every numeric type, float16, bfloat16 and bool (Equal).
template <typename F>
Status DispatchAllOrHalf(DType dtype, F&& f) {
  if (dtype == DType::kBool) return f(bool{});
  return DispatchNumericOrHalf(dtype, f);
}

struct BinaryState {
  BroadcastPlan plan;
};

// kInvalidModel when the legacy attribute `name` appears at opset 7 or later.
inline Status RejectLegacyAttr(const PrepareContext& ctx, const char* name) {
  RETURN_ERROR_IF(ctx.attrs().Has(name), StatusCode::kInvalidModel, "attribute '", name,
                  "' was removed in opset 7 (expected absent, got it at opset ", ctx.node().opset,
                  ")");
  return Status::Ok();
}

// B's dims reshaped for the opset 1-6 rules (see the top of this file): the
// result broadcasts to A's dims by numpy's rules exactly when the legacy
// rules allow the pair.
inline Result<Dims> LegacyBroadcastDims(const PrepareContext& ctx) {
  const ValueInfo& a = ctx.input(0);
  const ValueInfo& b = ctx.input(1);
  ASSIGN_OR_RETURN(bool broadcast, BoolAttr(ctx.attrs(), "broadcast", false));
  if (!broadcast) {
    RETURN_ERROR_IF(a.dims != b.dims, StatusCode::kInvalidArgument, "input '", b.name,
                    "' shape must equal input '", a.name, "' without broadcast=1 (expected ",
                    DimsToString(a.dims), ", got ", DimsToString(b.dims), ")");
    return b.dims;
  }
  const int64_t ra = static_cast<int64_t>(a.dims.size());
  const int64_t rb = static_cast<int64_t>(b.dims.size());
  if (NumElements(b.dims) == 1 && rb <= ra) return Dims(a.dims.size(), 1);
  ASSIGN_OR_RETURN(int64_t axis, IntAttr(ctx.attrs(), "axis", ra - rb));
  RETURN_ERROR_IF(axis < 0 || axis + rb > ra, StatusCode::kInvalidArgument, "attribute 'axis' (",
                  axis, ") does not place input '", b.name, "' of shape ", DimsToString(b.dims),
                  " inside input '", a.name, "' of shape ", DimsToString(a.dims), " (expected [0, ",
                  ra - rb, "], got ", axis, ")");
  for (int64_t i = 0; i < rb; ++i) {
    RETURN_ERROR_IF(b.dims[i] != a.dims[axis + i] && b.dims[i] != 1, StatusCode::kInvalidArgument,
                    "input '", b.name, "' shape ", DimsToString(b.dims), " is not a run of input '",
                    a.name, "' shape ", DimsToString(a.dims), " at axis ", axis, " (expected ",
                    a.dims[axis + i], " or 1 at its dim ", i, ", got ", b.dims[i], ")");
  }
  Dims reshaped(a.dims.size(), 1);
  for (int64_t i = 0; i < rb; ++i) reshaped[axis + i] = b.dims[i];
  return reshaped;
}

struct BinaryOptions {
  uint64_t types = 0;                   // Input dtypes Run handles; 0: any.
  bool same_dtype = true;               // A and B must share a dtype.
  DType out_dtype = DType::kUndefined;  // kUndefined: A's dtype.
};

// Two inputs; legacy broadcasting before opset 7, numpy's from 7 on; sets the
// output and the broadcast plan: `plan` when given (a member of the kernel's
// own state, already emplaced), else that of a new BinaryState.
inline Status PrepareBinary(PrepareContext& ctx, const BinaryOptions& options,
                            BroadcastPlan* plan = nullptr) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(2, 2));
  const ValueInfo& a = ctx.input(0);
  const ValueInfo& b = ctx.input(1);
  if (options.types != 0) RETURN_IF_ERROR(ExpectDType(ctx, 0, options.types));
  if (options.same_dtype) {
    RETURN_ERROR_IF(a.dtype != b.dtype, StatusCode::kInvalidArgument, "inputs '", a.name, "' and '",
                    b.name, "' have different dtypes (expected ", DTypeName(a.dtype), " for '",
                    b.name, "', got ", DTypeName(b.dtype), ")");
  } else if (options.types != 0) {
    RETURN_IF_ERROR(ExpectDType(ctx, 1, options.types));
  }
  Dims b_dims;
  Dims out;
  if (ctx.node().opset < 7) {
    ASSIGN_OR_RETURN(b_dims, LegacyBroadcastDims(ctx));
    out = a.dims;
  } else {
    RETURN_IF_ERROR(RejectLegacyAttr(ctx, "broadcast"));
    RETURN_IF_ERROR(RejectLegacyAttr(ctx, "axis"));
    b_dims = b.dims;
    ASSIGN_OR_RETURN(out, BroadcastDims(a.dims, b.dims));
  }
  if (plan == nullptr) plan = &ctx.EmplaceState<BinaryState>()->plan;
  *plan = MakeBroadcastPlan(out, {&a.dims, &b_dims});
  ctx.SetOutput(0, options.out_dtype == DType::kUndefined ? a.dtype : options.out_dtype,
                std::move(out));
  return Status::Ok();
}

// out = op(A, B) elementwise through `plan`.
template <typename A, typename B, typename O, typename F>
Status RunBinary(const RunContext& ctx, const BroadcastPlan& plan, F op) {
  ApplyBroadcast2(plan, ctx.input(0).data_as<const A>(), ctx.input(1).data_as<const B>(),
                  ctx.output(0).data_as<O>(), op);
  return Status::Ok();
}

// The same through the plan of a BinaryState.
template <typename A, typename B, typename O, typename F>
Status RunBinary(const RunContext& ctx, F op) {
  return RunBinary<A, B, O>(ctx, ctx.state<BinaryState>().plan, op);
}

// Variadic ops (Sum, Mean, Max, Min): plans[0] copies input 0 onto the output
// shape, plans[k] folds input k into the output in place.
struct VariadicState {
  std::vector<BroadcastPlan> plans;
};

// One or more inputs of one dtype in `types`; before opset 8 all of one shape,
// from 8 on broadcast together.
inline Status PrepareVariadic(PrepareContext& ctx, uint64_t types) {
  RETURN_ERROR_IF(ctx.num_inputs() == 0, StatusCode::kInvalidModel,
                  "expected at least 1 input, got 0");
  RETURN_IF_ERROR(ctx.ExpectInputCount(ctx.num_inputs(), ctx.num_inputs()));
  RETURN_IF_ERROR(ExpectDType(ctx, 0, types));
  Dims out = ctx.input(0).dims;
  for (size_t i = 1; i < ctx.num_inputs(); ++i) {
    RETURN_IF_ERROR(ExpectSameDType(ctx, i, 0));
    const ValueInfo& v = ctx.input(i);
    if (ctx.node().opset < 8) {
      RETURN_ERROR_IF(v.dims != out, StatusCode::kInvalidArgument, "input '", v.name,
                      "' shape differs from input '", ctx.input(0).name,
                      "' (before opset 8 every input has one shape: expected ", DimsToString(out),
                      ", got ", DimsToString(v.dims), ")");
    } else {
      Result<Dims> merged = BroadcastDims(out, v.dims);
      if (!merged.ok()) return merged.status().WithContext(StrCat("input '", v.name, "'"));
      out = std::move(merged).value();
    }
  }
  auto* state = ctx.EmplaceState<VariadicState>();
  state->plans.push_back(MakeBroadcastPlan(out, {&ctx.input(0).dims}));
  for (size_t i = 1; i < ctx.num_inputs(); ++i) {
    state->plans.push_back(MakeBroadcastPlan(out, {&out, &ctx.input(i).dims}));
  }
  ctx.SetOutput(0, ctx.input(0).dtype, std::move(out));
  return Status::Ok();
}

// out = op(...op(op(in0, in1), in2)..., inN), each step rounded to T as
// numpy does.
template <typename T, typename F>
Status RunVariadic(const RunContext& ctx, F op) {
  const auto& plans = ctx.state<VariadicState>().plans;
  T* out = ctx.output(0).data_as<T>();
  ApplyBroadcast1(plans[0], ctx.input(0).data_as<const T>(), out, [](T v) { return v; });
  for (size_t i = 1; i < plans.size(); ++i) {
    ApplyBroadcast2(plans[i], static_cast<const T*>(out), ctx.input(i).data_as<const T>(), out,
                    [&](T a, T b) { return static_cast<T>(op(a, b)); });
  }
  return Status::Ok();
}

}  // namespace onyx::kernels::ref
