// Identity: the output holds the input's bytes. Any fixed-size dtype works,
// and sequences and optionals (copied whole); strings are unsupported. The planner may alias the output
// with the input, in which case Run has nothing to do.

#include "kernels/ref/internal/copy.h"
#include "kernels/ref/internal/sequence_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status IdentityPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, 1));
  if (!IsTensorDType(ctx.input(0).dtype)) {  // A sequence or an empty optional (opset 14+).
    ctx.SetDynamicOutput(0, ctx.input(0).dtype);
    return Status::Ok();
  }
  RETURN_IF_ERROR(ExpectFixedSizeDType(ctx, 0));
  ctx.SetOutput(0, ctx.input(0).dtype, ctx.input(0).dims);
  return Status::Ok();
}

Status IdentityRun(const RunContext& ctx) {
  if (!IsTensorDType(ctx.input(0).dtype)) return CopyValueToOutput(ctx, 0, ctx.input(0));
  return RunCopyInput0(ctx);
}

}  // namespace onyx::kernels::ref
