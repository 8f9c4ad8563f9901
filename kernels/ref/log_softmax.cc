// LogSoftmax: x - max - log(sum(exp(x - max))) over each row, the rows as
// Softmax defines them: opsets 1-12 coerce the input to 2-D at `axis`
// (default 1), opset 13 works along the single dim `axis` (default -1) and
// adds bfloat16.

#include <cmath>

#include "kernels/ref/internal/softmax_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status LogSoftmaxPrepare(PrepareContext& ctx) { return PrepareSoftmaxLike(ctx); }

Status LogSoftmaxRun(const RunContext& ctx) {
  return ForEachSoftmaxRow(ctx, [](const auto* x, auto* y, int64_t len, int64_t stride) {
    using T = std::remove_pointer_t<decltype(y)>;
    using C = SoftmaxCompute<T>;
    const C max = RowMax(x, len, stride);
    const double log_sum = std::log(RowSumExp(x, len, stride, max));
    for (int64_t i = 0; i < len; ++i) {
      const double shifted = static_cast<double>(static_cast<C>(x[i * stride]) - max);
      y[i * stride] = static_cast<T>(static_cast<C>(shifted - log_sum));
    }
  });
}

}  // namespace onyx::kernels::ref
