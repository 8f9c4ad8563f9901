// FusedConv in the NHWC domain (com.ms.internal.nhwc, see
// internal/nhwc_util.h): com.microsoft's FusedConv (Conv plus `activation`
// and `activation_params`) with X, W and Y channels-last as NHWC Conv has
// them. Runs FusedConv on NCHW copies.

#include "kernels/ref/internal/nhwc_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status NhwcFusedConvPrepare(PrepareContext& ctx) {
  return PrepareNhwc(ctx, {NhwcInput::kChannelsLast, NhwcInput::kChannelsLast}, FusedConvPrepare, FusedConvRun);
}

Status NhwcFusedConvRun(const RunContext& ctx) { return RunNhwc(ctx); }

}  // namespace onyx::kernels::ref
