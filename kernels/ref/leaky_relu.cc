// LeakyRelu: x for x >= 0, alpha * x for x < 0 (`alpha` default 0.01). float,
// double and float16 from opset 1 (its `consumed_inputs` is a legacy hint with
// no effect); bfloat16 from opset 16.

#include "kernels/ref/internal/unary_math_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status LeakyReluPrepare(PrepareContext& ctx) {
  ActivationParams p;
  ASSIGN_OR_RETURN(p.alpha, FloatAttr(ctx.attrs(), "alpha", 0.01f));
  return PrepareActivation(ctx, kUnaryFloatTypes, p);
}

Status LeakyReluRun(const RunContext& ctx) {
  const ActivationParams& p = ctx.state<ActivationParams>();
  return RunUnaryFloat(ctx, [&](auto x) {
    using C = decltype(x);
    return x < C(0) ? static_cast<C>(p.alpha) * x : x;
  });
}

}  // namespace onyx::kernels::ref
