// SpaceToDepth: the inverse of DepthToSpace. A [N, C, H, W] input becomes
// [N, C * bs^2, H / bs, W / bs]; mode DCR (the default; the only one before
// opset 28) orders the new channel as (block row, block column, depth), CRD
// as (depth, block row, block column). The output is one strided view of
// the input (reshape, then transpose).

#include <string>
#include <vector>

#include "kernels/ref/internal/copy.h"
#include "kernels/ref/internal/index_util.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status SpaceToDepthPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, 1));
  RETURN_IF_ERROR(ExpectFixedSizeDType(ctx, 0));
  RETURN_IF_ERROR(ctx.ExpectRank(0, 4, 4));
  RETURN_IF_ERROR(RejectAttrBefore(ctx.attrs(), "mode", ctx.node().opset, 28));
  ASSIGN_OR_RETURN(std::string mode, StringAttr(ctx.attrs(), "mode", "DCR"));
  RETURN_ERROR_IF(mode != "DCR" && mode != "CRD", StatusCode::kInvalidModel,
                  "attribute 'mode' is not supported (expected DCR or CRD, got '", mode, "')");
  RETURN_ERROR_IF(!ctx.attrs().Has("blocksize"), StatusCode::kInvalidModel,
                  "attribute 'blocksize' is missing (expected an int, got nothing)");
  ASSIGN_OR_RETURN(int64_t bs, IntAttr(ctx.attrs(), "blocksize", 0));
  RETURN_ERROR_IF(bs < 1, StatusCode::kInvalidModel,
                  "attribute 'blocksize' is not positive (expected >= 1, got ", bs, ")");
  const ValueInfo& x = ctx.input(0);
  const int64_t n = x.dims[0], c = x.dims[1], h = x.dims[2], w = x.dims[3];
  RETURN_ERROR_IF(h % bs != 0 || w % bs != 0, StatusCode::kInvalidArgument, "input '", x.name,
                  "' of shape ", DimsToString(x.dims),
                  " does not split into blocks (expected height and width multiples of ", bs,
                  ", got ", h, " and ", w, ")");
  const Dims blocks = {n, c, h / bs, bs, w / bs, bs};
  StridedView view = mode == "DCR" ? PermutedView(blocks, {0, 3, 5, 1, 2, 4})
                                   : PermutedView(blocks, {0, 1, 3, 5, 2, 4});
  *ctx.EmplaceState<StridedView>() = std::move(view);
  ctx.SetOutput(0, x.dtype, Dims{n, c * bs * bs, h / bs, w / bs});
  return Status::Ok();
}

Status SpaceToDepthRun(const RunContext& ctx) { return RunStridedCopy(ctx); }

}  // namespace onyx::kernels::ref
