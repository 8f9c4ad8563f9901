// Shrink: x + bias for x < -lambd, x - bias for x > lambd, else 0 (`lambd`
// default 0.5, `bias` 0.0), for float, double, float16 and every integer type
// (opset 9). Integers compute in double and store truncated toward zero,
// wrapping like numpy's astype.

#include <type_traits>

#include "kernels/ref/internal/unary_math_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status ShrinkPrepare(PrepareContext& ctx) {
  ActivationParams p;
  ASSIGN_OR_RETURN(p.alpha, FloatAttr(ctx.attrs(), "lambd", 0.5f));
  ASSIGN_OR_RETURN(p.beta, FloatAttr(ctx.attrs(), "bias", 0.0f));
  return PrepareActivation(ctx, kUnaryLegacyNumericTypes, p);
}

Status ShrinkRun(const RunContext& ctx) {
  const ActivationParams& p = ctx.state<ActivationParams>();
  return RunUnaryNumeric(ctx, [&](auto x) {
    using C = decltype(x);
    using F = std::conditional_t<std::is_integral_v<C>, double, C>;
    const F v = static_cast<F>(x);
    const F lambd = static_cast<F>(p.alpha), bias = static_cast<F>(p.beta);
    const F y = v < -lambd ? v + bias : v > lambd ? v - bias : F(0);
    if constexpr (std::is_integral_v<C>) {
      return IntFromDouble<C>(y);
    } else {
      return y;
    }
  });
}

}  // namespace onyx::kernels::ref
