// MaxPool in the NHWC domain (com.ms.internal.nhwc, see
// internal/nhwc_util.h): X [N, D1..Dn, C] to Y [N, O1..On, C], attributes as
// ONNX's MaxPool. Only Y: ONNX's Indices count in NCHW order, so a node that
// asks for them stays in the default domain. Runs MaxPool on an NCHW copy.

#include "kernels/ref/internal/nhwc_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status NhwcMaxPoolPrepare(PrepareContext& ctx) {
  return PrepareNhwc(ctx, {NhwcInput::kChannelsLast}, MaxPoolPrepare, MaxPoolRun);
}

Status NhwcMaxPoolRun(const RunContext& ctx) { return RunNhwc(ctx); }

}  // namespace onyx::kernels::ref
