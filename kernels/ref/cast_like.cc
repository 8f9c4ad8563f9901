// CastLike: Cast to the dtype of input `target_type` (whose values are not
// read), with Cast's rules and attributes. Its versions (15, 19, 21, 23, 24,
// 25) add dtypes as Cast's do; there is no CastLike 28, so float6 stays out.

#include "kernels/ref/internal/cast_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status CastLikePrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(2, 2));
  const int opset = ctx.node().opset;
  // CastLike 15 takes the dtypes of Cast 13; later versions match Cast's.
  const int types_opset = opset < 19 ? 13 : (opset < 25 ? opset : 25);
  const ValueInfo& like = ctx.input(1);
  return PrepareCastTo(ctx, like.dtype, types_opset, "input '" + like.name + "' dtype");
}

Status CastLikeRun(const RunContext& ctx) { return CastRun(ctx); }

}  // namespace onyx::kernels::ref
