// SequenceInsert: a copy of the sequence with a tensor inserted at
// `position` (default: the end; negative counts from the end).

#include "kernels/ref/internal/sequence_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status SequenceInsertPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(2, 3));
  ASSIGN_OR_RETURN(const SequenceValue* seq, SequenceInput(ctx, 0));
  const ValueInfo& tensor = ctx.input(1);
  RETURN_ERROR_IF(seq->elem_type != DType::kUndefined && tensor.dtype != seq->elem_type,
                  StatusCode::kInvalidArgument, "input '", tensor.name, "' has dtype ", DTypeName(tensor.dtype),
                  " (expected ", DTypeName(seq->elem_type), ", the sequence's)");
  if (ctx.has_input(2)) {
    ASSIGN_OR_RETURN(int64_t position, ScalarIndex(ctx.input(2)));
    RETURN_IF_ERROR(SequencePosition(position, static_cast<int64_t>(seq->items.size()), true).status());
  }
  ctx.SetDynamicOutput(0, DType::kSequence);
  return Status::Ok();
}

Status SequenceInsertRun(const RunContext& ctx) {
  const SequenceValue& in = AsSequence(ctx.input(0));
  const int64_t size = static_cast<int64_t>(in.items.size());
  int64_t position = size;
  if (ctx.has_input(2)) {
    const TensorView& p = ctx.input(2);
    int64_t raw = p.dtype == DType::kInt64 ? *p.data_as<const int64_t>() : *p.data_as<const int32_t>();
    ASSIGN_OR_RETURN(position, SequencePosition(raw, size, true));
  }
  ASSIGN_OR_RETURN(SequenceValue * out, NewSequenceOutput(ctx, 0, ctx.input(1).dtype));
  out->items = in.items;
  ASSIGN_OR_RETURN(HostTensor t, CopyToHost(ctx.input(1)));
  out->items.insert(out->items.begin() + position, std::move(t));
  return Status::Ok();
}

}  // namespace onyx::kernels::ref
