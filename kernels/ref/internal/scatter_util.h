#pragma once

// What Scatter, ScatterElements and ScatterND share: the 'reduction'
// attribute (opset 16: none, add, mul; opset 18 adds max and min), how an
// update combines with the element it lands on, and the dtype dispatch that
// goes with it (plain moves for 'none', arithmetic otherwise).

#include <cstdint>
#include <string>
#include <type_traits>

#include "kernels/api/kernel.h"
#include "kernels/ref/internal/copy.h"
#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/index_util.h"
#include "kernels/ref/internal/prepare_util.h"
#include "runtime/core/status.h"

namespace onyx::kernels::ref {

enum class ScatterReduction { kNone, kAdd, kMul, kMax, kMin };

// The node's 'reduction', checked against its opset and against the dtype of
// input 0 (reductions need numbers: bool adds as 'or' and multiplies as 'and',
// as numpy does; complex types are kUnsupported). Scatter has no reduction.
inline Result<ScatterReduction> ReadScatterReduction(const PrepareContext& ctx) {
  const int opset = ctx.node().opset;
  RETURN_IF_ERROR(RejectAttrBefore(ctx.attrs(), "reduction", opset, 16));
  RETURN_ERROR_IF(ctx.node().op_type == "Scatter" && ctx.attrs().Has("reduction"),
                  StatusCode::kInvalidModel,
                  "attribute 'reduction' is not defined for Scatter (expected absent, got it)");
  ASSIGN_OR_RETURN(std::string name, StringAttr(ctx.attrs(), "reduction", "none"));
  ScatterReduction r;
  if (name == "none") {
    return ScatterReduction::kNone;
  } else if (name == "add") {
    r = ScatterReduction::kAdd;
  } else if (name == "mul") {
    r = ScatterReduction::kMul;
  } else if (name == "max" && opset >= 18) {
    r = ScatterReduction::kMax;
  } else if (name == "min" && opset >= 18) {
    r = ScatterReduction::kMin;
  } else {
    return MakeError(StatusCode::kInvalidModel, "attribute 'reduction' is not supported (expected ",
                     opset >= 18 ? "none, add, mul, max or min" : "none, add or mul", ", got '",
                     name, "')");
  }
  const ValueInfo& data = ctx.input(0);
  RETURN_ERROR_IF((kValueTypes & DTypeBit(data.dtype)) == 0, StatusCode::kUnsupported,
                  "reduction '", name, "' on input '", data.name, "' (expected a numeric or bool ",
                  "dtype, got ", DTypeName(data.dtype), ")");
  return r;
}

// dst = update, or dst combined with update by `r`.
template <typename T>
void ScatterCombine(T& dst, const T& update, ScatterReduction r) {
  if constexpr (std::is_same_v<T, Bytes16>) {
    dst = update;  // Complex128 elements only ever move ('none').
  } else {
    switch (r) {
      case ScatterReduction::kNone: dst = update; break;
      case ScatterReduction::kAdd: dst = static_cast<T>(dst + update); break;
      case ScatterReduction::kMul: dst = static_cast<T>(dst * update); break;
      case ScatterReduction::kMax: if (update > dst) dst = update; break;
      case ScatterReduction::kMin: if (update < dst) dst = update; break;
    }
  }
}

// Calls f(T{}): an element type of `dtype`'s size for 'none', else its value type.
template <typename F>
Status DispatchScatter(DType dtype, ScatterReduction r, F&& f) {
  if (r == ScatterReduction::kNone) return DispatchElementSize(DTypeSize(dtype), f);
  if (dtype == DType::kBool) return f(bool{});
  return DispatchNumericOrHalf(dtype, f);
}

}  // namespace onyx::kernels::ref
