// Hardmax: 1 at the first maximum of each row and 0 elsewhere, the rows as
// Softmax defines them: opsets 1-12 coerce the input to 2-D at `axis`
// (default 1), opset 13 works along the single dim `axis` (default -1) and
// adds bfloat16. NaN counts as the maximum, as numpy.argmax has it.

#include "kernels/ref/internal/softmax_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status HardmaxPrepare(PrepareContext& ctx) { return PrepareSoftmaxLike(ctx); }

Status HardmaxRun(const RunContext& ctx) {
  return ForEachSoftmaxRow(ctx, [](const auto* x, auto* y, int64_t len, int64_t stride) {
    using T = std::remove_pointer_t<decltype(y)>;
    using C = SoftmaxCompute<T>;
    int64_t best = 0;
    C bv = static_cast<C>(x[0]);
    for (int64_t i = 1; i < len && bv == bv; ++i) {
      const C v = static_cast<C>(x[i * stride]);
      if (v > bv || v != v) {
        best = i;
        bv = v;
      }
    }
    // Every read of x precedes the writes, so y may alias x.
    for (int64_t i = 0; i < len; ++i) y[i * stride] = static_cast<T>(C{0});
    y[best * stride] = static_cast<T>(C{1});
  });
}

}  // namespace onyx::kernels::ref
