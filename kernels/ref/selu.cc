// Selu: gamma * x for x > 0, gamma * alpha * (e^x - 1) for x <= 0. float,
// double and float16 from opset 1, bfloat16 from opset 22. Opset 1's defaults
// are alpha 1.6732 and gamma 1.0507 (its `consumed_inputs` is a legacy hint
// with no effect); opset 6 gives them to float precision.

#include <cmath>

#include "kernels/ref/internal/unary_math_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status SeluPrepare(PrepareContext& ctx) {
  const bool legacy = ctx.node().opset < 6;
  ActivationParams p;
  ASSIGN_OR_RETURN(p.alpha, FloatAttr(ctx.attrs(), "alpha",
                                      legacy ? 1.6732f : 1.67326319217681884765625f));
  ASSIGN_OR_RETURN(p.gamma, FloatAttr(ctx.attrs(), "gamma",
                                      legacy ? 1.0507f : 1.05070102214813232421875f));
  return PrepareActivation(ctx, kUnaryFloatTypes, p);
}

Status SeluRun(const RunContext& ctx) {
  const ActivationParams& p = ctx.state<ActivationParams>();
  return RunUnaryFloat(ctx, [&](auto x) {
    using C = decltype(x);
    const C gamma = static_cast<C>(p.gamma);
    return x > C(0) ? gamma * x : gamma * static_cast<C>(p.alpha) * std::expm1(x);
  });
}

}  // namespace onyx::kernels::ref
