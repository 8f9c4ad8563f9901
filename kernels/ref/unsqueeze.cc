// Unsqueeze: inserts extent-1 dims at `axes`, which index the output (rank =
// input rank + number of axes) and must not repeat. Opsets 1 to 12 read axes
// from a required attribute (non-negative until opset 11); opset 13+ from a
// required int64 input whose value Prepare must know. Run copies bytes
// unless the output aliases the input.

#include <string>
#include <vector>

#include "kernels/ref/internal/copy.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status UnsqueezePrepare(PrepareContext& ctx) {
  const int opset = ctx.node().opset;
  std::vector<int64_t> axes;
  StatusCode code = StatusCode::kInvalidModel;
  std::string what = "attribute 'axes'";
  if (opset < 13) {
    RETURN_IF_ERROR(ctx.ExpectInputCount(1, 1));
    RETURN_ERROR_IF(!ctx.attrs().Has("axes"), StatusCode::kInvalidModel,
                    "attribute 'axes' is missing (expected ints, got nothing)");
    ASSIGN_OR_RETURN(axes, IntsAttr(ctx.attrs(), "axes"));
  } else {
    RETURN_IF_ERROR(ctx.ExpectInputCount(2, 2));
    ASSIGN_OR_RETURN(axes, KnownInt64Input(ctx, 1, "axes"));
    code = StatusCode::kInvalidArgument;
    what = StrCat("axes input '", ctx.input(1).name, "'");
  }
  RETURN_IF_ERROR(ExpectFixedSizeDType(ctx, 0));
  const ValueInfo& x = ctx.input(0);
  const int64_t out_rank = static_cast<int64_t>(x.dims.size() + axes.size());
  RETURN_IF_ERROR(NormalizeAxes(axes, out_rank, opset >= 11, code, what));
  std::vector<bool> inserted(out_rank, false);
  for (int64_t axis : axes) {
    RETURN_ERROR_IF(inserted[axis], code, what, " repeats axis ", axis,
                    " (expected distinct axes, got ", IntsToString(axes), " after normalizing)");
    inserted[axis] = true;
  }
  Dims out;
  size_t next = 0;
  for (int64_t d = 0; d < out_rank; ++d) out.push_back(inserted[d] ? 1 : x.dims[next++]);
  ctx.SetOutput(0, x.dtype, std::move(out));
  return Status::Ok();
}

Status UnsqueezeRun(const RunContext& ctx) { return RunCopyInput0(ctx); }

}  // namespace onyx::kernels::ref
