// ReduceL1: the sum of the absolute values of the elements along `axes`, an
// attribute up to opset 17 and an optional int64 input from opset 18 on. With
// noop_with_empty_axes and no axes it is the absolute value. An empty set
// gives 0.

#include <type_traits>

#include "kernels/ref/internal/reduce_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status ReduceL1Prepare(PrepareContext& ctx) { return PrepareReduce(ctx, 18, kReduceTypes); }

Status ReduceL1Run(const RunContext& ctx) {
  return DispatchNumericOrHalf(ctx.input(0).dtype, [&](auto tag) {
    using T = decltype(tag);
    using A = Accum<T>;
    ReduceEach<T>(
        ctx, A{0},
        [](A acc, T v) {
          A a = ToAccum(v);
          if constexpr (std::is_signed_v<A>) a = a < 0 ? AccumMul(a, A{-1}) : a;
          return AccumAdd(acc, a);
        },
        [](A acc, int64_t) { return FromAccum<T>(acc); });
    return Status::Ok();
  });
}

}  // namespace onyx::kernels::ref
