// HardSwish: x * max(0, min(1, x / 6 + 1 / 2)), elementwise. float, double and float16 from opset
// 14; bfloat16 from opset 22.

#include <algorithm>
#include <cmath>

#include "kernels/ref/internal/unary_math_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status HardSwishPrepare(PrepareContext& ctx) { return PrepareUnaryOf(ctx, kUnaryFloatTypes); }

Status HardSwishRun(const RunContext& ctx) {
  return RunUnaryFloat(ctx, [](auto x) {
    using C = decltype(x);
    return x * std::max(C(0), std::min(C(1), x / C(6) + C(0.5)));
  });
}

}  // namespace onyx::kernels::ref
