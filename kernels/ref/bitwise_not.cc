// BitwiseNot: ~x, elementwise, for every integer type (opset 18).

#include <type_traits>

#include "kernels/ref/internal/unary_math_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status BitwiseNotPrepare(PrepareContext& ctx) { return PrepareUnaryOf(ctx, kIntTypes); }

Status BitwiseNotRun(const RunContext& ctx) {
  return DispatchNumeric(ctx.input(0).dtype, [&](auto tag) {
    using T = decltype(tag);
    if constexpr (std::is_integral_v<T>) {
      return ApplyUnary<T>(ctx, [](T x) { return static_cast<T>(~x); });
    } else {
      return MakeError(StatusCode::kUnsupported, "BitwiseNot of ", DTypeName(ctx.input(0).dtype));
    }
  });
}

}  // namespace onyx::kernels::ref
