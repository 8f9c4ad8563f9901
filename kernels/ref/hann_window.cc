// HannWindow: w[n] = sin^2(pi n / N) = 0.5 - 0.5 cos(2 pi n / N), with N =
// size (periodic, the default) or size - 1 (symmetric); output [size] of
// 'output_datatype' (default float). The size decides the output shape, so
// Prepare needs its value.

#include <cmath>

#include "kernels/ref/internal/signal_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status HannWindowPrepare(PrepareContext& ctx) { return PrepareWindow(ctx); }

Status HannWindowRun(const RunContext& ctx) {
  return RunWindow(ctx, [](double n, double big_n) {
    const double s = std::sin(n * kPi / big_n);
    return s * s;
  });
}

}  // namespace onyx::kernels::ref
