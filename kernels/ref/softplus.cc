// Softplus: log(1 + e^x), evaluated so that large x does not overflow, elementwise. float, double
// and float16 from opset 1; bfloat16 from opset 22. Opset 1's `consumed_inputs` is a legacy hint
// with no effect on the result.

#include <cmath>

#include "kernels/ref/internal/unary_math_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status SoftplusPrepare(PrepareContext& ctx) { return PrepareUnaryOf(ctx, kUnaryFloatTypes); }

Status SoftplusRun(const RunContext& ctx) {
  return RunUnaryFloat(ctx, [](auto x) { return StableSoftplus(x); });
}

}  // namespace onyx::kernels::ref
