// Where: out = condition ? X : Y elementwise, the three inputs broadcast
// together as numpy does. X and Y share any fixed-size dtype (bfloat16 from
// opset 16; strings are not supported yet); elements move as bytes.

#include <cstdint>

#include "kernels/ref/internal/binary_util.h"
#include "kernels/ref/internal/broadcast.h"
#include "kernels/ref/internal/copy.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct WhereState {
  BroadcastPlan plan;
};

}  // namespace

Status WherePrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(3, 3));
  const ValueInfo& cond = ctx.input(0);
  const ValueInfo& x = ctx.input(1);
  const ValueInfo& y = ctx.input(2);
  RETURN_IF_ERROR(ExpectDType(ctx, 0, DTypeBit(DType::kBool)));
  const uint64_t types =
      ctx.node().opset < 16 ? kMovableTypes & ~DTypeBit(DType::kBFloat16) : kMovableTypes;
  RETURN_IF_ERROR(ExpectDType(ctx, 1, types));
  RETURN_IF_ERROR(ExpectSameDType(ctx, 2, 1));
  Result<Dims> xy = BroadcastDims(x.dims, y.dims);
  if (!xy.ok()) return xy.status().WithContext("inputs '" + x.name + "' and '" + y.name + "'");
  Result<Dims> out = BroadcastDims(cond.dims, xy.value());
  if (!out.ok()) return out.status().WithContext("input '" + cond.name + "'");
  auto* state = ctx.EmplaceState<WhereState>();
  state->plan = MakeBroadcastPlan(out.value(), {&cond.dims, &x.dims, &y.dims});
  ctx.SetOutput(0, x.dtype, std::move(out).value());
  return Status::Ok();
}

Status WhereRun(const RunContext& ctx) {
  const BroadcastPlan& plan = ctx.state<WhereState>().plan;
  return DispatchElementSize(DTypeSize(ctx.input(1).dtype), [&](auto tag) {
    using T = decltype(tag);
    ApplyBroadcast3(plan, ctx.input(0).data_as<const bool>(), ctx.input(1).data_as<const T>(),
                    ctx.input(2).data_as<const T>(), ctx.output(0).data_as<T>(),
                    [](bool c, T a, T b) { return c ? a : b; });
    return Status::Ok();
  });
}

}  // namespace onyx::kernels::ref
