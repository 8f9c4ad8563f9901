// Identity: the output holds the input's bytes. Any fixed-size dtype works;
// strings (no fixed size) are unsupported. The planner may alias the output
// with the input, in which case Run has nothing to do.

#include "kernels/ref/internal/copy.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status IdentityPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, 1));
  RETURN_IF_ERROR(ExpectFixedSizeDType(ctx, 0));
  ctx.SetOutput(0, ctx.input(0).dtype, ctx.input(0).dims);
  return Status::Ok();
}

Status IdentityRun(const RunContext& ctx) { return RunCopyInput0(ctx); }

}  // namespace onyx::kernels::ref
