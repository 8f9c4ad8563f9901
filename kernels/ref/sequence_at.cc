// SequenceAt: a copy of the tensor at `position` (negative counts from the end).

#include "kernels/ref/internal/sequence_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

Result<int64_t> Position(const ValueInfo& position, const SequenceValue& seq) {
  ASSIGN_OR_RETURN(int64_t raw, ScalarIndex(position));
  return SequencePosition(raw, static_cast<int64_t>(seq.items.size()), false);
}

}  // namespace

Status SequenceAtPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(2, 2));
  ASSIGN_OR_RETURN(const SequenceValue* seq, SequenceInput(ctx, 0));
  ASSIGN_OR_RETURN(int64_t position, Position(ctx.input(1), *seq));
  const HostTensor& item = seq->items[position];
  ctx.SetOutput(0, item.dtype(), item.dims());
  return Status::Ok();
}

Status SequenceAtRun(const RunContext& ctx) {
  const SequenceValue& seq = AsSequence(ctx.input(0));
  const TensorView& p = ctx.input(1);
  int64_t raw = p.dtype == DType::kInt64 ? *p.data_as<const int64_t>() : *p.data_as<const int32_t>();
  ASSIGN_OR_RETURN(int64_t position, SequencePosition(raw, static_cast<int64_t>(seq.items.size()), false));
  const HostTensor& item = seq.items[position];
  RETURN_ERROR_IF(item.dims() != ctx.output(0).dims, StatusCode::kInternal, "sequence changed since Prepare");
  if (item.nbytes()) std::memcpy(ctx.output(0).data, item.data(), item.nbytes());
  return Status::Ok();
}

}  // namespace onyx::kernels::ref
