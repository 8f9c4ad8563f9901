// Neg: -x, elementwise. Opset 1: float, double, float16 (its `consumed_inputs`
// is a legacy hint with no effect); opset 6 adds the signed integers; opset 13
// bfloat16. The most negative signed integer maps to itself, as numpy's
// wrap-around gives.

#include "kernels/ref/internal/unary_math_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status NegPrepare(PrepareContext& ctx) {
  return PrepareUnaryOf(ctx, kUnaryFloatTypes | kUnarySignedIntTypes);
}

Status NegRun(const RunContext& ctx) {
  return RunUnaryNumeric(ctx, [](auto x) { return WrappingNeg(x); });
}

}  // namespace onyx::kernels::ref
