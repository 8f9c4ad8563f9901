// Max: the elementwise maximum of one or more inputs. Before opset 8 every
// input has one shape; from 8 on they broadcast together. Floats only until
// opset 12 adds the integers (and 13 bfloat16). A NaN in any input makes the
// result NaN, as np.maximum does.

#include "kernels/ref/internal/binary_util.h"
#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status MaxPrepare(PrepareContext& ctx) { return PrepareVariadic(ctx, kNumericTypes | kHalfTypes); }

Status MaxRun(const RunContext& ctx) {
  return DispatchNumericOrHalf(ctx.input(0).dtype, [&](auto tag) {
    using T = decltype(tag);
    using C = ComputeType<T>;
    return RunVariadic<T>(
        ctx, [](T a, T b) { return (static_cast<C>(a) >= static_cast<C>(b) || IsNaN(a)) ? a : b; });
  });
}

}  // namespace onyx::kernels::ref
