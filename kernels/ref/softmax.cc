// Softmax. Opsets 1-12 coerce the input to 2-D at `axis` (default 1) and
// normalize each row, i.e. over the whole block of dims from `axis` on;
// opset 13 normalizes along the single dim `axis` (default -1) and adds
// bfloat16. Each row subtracts its maximum first so that exp cannot
// overflow. float and double sum in double and round once. float16 and
// bfloat16 round where ONNX's numpy reference rounds (x - max, exp, the sum,
// the quotient), since models built from ONNX functions (Attention's
// expansion) are checked against it to a tolerance finer than one bfloat16
// step: numpy sums float16 in float and rounds once, ml_dtypes' bfloat16
// rounds after every addition.

#include <cmath>
#include <type_traits>

#include "kernels/ref/internal/softmax_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

template <typename T>
void HalfSoftmaxLine(const T* x, T* y, int64_t len, int64_t stride) {
  const float max = RowMax(x, len, stride);
  float sum = 0;
  for (int64_t i = 0; i < len; ++i) {
    const T shifted = T(static_cast<float>(x[i * stride]) - max);
    const T e = T(std::exp(static_cast<float>(shifted)));
    y[i * stride] = e;
    sum += static_cast<float>(e);
    if constexpr (std::is_same_v<T, BFloat16>) sum = static_cast<float>(T(sum));
  }
  const float total = static_cast<float>(T(sum));
  for (int64_t i = 0; i < len; ++i) y[i * stride] = T(static_cast<float>(y[i * stride]) / total);
}

}  // namespace

Status SoftmaxPrepare(PrepareContext& ctx) { return PrepareSoftmaxLike(ctx); }

Status SoftmaxRun(const RunContext& ctx) {
  return ForEachSoftmaxRow(ctx, [](const auto* x, auto* y, int64_t len, int64_t stride) {
    using T = std::remove_pointer_t<decltype(y)>;
    using C = SoftmaxCompute<T>;
    if constexpr (std::is_same_v<T, Float16> || std::is_same_v<T, BFloat16>) {
      HalfSoftmaxLine(x, y, len, stride);
    } else {
      const C max = RowMax(x, len, stride);
      const double scale = 1.0 / RowSumExp(x, len, stride, max);
      for (int64_t i = 0; i < len; ++i) {
        const double e = static_cast<double>(std::exp(static_cast<C>(x[i * stride]) - max));
        y[i * stride] = static_cast<T>(static_cast<C>(e * scale));
      }
    }
  });
}

}  // namespace onyx::kernels::ref
