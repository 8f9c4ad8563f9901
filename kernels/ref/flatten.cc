// Flatten: reshapes to 2-D [d_0 * ... * d_(axis-1), d_axis * ... * d_(n-1)].
// `axis` (default 1) lies in [0, rank]; opset 11 adds negative values, which
// count from the back ([-rank, rank]). Opset 1 allows float types only, opset
// 9 all types. Bytes do not move: Run copies unless the output aliases the input.

#include "kernels/ref/internal/copy.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status FlattenPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, 1));
  RETURN_IF_ERROR(ExpectFixedSizeDType(ctx, 0));
  const ValueInfo& x = ctx.input(0);
  ASSIGN_OR_RETURN(int64_t raw_axis, IntAttr(ctx.attrs(), "axis", 1));
  ASSIGN_OR_RETURN(int axis, NormalizeAxisAttr(raw_axis, x, ctx.node().opset >= 11, true));
  int64_t outer = 1, inner = 1;
  for (size_t d = 0; d < x.dims.size(); ++d)
    (static_cast<int>(d) < axis ? outer : inner) *= x.dims[d];
  ctx.SetOutput(0, x.dtype, Dims{outer, inner});
  return Status::Ok();
}

Status FlattenRun(const RunContext& ctx) { return RunCopyInput0(ctx); }

}  // namespace onyx::kernels::ref
