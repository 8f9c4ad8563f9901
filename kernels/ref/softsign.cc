// Softsign: x / (1 + |x|), elementwise. float, double and float16 from opset 1; bfloat16 from opset
// 22. Opset 1's `consumed_inputs` is a legacy hint with no effect on the result.

#include <cmath>

#include "kernels/ref/internal/unary_math_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status SoftsignPrepare(PrepareContext& ctx) { return PrepareUnaryOf(ctx, kUnaryFloatTypes); }

Status SoftsignRun(const RunContext& ctx) {
  return RunUnaryFloat(ctx, [](auto x) {
    using C = decltype(x);
    return x / (C(1) + std::abs(x));
  });
}

}  // namespace onyx::kernels::ref
