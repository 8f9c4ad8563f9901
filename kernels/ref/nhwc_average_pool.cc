// AveragePool in the NHWC domain (com.ms.internal.nhwc, see
// internal/nhwc_util.h): X [N, D1..Dn, C] to Y [N, O1..On, C], attributes as
// ONNX's AveragePool. Runs AveragePool on an NCHW copy.

#include "kernels/ref/internal/nhwc_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status NhwcAveragePoolPrepare(PrepareContext& ctx) {
  return PrepareNhwc(ctx, {NhwcInput::kChannelsLast}, AveragePoolPrepare, AveragePoolRun);
}

Status NhwcAveragePoolRun(const RunContext& ctx) { return RunNhwc(ctx); }

}  // namespace onyx::kernels::ref
