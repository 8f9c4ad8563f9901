// ReduceSum: the sum of the elements along `axes`, an attribute up to opset
// 12 and an optional int64 input from opset 13 on (with noop_with_empty_axes).
// A sum over an empty set is 0. Floating types accumulate in double; integers
// wrap around on overflow as numpy's do.

#include "kernels/ref/internal/reduce_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status ReduceSumPrepare(PrepareContext& ctx) { return PrepareReduce(ctx, 13, kReduceTypes); }

Status ReduceSumRun(const RunContext& ctx) {
  return DispatchNumericOrHalf(ctx.input(0).dtype, [&](auto tag) {
    using T = decltype(tag);
    using A = Accum<T>;
    ReduceEach<T>(
        ctx, A{0}, [](A acc, T v) { return AccumAdd(acc, ToAccum(v)); },
        [](A acc, int64_t) { return FromAccum<T>(acc); });
    return Status::Ok();
  });
}

}  // namespace onyx::kernels::ref
