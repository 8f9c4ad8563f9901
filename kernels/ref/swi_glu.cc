// SwiGLU (opset 28): Y = A * sigmoid(alpha * A) * B for A and B of one shape
// (no broadcasting). Each step rounds to the element type, as ONNX's
// reference computes it.

#include <cmath>

#include "kernels/ref/internal/attention_util.h"
#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct SwiGluParams {
  DType dtype = DType::kUndefined;
  float alpha = 1;
};

}  // namespace

Status SwiGLUPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(2, 2));
  RETURN_IF_ERROR(ExpectDType(ctx, 0, kFloatTypes | kHalfTypes));
  RETURN_IF_ERROR(ExpectSameDType(ctx, 1, 0));
  const ValueInfo& a = ctx.input(0);
  const ValueInfo& b = ctx.input(1);
  RETURN_ERROR_IF(a.dims != b.dims, StatusCode::kInvalidArgument, "input '", b.name,
                  "' shape (expected ", DimsToString(a.dims), " like input '", a.name,
                  "', no broadcasting, got ", DimsToString(b.dims), ")");
  SwiGluParams p;
  p.dtype = a.dtype;
  ASSIGN_OR_RETURN(p.alpha, FloatAttr(ctx.attrs(), "alpha", 1.0f));
  ctx.SetOutput(0, a.dtype, a.dims);
  ctx.EmplaceState<SwiGluParams>(p);
  return Status::Ok();
}

Status SwiGLURun(const RunContext& ctx) {
  const auto& p = ctx.state<SwiGluParams>();
  return DispatchFloatOrHalf(p.dtype, [&](auto tag) {
    using T = decltype(tag);
    const T* a = ctx.input(0).data_as<const T>();
    const T* b = ctx.input(1).data_as<const T>();
    T* y = ctx.output(0).data_as<T>();
    const double alpha = RoundTo<T>(-static_cast<double>(p.alpha));
    const int64_t n = ctx.input(0).num_elements();
    for (int64_t i = 0; i < n; ++i) {
      const double x = a[i];
      const double e = RoundTo<T>(std::exp(RoundTo<T>(alpha * x)));
      const double sig = RoundTo<T>(1.0 / RoundTo<T>(1.0 + e));
      y[i] = StoreAs<T>(RoundTo<T>(x * sig) * static_cast<double>(b[i]));
    }
    return Status::Ok();
  });
}

}  // namespace onyx::kernels::ref
