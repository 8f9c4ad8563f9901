// IsNaN: a bool tensor, true where x is NaN. float, double and float16 from
// opset 9; bfloat16 from opset 13; the 8-bit float types from opset 20.

#include "kernels/ref/internal/unary_math_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status IsNaNPrepare(PrepareContext& ctx) {
  return PrepareClassify(ctx, kUnaryFloatTypes | kUnaryFloat8Types);
}

Status IsNaNRun(const RunContext& ctx) {
  return RunClassify(ctx, [](FloatClass c) { return c == FloatClass::kNaN; });
}

}  // namespace onyx::kernels::ref
