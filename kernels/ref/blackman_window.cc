// BlackmanWindow: w[n] = 0.42 - 0.5 cos(2 pi n / N) + 0.08 cos(4 pi n / N),
// N = size (periodic, the default) or size - 1 (symmetric); output [size] of
// 'output_datatype' (default float). The size decides the output shape, so
// Prepare needs its value.

#include <cmath>

#include "kernels/ref/internal/signal_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status BlackmanWindowPrepare(PrepareContext& ctx) { return PrepareWindow(ctx); }

Status BlackmanWindowRun(const RunContext& ctx) {
  return RunWindow(ctx, [](double n, double big_n) {
    return std::cos(n * (kPi * 2) / big_n) * -0.5 + std::cos(n * (kPi * 4) / big_n) * 0.08 + 0.42;
  });
}

}  // namespace onyx::kernels::ref
