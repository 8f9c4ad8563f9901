// ConvTranspose in the NHWC domain (com.ms.internal.nhwc, see
// internal/nhwc_util.h): X [N, D1..Dn, C], W [C, k1..kn, M/group] (ONNX's
// [C, M/group, k1..kn] with axis 1 moved last), optional B [M], Y [N,
// O1..On, M]; attributes as ONNX's ConvTranspose. Runs ConvTranspose on NCHW
// copies.

#include "kernels/ref/internal/nhwc_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status NhwcConvTransposePrepare(PrepareContext& ctx) {
  return PrepareNhwc(ctx, {NhwcInput::kChannelsLast, NhwcInput::kChannelsLast}, ConvTransposePrepare, ConvTransposeRun);
}

Status NhwcConvTransposeRun(const RunContext& ctx) { return RunNhwc(ctx); }

}  // namespace onyx::kernels::ref
