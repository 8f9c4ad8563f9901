// Expand: broadcasts `input` against `shape` (int64, 1-D) as numpy's
// multidirectional rule does, so the output may keep input dims where shape
// has 1s and may have more dims than shape. The shape's values decide the
// output shape, so Prepare needs them (KnownInt64Input). Elements move as
// bytes; bfloat16 from opset 13; strings are not supported yet.

#include <cstdint>

#include "kernels/ref/internal/broadcast.h"
#include "kernels/ref/internal/copy.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct ExpandState {
  BroadcastPlan plan;
};

}  // namespace

Status ExpandPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(2, 2));
  const uint64_t types =
      ctx.node().opset < 13 ? kFixedSizeTypes & ~DTypeBit(DType::kBFloat16) : kFixedSizeTypes;
  RETURN_IF_ERROR(ExpectDType(ctx, 0, types));
  const ValueInfo& input = ctx.input(0);
  ASSIGN_OR_RETURN(Dims shape, KnownInt64Input(ctx, 1, "shape"));
  for (int64_t d : shape) {
    RETURN_ERROR_IF(d < 0, StatusCode::kInvalidArgument, "shape input '", ctx.input(1).name,
                    "' has a negative extent (expected >= 0, got ", IntsToString(shape), ")");
  }
  Result<Dims> out = BroadcastDims(input.dims, shape);
  if (!out.ok()) return out.status().WithContext("input '" + input.name + "' and shape");
  auto* state = ctx.EmplaceState<ExpandState>();
  state->plan = MakeBroadcastPlan(out.value(), {&input.dims});
  ctx.SetOutput(0, input.dtype, std::move(out).value());
  return Status::Ok();
}

Status ExpandRun(const RunContext& ctx) {
  const BroadcastPlan& plan = ctx.state<ExpandState>().plan;
  return DispatchElementSize(DTypeSize(ctx.input(0).dtype), [&](auto tag) {
    using T = decltype(tag);
    ApplyBroadcast1(plan, ctx.input(0).data_as<const T>(), ctx.output(0).data_as<T>(),
                    [](T v) { return v; });
    return Status::Ok();
  });
}

}  // namespace onyx::kernels::ref
