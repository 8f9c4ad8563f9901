// Squeeze: removes extent-1 dims. `axes` lists which (each must have extent
// 1); without axes, every extent-1 dim goes. Opsets 1 to 12 read axes from an
// attribute (non-negative until opset 11); opset 13+ from an optional int64
// input whose value Prepare must know. A listed axis that repeats is removed
// once, as ONNX's shape inference reads it. Run copies bytes unless the
// output aliases the input.

#include <string>
#include <vector>

#include "kernels/ref/internal/copy.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status SqueezePrepare(PrepareContext& ctx) {
  const int opset = ctx.node().opset;
  std::vector<int64_t> axes;
  bool has_axes = false;
  StatusCode code = StatusCode::kInvalidModel;
  std::string what = "attribute 'axes'";
  if (opset < 13) {
    RETURN_IF_ERROR(ctx.ExpectInputCount(1, 1));
    has_axes = ctx.attrs().Has("axes");
    ASSIGN_OR_RETURN(axes, IntsAttr(ctx.attrs(), "axes"));
  } else {
    RETURN_IF_ERROR(ctx.ExpectInputCount(1, 2));
    has_axes = ctx.has_input(1);
    if (has_axes) {
      ASSIGN_OR_RETURN(axes, KnownInt64Input(ctx, 1, "axes"));
      code = StatusCode::kInvalidArgument;
      what = StrCat("axes input '", ctx.input(1).name, "'");
    }
  }
  RETURN_IF_ERROR(ExpectFixedSizeDType(ctx, 0));
  const ValueInfo& x = ctx.input(0);
  const int64_t rank = static_cast<int64_t>(x.dims.size());
  RETURN_IF_ERROR(NormalizeAxes(axes, rank, opset >= 11, code, what));
  std::vector<bool> drop(rank, false);
  for (int64_t axis : axes) {
    RETURN_ERROR_IF(x.dims[axis] != 1, StatusCode::kInvalidArgument, "cannot squeeze axis ", axis,
                    " of input '", x.name, "' with shape ", DimsToString(x.dims),
                    " (expected extent 1, got ", x.dims[axis], ")");
    drop[axis] = true;
  }
  Dims out;
  for (int64_t d = 0; d < rank; ++d) {
    const bool squeeze = has_axes ? drop[d] : x.dims[d] == 1;
    if (!squeeze) out.push_back(x.dims[d]);
  }
  ctx.SetOutput(0, x.dtype, std::move(out));
  return Status::Ok();
}

Status SqueezeRun(const RunContext& ctx) { return RunCopyInput0(ctx); }

}  // namespace onyx::kernels::ref
