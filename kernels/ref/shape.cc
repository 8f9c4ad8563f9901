// Shape: the input's dims as a 1-D int64 tensor. Opset 15 adds `start` and
// `end` (default 0 and rank) selecting dims [start, end): negative values
// count from the back, then both clamp to [0, rank], and start >= end gives
// an empty output. Works for any input dtype, since only the dims are read.

#include <algorithm>

#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct ShapeParams {
  int64_t start = 0;
};

int64_t ClampAxis(int64_t axis, int64_t rank) {
  if (axis < 0) axis += rank;
  return std::clamp<int64_t>(axis, 0, rank);
}

}  // namespace

Status ShapePrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, 1));
  const int opset = ctx.node().opset;
  RETURN_IF_ERROR(RejectAttrBefore(ctx.attrs(), "start", opset, 15));
  RETURN_IF_ERROR(RejectAttrBefore(ctx.attrs(), "end", opset, 15));
  const int64_t rank = static_cast<int64_t>(ctx.input(0).dims.size());
  ASSIGN_OR_RETURN(int64_t start, IntAttr(ctx.attrs(), "start", 0));
  ASSIGN_OR_RETURN(int64_t end, IntAttr(ctx.attrs(), "end", rank));
  start = ClampAxis(start, rank);
  end = ClampAxis(end, rank);
  ctx.EmplaceState<ShapeParams>(ShapeParams{start});
  ctx.SetOutput(0, DType::kInt64, Dims{std::max<int64_t>(end - start, 0)});
  return Status::Ok();
}

Status ShapeRun(const RunContext& ctx) {
  const int64_t start = ctx.state<ShapeParams>().start;
  const Dims& dims = ctx.input(0).dims;
  int64_t* out = ctx.output(0).data_as<int64_t>();
  const int64_t n = ctx.output(0).num_elements();
  for (int64_t i = 0; i < n; ++i) out[i] = dims[start + i];
  return Status::Ok();
}

}  // namespace onyx::kernels::ref
