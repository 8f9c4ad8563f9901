// HammingWindow: w[n] = a0 - (1 - a0) cos(2 pi n / N) with a0 = 25/46 (the
// exact form of 0.54 that ONNX and PyTorch use), N = size (periodic, the
// default) or size - 1 (symmetric); output [size] of 'output_datatype'
// (default float). The size decides the output shape, so Prepare needs its
// value.

#include <cmath>

#include "kernels/ref/internal/signal_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status HammingWindowPrepare(PrepareContext& ctx) { return PrepareWindow(ctx); }

Status HammingWindowRun(const RunContext& ctx) {
  constexpr double kAlpha = 25.0 / 46.0;
  return RunWindow(ctx, [](double n, double big_n) {
    return kAlpha - std::cos(n * kPi * 2 / big_n) * (1 - kAlpha);
  });
}

}  // namespace onyx::kernels::ref
