// ReduceSumSquare: the sum of the squares of the elements along `axes`, an
// attribute up to opset 17 and an optional int64 input from opset 18 on. With
// noop_with_empty_axes and no axes it squares each element. An empty set
// gives 0.

#include "kernels/ref/internal/reduce_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status ReduceSumSquarePrepare(PrepareContext& ctx) { return PrepareReduce(ctx, 18, kReduceTypes); }

Status ReduceSumSquareRun(const RunContext& ctx) {
  return DispatchNumericOrHalf(ctx.input(0).dtype, [&](auto tag) {
    using T = decltype(tag);
    using A = Accum<T>;
    ReduceEach<T>(
        ctx, A{0},
        [](A acc, T v) {
          const A a = ToAccum(v);
          return AccumAdd(acc, AccumMul(a, a));
        },
        [](A acc, int64_t) { return FromAccum<T>(acc); });
    return Status::Ok();
  });
}

}  // namespace onyx::kernels::ref
