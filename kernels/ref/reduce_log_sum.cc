// ReduceLogSum: the natural log of the sum of the elements along `axes`, an
// attribute up to opset 17 and an optional int64 input from opset 18 on. With
// noop_with_empty_axes and no axes it is the log of each element. An empty
// set gives log(0) = -inf. Opset 28 drops the integer types; before it an
// integer result is the log truncated toward zero (saturating at -inf).

#include <cmath>

#include "kernels/ref/internal/reduce_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status ReduceLogSumPrepare(PrepareContext& ctx) { return PrepareReduce(ctx, 18, kReduceTypes); }

Status ReduceLogSumRun(const RunContext& ctx) {
  return DispatchNumericOrHalf(ctx.input(0).dtype, [&](auto tag) {
    using T = decltype(tag);
    using A = Accum<T>;
    ReduceEach<T>(
        ctx, A{0}, [](A acc, T v) { return AccumAdd(acc, ToAccum(v)); },
        [](A acc, int64_t) { return FromAccum<T>(std::log(static_cast<double>(acc))); });
    return Status::Ok();
  });
}

}  // namespace onyx::kernels::ref
