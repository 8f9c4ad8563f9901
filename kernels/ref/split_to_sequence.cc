// SplitToSequence: splits a tensor along `axis` into a sequence. `split`
// absent: pieces of 1 (squeezed unless keepdims = 1); a scalar: pieces of
// that size (the last may be shorter); 1-D: the given sizes, summing to the
// axis's extent.

#include <vector>

#include "kernels/ref/internal/sequence_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct SplitPlan {
  int axis = 0;
  bool squeeze = false;
  std::vector<int64_t> sizes;
};

Result<SplitPlan> MakePlan(const PrepareContext& ctx) {
  const ValueInfo& x = ctx.input(0);
  RETURN_ERROR_IF(x.dims.empty(), StatusCode::kInvalidArgument, "input '", x.name,
                  "' is a scalar (expected rank >= 1 to split)");
  SplitPlan plan;
  ASSIGN_OR_RETURN(plan.axis, NormalizeAxis(ctx.attrs().GetInt("axis", 0), static_cast<int>(x.dims.size())));
  const int64_t extent = x.dims[plan.axis];
  if (!ctx.has_input(1)) {
    plan.sizes.assign(extent, 1);
    plan.squeeze = ctx.attrs().GetInt("keepdims", 1) == 0;
    return plan;
  }
  const ValueInfo& split = ctx.input(1);
  RETURN_ERROR_IF(split.dtype != DType::kInt64 && split.dtype != DType::kInt32, StatusCode::kInvalidArgument,
                  "input '", split.name, "' must be int32 or int64 (got ", DTypeName(split.dtype), ")");
  if (split.data == nullptr) return ctx.ValueRequired(1, "split");
  std::vector<int64_t> values(NumElements(split.dims));
  for (size_t i = 0; i < values.size(); ++i) {
    values[i] = split.dtype == DType::kInt64 ? static_cast<const int64_t*>(split.data)[i]
                                             : static_cast<const int32_t*>(split.data)[i];
    RETURN_ERROR_IF(values[i] < 0, StatusCode::kInvalidArgument, "split size ", values[i], " is negative");
  }
  if (split.dims.empty()) {
    RETURN_ERROR_IF(values[0] <= 0, StatusCode::kInvalidArgument, "split size must be positive (got ", values[0], ")");
    for (int64_t start = 0; start < extent; start += values[0]) plan.sizes.push_back(std::min(values[0], extent - start));
    return plan;
  }
  int64_t total = 0;
  for (int64_t v : values) total += v;
  RETURN_ERROR_IF(total != extent, StatusCode::kInvalidArgument, "split sizes sum to ", total, " (expected ", extent,
                  ", the extent of axis ", plan.axis, ")");
  plan.sizes = values;
  return plan;
}

}  // namespace

Status SplitToSequencePrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, 2));
  RETURN_IF_ERROR(MakePlan(ctx).status());
  ctx.SetDynamicOutput(0, DType::kSequence);
  ctx.EmplaceState<SplitPlan>(MakePlan(ctx).value());
  return Status::Ok();
}

Status SplitToSequenceRun(const RunContext& ctx) {
  const SplitPlan& plan = ctx.state<SplitPlan>();
  const TensorView& x = ctx.input(0);
  ASSIGN_OR_RETURN(SequenceValue * seq, NewSequenceOutput(ctx, 0, x.dtype));
  int64_t outer = 1, inner = static_cast<int64_t>(DTypeSize(x.dtype));
  for (int d = 0; d < plan.axis; ++d) outer *= x.dims[d];
  for (size_t d = plan.axis + 1; d < x.dims.size(); ++d) inner *= x.dims[d];
  const uint8_t* src = static_cast<const uint8_t*>(x.data);
  int64_t start = 0;
  for (int64_t size : plan.sizes) {
    Dims dims = x.dims;
    dims[plan.axis] = size;
    if (plan.squeeze) dims.erase(dims.begin() + plan.axis);
    ASSIGN_OR_RETURN(HostTensor piece, HostTensor::Allocate(x.dtype, dims));
    uint8_t* dst = static_cast<uint8_t*>(piece.data());
    for (int64_t o = 0; o < outer; ++o) {
      std::memcpy(dst + o * size * inner, src + (o * x.dims[plan.axis] + start) * inner,
                  static_cast<size_t>(size * inner));
    }
    seq->items.push_back(std::move(piece));
    start += size;
  }
  return Status::Ok();
}

}  // namespace onyx::kernels::ref
