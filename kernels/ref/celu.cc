// Celu: max(0, x) + min(0, alpha * (e^(x / alpha) - 1)) (`alpha` default 1.0;
// 0 is rejected, the formula divides by it). float from opset 12; double,
// float16 and bfloat16 from opset 28.

#include <cmath>

#include "kernels/ref/internal/unary_math_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status CeluPrepare(PrepareContext& ctx) {
  ActivationParams p;
  ASSIGN_OR_RETURN(p.alpha, FloatAttr(ctx.attrs(), "alpha", 1.0f));
  RETURN_ERROR_IF(p.alpha == 0, StatusCode::kInvalidModel,
                  "attribute 'alpha' (expected nonzero, got 0)");
  return PrepareActivation(ctx, kUnaryFloatTypes, p);
}

Status CeluRun(const RunContext& ctx) {
  const ActivationParams& p = ctx.state<ActivationParams>();
  return RunUnaryFloat(ctx, [&](auto x) {
    using C = decltype(x);
    const C alpha = static_cast<C>(p.alpha);
    return x < C(0) ? alpha * std::expm1(x / alpha) : x;
  });
}

}  // namespace onyx::kernels::ref
