// Reciprocal: 1 / x; +-inf for +-0, elementwise. float, double and float16 from opset 1; bfloat16
// from opset 13. Opset 1's `consumed_inputs` is a legacy hint with no effect on the result.

#include <cmath>

#include "kernels/ref/internal/unary_math_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status ReciprocalPrepare(PrepareContext& ctx) { return PrepareUnaryOf(ctx, kUnaryFloatTypes); }

Status ReciprocalRun(const RunContext& ctx) {
  return RunUnaryFloat(ctx, [](auto x) {
    using C = decltype(x);
    return C(1) / x;
  });
}

}  // namespace onyx::kernels::ref
