// Abs: |x|, elementwise. Opset 1: float, double, float16 (its `consumed_inputs`
// is a legacy hint with no effect); opset 6 adds the integers; opset 13
// bfloat16. The most negative signed integer maps to itself, as numpy's
// wrap-around gives.

#include <cmath>
#include <type_traits>

#include "kernels/ref/internal/unary_math_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status AbsPrepare(PrepareContext& ctx) { return PrepareUnaryOf(ctx, kUnaryNumericTypes); }

Status AbsRun(const RunContext& ctx) {
  return RunUnaryNumeric(ctx, [](auto x) {
    using C = decltype(x);
    if constexpr (std::is_floating_point_v<C>) {
      return std::fabs(x);
    } else if constexpr (std::is_unsigned_v<C>) {
      return x;
    } else {
      return x < C(0) ? WrappingNeg(x) : x;
    }
  });
}

}  // namespace onyx::kernels::ref
