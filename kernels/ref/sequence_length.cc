// SequenceLength: the number of tensors in a sequence, as an int64 scalar.

#include "kernels/ref/internal/sequence_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status SequenceLengthPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, 1));
  RETURN_IF_ERROR(SequenceInput(ctx, 0).status());
  ctx.SetOutput(0, DType::kInt64, {});
  return Status::Ok();
}

Status SequenceLengthRun(const RunContext& ctx) {
  *ctx.output(0).data_as<int64_t>() = static_cast<int64_t>(AsSequence(ctx.input(0)).items.size());
  return Status::Ok();
}

}  // namespace onyx::kernels::ref
