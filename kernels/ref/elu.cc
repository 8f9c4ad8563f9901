// Elu: x for x >= 0, alpha * (e^x - 1) for x < 0 (`alpha` default 1.0).
// float, double and float16 from opset 1 (its `consumed_inputs` is a legacy
// hint with no effect); bfloat16 from opset 22.

#include <cmath>

#include "kernels/ref/internal/unary_math_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status EluPrepare(PrepareContext& ctx) {
  ActivationParams p;
  ASSIGN_OR_RETURN(p.alpha, FloatAttr(ctx.attrs(), "alpha", 1.0f));
  return PrepareActivation(ctx, kUnaryFloatTypes, p);
}

Status EluRun(const RunContext& ctx) {
  const ActivationParams& p = ctx.state<ActivationParams>();
  return RunUnaryFloat(ctx, [&](auto x) {
    using C = decltype(x);
    return x < C(0) ? static_cast<C>(p.alpha) * std::expm1(x) : x;
  });
}

}  // namespace onyx::kernels::ref
