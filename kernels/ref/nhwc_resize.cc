// Resize in the NHWC domain (com.ms.internal.nhwc, see internal/nhwc_util.h):
// X [N, D1..Dn, C]; roi, scales and sizes list their axes in the same order
// (N, D1..Dn, C), as the attribute `axes` (opset 18) does. Attributes
// otherwise as ONNX's Resize. Runs Resize on an NCHW copy, with the
// per-axis inputs, or `axes`, rearranged for NCHW.

#include <utility>
#include <vector>

#include "kernels/ref/internal/nhwc_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status NhwcResizePrepare(PrepareContext& ctx) {
  const Attribute* axes = ctx.attrs().Find("axes");
  if (axes == nullptr || !ctx.has_input(0)) {
    return PrepareNhwc(
        ctx, {NhwcInput::kChannelsLast, NhwcInput::kAxisVector, NhwcInput::kAxisVector, NhwcInput::kAxisVector},
        ResizePrepare, ResizeRun);
  }
  // With `axes`, the per-axis inputs follow the order of `axes`: only the
  // axis numbers change.
  RETURN_ERROR_IF(axes->type != AttrType::kInts, StatusCode::kInvalidModel,
                  "attribute 'axes' type (expected ints, got ", AttrTypeName(axes->type), ")");
  const int64_t rank = static_cast<int64_t>(ctx.input(0).dims.size());
  std::vector<Attribute> attrs;
  for (const Attribute& a : ctx.attrs().items()) {
    attrs.push_back(a);
    if (a.name != "axes") continue;
    for (int64_t& axis : attrs.back().ints) {
      RETURN_ERROR_IF(axis < -rank || axis >= rank, StatusCode::kInvalidModel, "attribute 'axes' entry ", axis,
                      " (expected in [", -rank, ", ", rank - 1, "] for rank ", rank, ")");
      axis = ChannelsFirstAxis(axis, rank);
    }
  }
  NodeInfo base = ctx.node();
  base.attrs = Attributes(std::move(attrs));
  return PrepareNhwc(ctx, {NhwcInput::kChannelsLast}, ResizePrepare, ResizeRun, &base);
}

Status NhwcResizeRun(const RunContext& ctx) { return RunNhwc(ctx); }

}  // namespace onyx::kernels::ref
