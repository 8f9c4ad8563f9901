// Relu: max(x, 0), elementwise; NaN stays NaN (numpy.maximum). float, double
// and float16 from opset 1 (its `consumed_inputs` is a legacy hint with no
// effect); bfloat16 from opset 13; int8, int16, int32 and int64 from opset 14.

#include "kernels/ref/internal/unary_math_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status ReluPrepare(PrepareContext& ctx) {
  return PrepareUnaryOf(ctx, kUnaryFloatTypes | kUnarySignedIntTypes);
}

Status ReluRun(const RunContext& ctx) {
  return RunUnaryNumeric(ctx, [](auto x) {
    using C = decltype(x);
    return x < C(0) ? C(0) : x;
  });
}

}  // namespace onyx::kernels::ref
