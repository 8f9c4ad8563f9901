// ThresholdedRelu: x for x > alpha, else 0 (`alpha` default 1.0); NaN stays
// NaN, as ONNX's reference gives. float, double and float16 from opset 10;
// bfloat16 from opset 22.

#include "kernels/ref/internal/unary_math_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status ThresholdedReluPrepare(PrepareContext& ctx) {
  ActivationParams p;
  ASSIGN_OR_RETURN(p.alpha, FloatAttr(ctx.attrs(), "alpha", 1.0f));
  return PrepareActivation(ctx, kUnaryFloatTypes, p);
}

Status ThresholdedReluRun(const RunContext& ctx) {
  const ActivationParams& p = ctx.state<ActivationParams>();
  return RunUnaryFloat(ctx, [&](auto x) {
    using C = decltype(x);
    return x <= static_cast<C>(p.alpha) ? C(0) : x;
  });
}

}  // namespace onyx::kernels::ref
