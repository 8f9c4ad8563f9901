// ReduceL2: the square root of the sum of squares of the elements along
// `axes`, an attribute up to opset 17 and an optional int64 input from opset
// 18 on. With noop_with_empty_axes and no axes it is the absolute value. An
// empty set gives 0. Integer inputs square and sum in their own (wrapping)
// arithmetic as numpy does, then take the root in double and truncate.

#include <cmath>

#include "kernels/ref/internal/reduce_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status ReduceL2Prepare(PrepareContext& ctx) { return PrepareReduce(ctx, 18, kReduceTypes); }

Status ReduceL2Run(const RunContext& ctx) {
  return DispatchNumericOrHalf(ctx.input(0).dtype, [&](auto tag) {
    using T = decltype(tag);
    using A = Accum<T>;
    ReduceEach<T>(
        ctx, A{0},
        [](A acc, T v) {
          const A a = ToAccum(v);
          return AccumAdd(acc, AccumMul(a, a));
        },
        [](A acc, int64_t) { return FromAccum<T>(std::sqrt(static_cast<double>(acc))); });
    return Status::Ok();
  });
}

}  // namespace onyx::kernels::ref
