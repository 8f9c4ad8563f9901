// Sigmoid: 1 / (1 + exp(-x)), evaluated so that exp cannot overflow. float,
// double and float16 from opset 1 (its `consumed_inputs` is a legacy hint
// with no effect on the result); bfloat16 from opset 13.

#include "kernels/ref/internal/unary_math_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status SigmoidPrepare(PrepareContext& ctx) { return PrepareUnaryOf(ctx, kUnaryFloatTypes); }

Status SigmoidRun(const RunContext& ctx) {
  return RunUnaryFloat(ctx, [](auto x) { return StableSigmoid(x); });
}

}  // namespace onyx::kernels::ref
