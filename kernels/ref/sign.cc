// Sign: 1 for x > 0, -1 for x < 0, 0 for zero, elementwise; NaN stays NaN
// (numpy.sign). Every numeric type from opset 9; bfloat16 from opset 13.

#include <type_traits>

#include "kernels/ref/internal/unary_math_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status SignPrepare(PrepareContext& ctx) { return PrepareUnaryOf(ctx, kUnaryNumericTypes); }

Status SignRun(const RunContext& ctx) {
  return RunUnaryNumeric(ctx, [](auto x) {
    using C = decltype(x);
    if (x > C(0)) return C(1);
    if constexpr (std::is_signed_v<C>) {
      if (x < C(0)) return C(-1);
    }
    return x;  // Zero, or NaN.
  });
}

}  // namespace onyx::kernels::ref
