// Relu: max(x, 0).

#include "kernels/ref/internal/unary.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status ReluPrepare(PrepareContext& ctx) { return PrepareUnary(ctx); }

Status ReluRun(const RunContext& ctx) {
  return DispatchNumeric(ctx.input(0).dtype, [&](auto tag) {
    using T = decltype(tag);
    return ApplyUnary<T>(ctx, [](T x) { return x > T(0) ? x : T(0); });
  });
}

}  // namespace onyx::kernels::ref
