// SequenceErase: a copy of the sequence without the tensor at `position`
// (default: the last; negative counts from the end).

#include "kernels/ref/internal/sequence_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status SequenceErasePrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, 2));
  ASSIGN_OR_RETURN(const SequenceValue* seq, SequenceInput(ctx, 0));
  RETURN_ERROR_IF(seq->items.empty(), StatusCode::kInvalidArgument, "cannot erase from an empty sequence");
  if (ctx.has_input(1)) {
    ASSIGN_OR_RETURN(int64_t position, ScalarIndex(ctx.input(1)));
    RETURN_IF_ERROR(SequencePosition(position, static_cast<int64_t>(seq->items.size()), false).status());
  }
  ctx.SetDynamicOutput(0, DType::kSequence);
  return Status::Ok();
}

Status SequenceEraseRun(const RunContext& ctx) {
  const SequenceValue& in = AsSequence(ctx.input(0));
  const int64_t size = static_cast<int64_t>(in.items.size());
  int64_t position = size - 1;
  if (ctx.has_input(1)) {
    const TensorView& p = ctx.input(1);
    int64_t raw = p.dtype == DType::kInt64 ? *p.data_as<const int64_t>() : *p.data_as<const int32_t>();
    ASSIGN_OR_RETURN(position, SequencePosition(raw, size, false));
  }
  ASSIGN_OR_RETURN(SequenceValue * out, NewSequenceOutput(ctx, 0, in.elem_type));
  out->items = in.items;
  out->items.erase(out->items.begin() + position);
  return Status::Ok();
}

}  // namespace onyx::kernels::ref
