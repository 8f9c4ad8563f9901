// ReduceLogSumExp: log(sum(exp(x))) of the elements along `axes`, an
// attribute up to opset 17 and an optional int64 input from opset 18 on. With
// noop_with_empty_axes and no axes it returns each element. An empty set
// gives -inf. Computed in double as max + log(sum(exp(x - max))), with the
// maximum taken over finite elements only so that an infinite element yields
// +inf or drops out rather than producing inf - inf. Opset 28 drops the
// integer types; before it integer results truncate toward zero.

#include <cmath>

#include "kernels/ref/internal/reduce_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status ReduceLogSumExpPrepare(PrepareContext& ctx) { return PrepareReduce(ctx, 18, kReduceTypes); }

Status ReduceLogSumExpRun(const RunContext& ctx) {
  const auto& p = ctx.state<ReducePlan>();
  return DispatchNumericOrHalf(ctx.input(0).dtype, [&](auto tag) {
    using T = decltype(tag);
    const T* x = ctx.input(0).data_as<const T>();
    T* y = ctx.output(0).data_as<T>();
    ForEachOutput(p, [&](int64_t o, int64_t base) {
      double max = 0;
      bool have_max = false;
      ForEachReduced(p, base, [&](int64_t i) {
        const double v = static_cast<double>(ToAccum(x[i]));
        if (std::isfinite(v) && (!have_max || v > max)) {
          max = v;
          have_max = true;
        }
      });
      double sum = 0;
      ForEachReduced(p, base,
                     [&](int64_t i) { sum += std::exp(static_cast<double>(ToAccum(x[i])) - max); });
      y[o] = FromAccum<T>(std::log(sum) + max);
    });
    return Status::Ok();
  });
}

}  // namespace onyx::kernels::ref
