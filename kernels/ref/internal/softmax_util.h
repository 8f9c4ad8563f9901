#pragma once

// What Softmax, LogSoftmax and Hardmax share: the `axis` attribute and the
// rows it selects. Opsets 1-12 coerce the input to 2-D at `axis` (default 1)
// and work on each row, i.e. on the whole block of dims from `axis` on;
// opset 13 works along the single dim `axis` (default -1). Halves compute in
// float, float in float with double sums, double in double.

#include <cmath>
#include <cstdint>
#include <type_traits>

#include "kernels/api/kernel.h"
#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/prepare_util.h"
#include "runtime/core/shape.h"
#include "runtime/core/status.h"

namespace onyx::kernels::ref {

// The input seen as [outer, len, stride]: each (outer, stride) pair is one
// row of `len` elements `stride` apart.
struct SoftmaxParams {
  int64_t outer = 0, len = 0, stride = 1;
};

template <typename T>
using SoftmaxCompute = std::conditional_t<std::is_same_v<T, double>, double, float>;

// One input of float16, float, double or bfloat16; output of its dtype and
// shape; a SoftmaxParams state. Negative axes are accepted at every opset,
// as ONNX Runtime does (opset 1 did not state the range; 11 made [-r, r-1]
// explicit).
inline Status PrepareSoftmaxLike(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, 1));
  RETURN_IF_ERROR(ExpectDType(ctx, 0, kFloatTypes | kHalfTypes));
  const int opset = ctx.node().opset;
  const ValueInfo& x = ctx.input(0);
  const int rank = static_cast<int>(x.dims.size());
  ASSIGN_OR_RETURN(int64_t axis_attr, IntAttr(ctx.attrs(), "axis", opset >= 13 ? -1 : 1));
  RETURN_ERROR_IF(axis_attr < -rank || axis_attr >= rank, StatusCode::kInvalidModel,
                  "attribute 'axis' (expected in [", -rank, ", ", rank - 1, "] for input '", x.name,
                  "' ", DimsToString(x.dims), ", got ", axis_attr, ")");
  const size_t axis = static_cast<size_t>(axis_attr < 0 ? axis_attr + rank : axis_attr);
  SoftmaxParams p;
  p.outer = NumElements(Dims(x.dims.begin(), x.dims.begin() + axis));
  if (opset >= 13) {
    p.len = x.dims[axis];
    p.stride = NumElements(Dims(x.dims.begin() + axis + 1, x.dims.end()));
  } else {
    p.len = NumElements(Dims(x.dims.begin() + axis, x.dims.end()));
    p.stride = 1;
  }
  ctx.SetOutput(0, x.dtype, x.dims);
  ctx.EmplaceState<SoftmaxParams>(p);
  return Status::Ok();
}

// Calls line(x, y, len, stride) for each row, T being input 0's dtype.
template <typename Line>
Status ForEachSoftmaxRow(const RunContext& ctx, Line&& line) {
  const auto& p = ctx.state<SoftmaxParams>();
  return DispatchFloatOrHalf(ctx.input(0).dtype, [&](auto tag) {
    using T = decltype(tag);
    const T* x = ctx.input(0).data_as<const T>();
    T* y = ctx.output(0).data_as<T>();
    if (p.len == 0) return Status::Ok();
    for (int64_t o = 0; o < p.outer; ++o) {
      for (int64_t s = 0; s < p.stride; ++s) {
        const int64_t base = o * p.len * p.stride + s;
        line(x + base, y + base, p.len, p.stride);
      }
    }
    return Status::Ok();
  });
}

// The row's maximum in SoftmaxCompute<T>.
template <typename T>
SoftmaxCompute<T> RowMax(const T* x, int64_t len, int64_t stride) {
  using C = SoftmaxCompute<T>;
  C max = static_cast<C>(x[0]);
  for (int64_t i = 1; i < len; ++i) {
    const C v = static_cast<C>(x[i * stride]);
    max = v > max ? v : max;
  }
  return max;
}

// sum(exp(x - max)) over the row, in double.
template <typename T>
double RowSumExp(const T* x, int64_t len, int64_t stride, SoftmaxCompute<T> max) {
  using C = SoftmaxCompute<T>;
  double sum = 0;
  for (int64_t i = 0; i < len; ++i)
    sum += static_cast<double>(std::exp(static_cast<C>(x[i * stride]) - max));
  return sum;
}

}  // namespace onyx::kernels::ref
