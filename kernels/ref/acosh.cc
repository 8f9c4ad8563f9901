// Acosh: the inverse hyperbolic cosine; NaN for x < 1, elementwise. float, double and float16 from
// opset 9; bfloat16 from opset 22.

#include <cmath>

#include "kernels/ref/internal/unary_math_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status AcoshPrepare(PrepareContext& ctx) { return PrepareUnaryOf(ctx, kUnaryFloatTypes); }

Status AcoshRun(const RunContext& ctx) {
  return RunUnaryFloat(ctx, [](auto x) { return std::acosh(x); });
}

}  // namespace onyx::kernels::ref
