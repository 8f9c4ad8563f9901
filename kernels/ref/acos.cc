// Acos: the arccosine; NaN outside [-1, 1], elementwise. float, double and float16 from opset 7;
// bfloat16 from opset 22.

#include <cmath>

#include "kernels/ref/internal/unary_math_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status AcosPrepare(PrepareContext& ctx) { return PrepareUnaryOf(ctx, kUnaryFloatTypes); }

Status AcosRun(const RunContext& ctx) {
  return RunUnaryFloat(ctx, [](auto x) { return std::acos(x); });
}

}  // namespace onyx::kernels::ref
