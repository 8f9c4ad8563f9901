// Round: the nearest integer, halves to even (std::nearbyint in the default rounding mode),
// elementwise. float, double and float16 from opset 11; bfloat16 from opset 22.

#include <cmath>

#include "kernels/ref/internal/unary_math_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status RoundPrepare(PrepareContext& ctx) { return PrepareUnaryOf(ctx, kUnaryFloatTypes); }

Status RoundRun(const RunContext& ctx) {
  return RunUnaryFloat(ctx, [](auto x) { return std::nearbyint(x); });
}

}  // namespace onyx::kernels::ref
