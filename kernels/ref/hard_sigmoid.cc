// HardSigmoid: max(0, min(1, alpha * x + beta)) (`alpha` default 0.2, `beta`
// 0.5); NaN stays NaN. float, double and float16 from opset 1 (its
// `consumed_inputs` is a legacy hint with no effect); bfloat16 from opset 22.

#include "kernels/ref/internal/unary_math_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status HardSigmoidPrepare(PrepareContext& ctx) {
  ActivationParams p;
  ASSIGN_OR_RETURN(p.alpha, FloatAttr(ctx.attrs(), "alpha", 0.2f));
  ASSIGN_OR_RETURN(p.beta, FloatAttr(ctx.attrs(), "beta", 0.5f));
  return PrepareActivation(ctx, kUnaryFloatTypes, p);
}

Status HardSigmoidRun(const RunContext& ctx) {
  const ActivationParams& p = ctx.state<ActivationParams>();
  return RunUnaryFloat(ctx, [&](auto x) {
    using C = decltype(x);
    return ClampUnit(static_cast<C>(p.alpha) * x + static_cast<C>(p.beta));
  });
}

}  // namespace onyx::kernels::ref
