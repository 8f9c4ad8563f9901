// SequenceConstruct: a sequence of copies of the inputs, which share a dtype.

#include "kernels/ref/internal/sequence_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status SequenceConstructPrepare(PrepareContext& ctx) {
  RETURN_ERROR_IF(ctx.num_inputs() < 1, StatusCode::kInvalidModel, "expected at least 1 input (got 0)");
  for (size_t i = 1; i < ctx.num_inputs(); ++i) {
    RETURN_ERROR_IF(ctx.input(i).dtype != ctx.input(0).dtype, StatusCode::kInvalidArgument, "input '",
                    ctx.input(i).name, "' has dtype ", DTypeName(ctx.input(i).dtype), " (expected ",
                    DTypeName(ctx.input(0).dtype), " like the first)");
  }
  ctx.SetDynamicOutput(0, DType::kSequence);
  return Status::Ok();
}

Status SequenceConstructRun(const RunContext& ctx) {
  ASSIGN_OR_RETURN(SequenceValue * seq, NewSequenceOutput(ctx, 0, ctx.input(0).dtype));
  for (size_t i = 0; i < ctx.inputs.size(); ++i) {
    ASSIGN_OR_RETURN(HostTensor t, CopyToHost(ctx.input(i)));
    seq->items.push_back(std::move(t));
  }
  return Status::Ok();
}

}  // namespace onyx::kernels::ref
