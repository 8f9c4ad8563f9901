// DepthToSpace: moves blocks of channels of a [N, C, H, W] input into
// [blocksize, blocksize] spatial blocks: [N, C / bs^2, H * bs, W * bs]. Mode
// DCR (the default; the only one before opset 11) reads the channel as
// (block row, block column, depth), CRD as (depth, block row, block column).
// The output is one strided view of the input (reshape, then transpose).

#include <string>
#include <vector>

#include "kernels/ref/internal/copy.h"
#include "kernels/ref/internal/index_util.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status DepthToSpacePrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, 1));
  RETURN_IF_ERROR(ExpectFixedSizeDType(ctx, 0));
  RETURN_IF_ERROR(ctx.ExpectRank(0, 4, 4));
  RETURN_IF_ERROR(RejectAttrBefore(ctx.attrs(), "mode", ctx.node().opset, 11));
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
  RETURN_ERROR_IF(c % (bs * bs) != 0, StatusCode::kInvalidArgument, "input '", x.name,
                  "' of shape ", DimsToString(x.dims),
                  " has channels that do not split into blocks (expected a multiple of ", bs * bs,
                  ", got ", c, ")");
  const int64_t depth = c / (bs * bs);
  StridedView view = mode == "DCR" ? PermutedView({n, bs, bs, depth, h, w}, {0, 3, 4, 1, 5, 2})
                                   : PermutedView({n, depth, bs, bs, h, w}, {0, 1, 4, 2, 5, 3});
  *ctx.EmplaceState<StridedView>() = std::move(view);
  ctx.SetOutput(0, x.dtype, Dims{n, depth, h * bs, w * bs});
  return Status::Ok();
}

Status DepthToSpaceRun(const RunContext& ctx) { return RunStridedCopy(ctx); }

}  // namespace onyx::kernels::ref
