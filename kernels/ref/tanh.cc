// Tanh: hyperbolic tangent. float, double and float16 from opset 1 (its
// `consumed_inputs` is a legacy hint with no effect on the result); bfloat16
// from opset 13. std::tanh saturates to +-1 for large |x| without overflow
// and keeps NaN.

#include <cmath>

#include "kernels/ref/internal/unary_math_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status TanhPrepare(PrepareContext& ctx) { return PrepareUnaryOf(ctx, kUnaryFloatTypes); }

Status TanhRun(const RunContext& ctx) {
  return RunUnaryFloat(ctx, [](auto x) { return std::tanh(x); });
}

}  // namespace onyx::kernels::ref
