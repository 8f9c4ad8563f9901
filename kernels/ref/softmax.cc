// Softmax. Opsets 1-12 coerce the input to 2-D at `axis` (default 1) and
// normalize each row, i.e. over the whole block of dims from `axis` on;
// opset 13 normalizes along the single dim `axis` (default -1). Both subtract
// the maximum first so that exp cannot overflow.

#include <cmath>

#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

// The input seen as [outer, len, stride]: each (outer, stride) pair is one
// softmax over `len` elements `stride` apart.
struct SoftmaxParams {
  int64_t outer = 0, len = 0, stride = 1;
};

template <typename T>
void SoftmaxLine(const T* x, T* y, int64_t len, int64_t stride) {
  T max = x[0];
  for (int64_t i = 1; i < len; ++i) max = x[i * stride] > max ? x[i * stride] : max;
  double sum = 0;
  for (int64_t i = 0; i < len; ++i) {
    const T e = std::exp(x[i * stride] - max);
    y[i * stride] = e;
    sum += static_cast<double>(e);
  }
  const double scale = 1.0 / sum;
  for (int64_t i = 0; i < len; ++i) y[i * stride] = static_cast<T>(y[i * stride] * scale);
}

}  // namespace

Status SoftmaxPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, 1));
  RETURN_IF_ERROR(ExpectDType(ctx, 0, kFloatTypes));
  const int opset = ctx.node().opset;
  const ValueInfo& x = ctx.input(0);
  const int rank = static_cast<int>(x.dims.size());
  ASSIGN_OR_RETURN(int64_t axis_attr, IntAttr(ctx.attrs(), "axis", opset >= 13 ? -1 : 1));
  // Opset 1 did not state the range; 11 made [-r, r-1] explicit. Negative
  // axes are accepted at every opset, as ONNX Runtime does.
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

Status SoftmaxRun(const RunContext& ctx) {
  const auto& p = ctx.state<SoftmaxParams>();
  return DispatchFloat(ctx.input(0).dtype, [&](auto tag) {
    using T = decltype(tag);
    const T* x = ctx.input(0).data_as<const T>();
    T* y = ctx.output(0).data_as<T>();
    if (p.len == 0) return Status::Ok();
    for (int64_t o = 0; o < p.outer; ++o) {
      for (int64_t s = 0; s < p.stride; ++s) {
        const int64_t base = o * p.len * p.stride + s;
        SoftmaxLine(x + base, y + base, p.len, p.stride);
      }
    }
    return Status::Ok();
  });
}

}  // namespace onyx::kernels::ref
