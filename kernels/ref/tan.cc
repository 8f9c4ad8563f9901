// Tan: the tangent, elementwise. float, double and float16 from opset 7; bfloat16 from opset 22.

#include <cmath>

#include "kernels/ref/internal/unary_math_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status TanPrepare(PrepareContext& ctx) { return PrepareUnaryOf(ctx, kUnaryFloatTypes); }

Status TanRun(const RunContext& ctx) {
  return RunUnaryFloat(ctx, [](auto x) { return std::tan(x); });
}

}  // namespace onyx::kernels::ref
