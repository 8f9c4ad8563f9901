// ReduceMean: the mean of the elements along `axes`, an attribute up to opset
// 17 and an optional int64 input from opset 18 on (with noop_with_empty_axes).
// Integer means truncate toward zero, as numpy's mean with an integer dtype
// does. The mean of an empty set is NaN for floating types (0 / 0) and 0 for
// integers.

#include "kernels/ref/internal/reduce_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status ReduceMeanPrepare(PrepareContext& ctx) { return PrepareReduce(ctx, 18, kReduceTypes); }

Status ReduceMeanRun(const RunContext& ctx) {
  return DispatchNumericOrHalf(ctx.input(0).dtype, [&](auto tag) {
    using T = decltype(tag);
    using A = Accum<T>;
    ReduceEach<T>(
        ctx, A{0}, [](A acc, T v) { return AccumAdd(acc, ToAccum(v)); },
        [](A acc, int64_t n) {
          if constexpr (std::is_integral_v<A>) {
            return FromAccum<T>(n == 0 ? A{0} : static_cast<A>(acc / static_cast<A>(n)));
          } else {
            return FromAccum<T>(acc / static_cast<double>(n));
          }
        });
    return Status::Ok();
  });
}

}  // namespace onyx::kernels::ref
