// ConcatFromSequence: concatenates a sequence's tensors along `axis`, or
// stacks them along a new axis when new_axis = 1.

#include "kernels/ref/internal/sequence_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct ConcatPlan {
  int axis = 0;
  bool new_axis = false;
};

}  // namespace

Status ConcatFromSequencePrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, 1));
  ASSIGN_OR_RETURN(const SequenceValue* seq, SequenceInput(ctx, 0));
  RETURN_ERROR_IF(seq->items.empty(), StatusCode::kInvalidArgument, "cannot concatenate an empty sequence");
  ConcatPlan plan;
  plan.new_axis = ctx.attrs().GetInt("new_axis", 0) != 0;
  const Dims& first = seq->items[0].dims();
  const int rank = static_cast<int>(first.size()) + (plan.new_axis ? 1 : 0);
  RETURN_ERROR_IF(!ctx.attrs().Has("axis"), StatusCode::kInvalidModel, "attribute 'axis' is required");
  RETURN_ERROR_IF(rank == 0, StatusCode::kInvalidArgument,
                  "sequence items are scalars (expected rank >= 1, or new_axis = 1 to stack them)");
  ASSIGN_OR_RETURN(plan.axis, NormalizeAxis(ctx.attrs().GetInt("axis", 0), rank));
  Dims out = first;
  if (plan.new_axis) out.insert(out.begin() + plan.axis, 0);
  out[plan.axis] = 0;
  for (size_t i = 0; i < seq->items.size(); ++i) {
    const HostTensor& item = seq->items[i];
    RETURN_ERROR_IF(item.dtype() != seq->items[0].dtype(), StatusCode::kInvalidArgument, "sequence item #", i,
                    " has dtype ", DTypeName(item.dtype()), " (expected ", DTypeName(seq->items[0].dtype()),
                    " like the first)");
    // Every item matches the first except along the concatenation axis.
    Dims expected = first;
    if (!plan.new_axis && item.dims().size() == first.size()) expected[plan.axis] = item.dims()[plan.axis];
    RETURN_ERROR_IF(item.dims() != expected, StatusCode::kInvalidArgument, "sequence item #", i, " of shape ",
                    DimsToString(item.dims()), " does not match the first item's ", DimsToString(first),
                    plan.new_axis ? " (stacking needs equal shapes)" : " off the concatenation axis");
    out[plan.axis] += plan.new_axis ? 1 : item.dims()[plan.axis];
  }
  ctx.SetOutput(0, seq->items[0].dtype(), out);
  ctx.EmplaceState<ConcatPlan>(plan);
  return Status::Ok();
}

Status ConcatFromSequenceRun(const RunContext& ctx) {
  const ConcatPlan& plan = ctx.state<ConcatPlan>();
  const SequenceValue& seq = AsSequence(ctx.input(0));
  const TensorView& out = ctx.output(0);
  int64_t outer = 1, inner = static_cast<int64_t>(DTypeSize(out.dtype));
  for (int d = 0; d < plan.axis; ++d) outer *= out.dims[d];
  for (size_t d = plan.axis + 1; d < out.dims.size(); ++d) inner *= out.dims[d];
  const int64_t out_row = out.dims[plan.axis] * inner;
  uint8_t* dst = static_cast<uint8_t*>(out.data);
  int64_t offset = 0;
  for (const HostTensor& item : seq.items) {
    const int64_t extent = plan.new_axis ? 1 : item.dims()[plan.axis];
    const uint8_t* src = static_cast<const uint8_t*>(item.data());
    for (int64_t o = 0; o < outer; ++o) {
      std::memcpy(dst + o * out_row + offset * inner, src + o * extent * inner, static_cast<size_t>(extent * inner));
    }
    offset += extent;
  }
  return Status::Ok();
}

}  // namespace onyx::kernels::ref
