// Mish: x * tanh(softplus(x)); -inf gives NaN (-inf * 0), as ONNX's reference does, elementwise.
// float, double and float16 from opset 18; bfloat16 from opset 22.

#include <cmath>

#include "kernels/ref/internal/unary_math_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status MishPrepare(PrepareContext& ctx) { return PrepareUnaryOf(ctx, kUnaryFloatTypes); }

Status MishRun(const RunContext& ctx) {
  return RunUnaryFloat(ctx, [](auto x) { return x * std::tanh(StableSoftplus(x)); });
}

}  // namespace onyx::kernels::ref
