// Optional: an optional holding the input (a tensor or a sequence), or an
// empty optional when the input is omitted (its type given by `type`).

#include "kernels/ref/internal/sequence_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status OptionalPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(0, 1));
  ctx.SetDynamicOutput(0, ctx.has_input(0) ? ctx.input(0).dtype : DType::kOptionalNone);
  return Status::Ok();
}

Status OptionalRun(const RunContext& ctx) {
  if (!ctx.has_input(0)) return CopyValueToOutput(ctx, 0, TensorView{DType::kOptionalNone, {}, nullptr});
  return CopyValueToOutput(ctx, 0, ctx.input(0));
}

}  // namespace onyx::kernels::ref
