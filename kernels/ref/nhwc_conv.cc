// Conv in the NHWC domain (com.ms.internal.nhwc, see internal/nhwc_util.h):
// X [N, D1..Dn, C], W [M, k1..kn, C/group] (OHWI for 2-D), optional B [M],
// Y [N, O1..On, M]; attributes as ONNX's Conv. Runs Conv on NCHW copies.

#include "kernels/ref/internal/nhwc_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status NhwcConvPrepare(PrepareContext& ctx) {
  return PrepareNhwc(ctx, {NhwcInput::kChannelsLast, NhwcInput::kChannelsLast}, ConvPrepare, ConvRun);
}

Status NhwcConvRun(const RunContext& ctx) { return RunNhwc(ctx); }

}  // namespace onyx::kernels::ref
