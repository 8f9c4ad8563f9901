// Softmax. Opsets 1-12 coerce the input to 2-D at `axis` (default 1) and
// normalize each row, i.e. over the whole block of dims from `axis` on;
// opset 13 normalizes along the single dim `axis` (default -1) and adds
// bfloat16. Each row subtracts its maximum first so that exp cannot
// overflow; the sum is taken in double and exp recomputed for the output so
// that 16-bit outputs are rounded once.

#include <cmath>

#include "kernels/ref/internal/softmax_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status SoftmaxPrepare(PrepareContext& ctx) { return PrepareSoftmaxLike(ctx); }

Status SoftmaxRun(const RunContext& ctx) {
  return ForEachSoftmaxRow(ctx, [](const auto* x, auto* y, int64_t len, int64_t stride) {
    using T = std::remove_pointer_t<decltype(y)>;
    using C = SoftmaxCompute<T>;
    const C max = RowMax(x, len, stride);
    const double scale = 1.0 / RowSumExp(x, len, stride, max);
    for (int64_t i = 0; i < len; ++i) {
      const double e = static_cast<double>(std::exp(static_cast<C>(x[i * stride]) - max));
      y[i * stride] = static_cast<T>(static_cast<C>(e * scale));
    }
  });
}

}  // namespace onyx::kernels::ref
