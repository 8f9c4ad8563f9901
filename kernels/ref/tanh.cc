// Tanh: hyperbolic tangent, float and double (opset 1's `consumed_inputs` is a
// legacy hint with no effect on the result). std::tanh saturates to +-1 for
// large |x| without overflow and keeps NaN.

#include <cmath>

#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/internal/unary.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status TanhPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(PrepareUnary(ctx));
  RETURN_IF_ERROR(ExpectDType(ctx, 0, kFloatTypes));
  return Status::Ok();
}

Status TanhRun(const RunContext& ctx) {
  return DispatchFloat(ctx.input(0).dtype, [&](auto tag) {
    using T = decltype(tag);
    return ApplyUnary<T>(ctx, [](T x) { return std::tanh(x); });
  });
}

}  // namespace onyx::kernels::ref
