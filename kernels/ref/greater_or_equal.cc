// GreaterOrEqual: A >= B elementwise as bool, with numpy broadcasting
// (opset 12+). Any comparison with NaN is false.

#include "kernels/ref/internal/binary_util.h"
#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status GreaterOrEqualPrepare(PrepareContext& ctx) {
  return PrepareBinary(ctx, {kNumericTypes | kHalfTypes, true, DType::kBool});
}

Status GreaterOrEqualRun(const RunContext& ctx) {
  return DispatchNumericOrHalf(ctx.input(0).dtype, [&](auto tag) {
    using T = decltype(tag);
    using C = ComputeType<T>;
    return RunBinary<T, T, bool>(ctx,
                                 [](T a, T b) { return static_cast<C>(a) >= static_cast<C>(b); });
  });
}

}  // namespace onyx::kernels::ref
