// Floor: the largest integer <= x, elementwise. float, double and float16 from opset 1; bfloat16
// from opset 13. Opset 1's `consumed_inputs` is a legacy hint with no effect on the result.

#include <cmath>

#include "kernels/ref/internal/unary_math_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status FloorPrepare(PrepareContext& ctx) { return PrepareUnaryOf(ctx, kUnaryFloatTypes); }

Status FloorRun(const RunContext& ctx) {
  return RunUnaryFloat(ctx, [](auto x) { return std::floor(x); });
}

}  // namespace onyx::kernels::ref
