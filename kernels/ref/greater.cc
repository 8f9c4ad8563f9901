// Greater: A > B elementwise as bool, with numpy broadcasting from opset 7
// and the legacy broadcast/axis attributes before (binary_util.h). Any
// comparison with NaN is false.

#include "kernels/ref/internal/binary_util.h"
#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status GreaterPrepare(PrepareContext& ctx) {
  return PrepareBinary(ctx, {kNumericTypes | kHalfTypes, true, DType::kBool});
}

Status GreaterRun(const RunContext& ctx) {
  return DispatchNumericOrHalf(ctx.input(0).dtype, [&](auto tag) {
    using T = decltype(tag);
    using C = ComputeType<T>;
    return RunBinary<T, T, bool>(ctx,
                                 [](T a, T b) { return static_cast<C>(a) > static_cast<C>(b); });
  });
}

}  // namespace onyx::kernels::ref
