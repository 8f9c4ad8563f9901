// Sum: the elementwise sum of one or more float inputs. Before opset 8 every
// input has one shape; from 8 on they broadcast together; opset 13 adds
// bfloat16. Inputs add left to right, each step rounded to the dtype as numpy
// does (float16 and bfloat16 add in float).

#include "kernels/ref/internal/binary_util.h"
#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status SumPrepare(PrepareContext& ctx) { return PrepareVariadic(ctx, kFloatTypes | kHalfTypes); }

Status SumRun(const RunContext& ctx) {
  return DispatchFloatOrHalf(ctx.input(0).dtype, [&](auto tag) {
    using T = decltype(tag);
    using C = ComputeType<T>;
    return RunVariadic<T>(ctx, [](T a, T b) { return static_cast<C>(a) + static_cast<C>(b); });
  });
}

}  // namespace onyx::kernels::ref
