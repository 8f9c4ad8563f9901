// Swish: x * sigmoid(alpha * x) (`alpha` default 1.0), for float, double,
// float16 and bfloat16 (opset 24).

#include "kernels/ref/internal/unary_math_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status SwishPrepare(PrepareContext& ctx) {
  ActivationParams p;
  ASSIGN_OR_RETURN(p.alpha, FloatAttr(ctx.attrs(), "alpha", 1.0f));
  return PrepareActivation(ctx, kUnaryFloatTypes, p);
}

Status SwishRun(const RunContext& ctx) {
  const ActivationParams& p = ctx.state<ActivationParams>();
  return RunUnaryFloat(ctx, [&](auto x) {
    using C = decltype(x);
    return x * StableSigmoid(static_cast<C>(p.alpha) * x);
  });
}

}  // namespace onyx::kernels::ref
