// ReduceProd: the product of the elements along `axes`, an attribute up to
// opset 17 and an optional int64 input from opset 18 on (with
// noop_with_empty_axes). The product of an empty set is 1.

#include "kernels/ref/internal/reduce_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status ReduceProdPrepare(PrepareContext& ctx) { return PrepareReduce(ctx, 18, kReduceTypes); }

Status ReduceProdRun(const RunContext& ctx) {
  return DispatchNumericOrHalf(ctx.input(0).dtype, [&](auto tag) {
    using T = decltype(tag);
    using A = Accum<T>;
    ReduceEach<T>(
        ctx, A{1}, [](A acc, T v) { return AccumMul(acc, ToAccum(v)); },
        [](A acc, int64_t) { return FromAccum<T>(acc); });
    return Status::Ok();
  });
}

}  // namespace onyx::kernels::ref
