// ReduceMax: the largest element along `axes`, an attribute up to opset 17
// and an optional int64 input from opset 18 on (with noop_with_empty_axes).
// Opset 12 adds int8/uint8, opset 20 bool (false < true). NaN propagates, as
// in numpy.maximum.reduce. An empty set gives -inf, or the type's lowest
// value where it has no infinity (false for bool).

#include "kernels/ref/internal/reduce_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status ReduceMaxPrepare(PrepareContext& ctx) { return PrepareReduce(ctx, 18, kReduceMinMaxTypes); }

Status ReduceMaxRun(const RunContext& ctx) {
  return DispatchReduce(ctx.input(0).dtype, [&](auto tag) {
    using T = decltype(tag);
    using C = Compute<T>;
    ReduceEach<T>(
        ctx, static_cast<C>(LowestOrMinusInf<T>()),
        [](C acc, T v) {
          const C c = static_cast<C>(v);
          return c > acc || IsNan(c) ? c : acc;
        },
        [](C acc, int64_t) { return FromAccum<T>(acc); });
    return Status::Ok();
  });
}

}  // namespace onyx::kernels::ref
