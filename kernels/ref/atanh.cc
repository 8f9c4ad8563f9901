// Atanh: the inverse hyperbolic tangent; +-inf at +-1, NaN outside, elementwise. float, double and
// float16 from opset 9; bfloat16 from opset 22.

#include <cmath>

#include "kernels/ref/internal/unary_math_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status AtanhPrepare(PrepareContext& ctx) { return PrepareUnaryOf(ctx, kUnaryFloatTypes); }

Status AtanhRun(const RunContext& ctx) {
  return RunUnaryFloat(ctx, [](auto x) { return std::atanh(x); });
}

}  // namespace onyx::kernels::ref
