// GlobalAveragePool in the NHWC domain (com.ms.internal.nhwc, see
// internal/nhwc_util.h): X [N, D1..Dn, C] to Y [N, 1, ..., 1, C]. Runs
// GlobalAveragePool on an NCHW copy.

#include "kernels/ref/internal/nhwc_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status NhwcGlobalAveragePoolPrepare(PrepareContext& ctx) {
  return PrepareNhwc(ctx, {NhwcInput::kChannelsLast}, GlobalAveragePoolPrepare, GlobalAveragePoolRun);
}

Status NhwcGlobalAveragePoolRun(const RunContext& ctx) { return RunNhwc(ctx); }

}  // namespace onyx::kernels::ref
