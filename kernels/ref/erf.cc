// Erf: the Gauss error function, elementwise. Opset 9 lists float, double,
// float16 and the integer types (an integer input gives erf(x) truncated toward
// zero, as numpy's astype does: 0 for x = 0, else +-1 only once erf(x) rounds
// to 1 in double); opset 13 drops the integers and adds bfloat16.

#include <cmath>
#include <type_traits>

#include "kernels/ref/internal/unary_math_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status ErfPrepare(PrepareContext& ctx) {
  return PrepareUnaryOf(ctx, ctx.node().opset < 13 ? kUnaryLegacyNumericTypes : kUnaryFloatTypes);
}

Status ErfRun(const RunContext& ctx) {
  return RunUnaryNumeric(ctx, [](auto x) {
    using C = decltype(x);
    if constexpr (std::is_integral_v<C>) {
      return IntFromDouble<C>(std::erf(static_cast<double>(x)));
    } else {
      return std::erf(x);
    }
  });
}

}  // namespace onyx::kernels::ref
