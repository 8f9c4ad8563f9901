// Sigmoid: 1 / (1 + exp(-x)), float and double (opset 1's `consumed_inputs`
// is a legacy hint with no effect on the result).

#include <cmath>

#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/internal/unary.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

// exp() only ever sees a non-positive argument, so it cannot overflow: large
// negative x gives e/(1+e) -> 0 smoothly instead of 1/inf, large positive x
// gives 1/(1+tiny) -> 1. NaN falls through to the second branch and stays NaN.
template <typename T>
T StableSigmoid(T x) {
  if (x >= T(0)) return T(1) / (T(1) + std::exp(-x));
  const T e = std::exp(x);
  return e / (T(1) + e);
}

}  // namespace

Status SigmoidPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(PrepareUnary(ctx));
  RETURN_IF_ERROR(ExpectDType(ctx, 0, kFloatTypes));
  return Status::Ok();
}

Status SigmoidRun(const RunContext& ctx) {
  return DispatchFloat(ctx.input(0).dtype, [&](auto tag) {
    using T = decltype(tag);
    return ApplyUnary<T>(ctx, StableSigmoid<T>);
  });
}

}  // namespace onyx::kernels::ref
