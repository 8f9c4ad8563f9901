// DepthToSpace in the NHWC domain (com.ms.internal.nhwc, see
// internal/nhwc_util.h): X [N, H, W, C] to Y [N, H * bs, W * bs, C / bs^2],
// attributes (blocksize, mode DCR or CRD) as ONNX's. Runs DepthToSpace on an
// NCHW copy.

#include "kernels/ref/internal/nhwc_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status NhwcDepthToSpacePrepare(PrepareContext& ctx) {
  return PrepareNhwc(ctx, {NhwcInput::kChannelsLast}, DepthToSpacePrepare, DepthToSpaceRun);
}

Status NhwcDepthToSpaceRun(const RunContext& ctx) { return RunNhwc(ctx); }

}  // namespace onyx::kernels::ref
