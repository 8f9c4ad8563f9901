// Reshape, as numpy.reshape with two ONNX extras: a 0 in the new shape copies
// the input's extent at that position (unless allowzero=1, opset 14+, where 0
// is a literal zero extent), and one -1 is inferred from the element count.
// Opset 1 reads the shape from the `shape` attribute (float types only);
// opset 5+ from an int64 input whose value Prepare must know, since it
// decides the output shape. Run copies bytes unless the output aliases the input.

#include <vector>

#include "kernels/ref/internal/copy.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

// The output dims for `shape`; errors carry `code` (kInvalidModel when the
// shape is an attribute, kInvalidArgument when it is an input).
Result<Dims> ResolveShape(const ValueInfo& x, const std::vector<int64_t>& shape, bool allow_zero,
                          StatusCode code) {
  Dims out(shape.size());
  int infer_at = -1;
  bool has_zero = false;
  for (size_t i = 0; i < shape.size(); ++i) {
    const int64_t d = shape[i];
    RETURN_ERROR_IF(d < -1, code, "shape has an invalid extent at position ", i,
                    " (expected -1 or more, got ", d, ")");
    if (d == -1) {
      RETURN_ERROR_IF(infer_at >= 0, code,
                      "shape has more than one -1 (expected at most one, got -1 at positions ",
                      infer_at, " and ", i, ")");
      infer_at = static_cast<int>(i);
      out[i] = 1;
    } else if (d == 0 && !allow_zero) {
      RETURN_ERROR_IF(i >= x.dims.size(), code, "shape has 0 at position ", i,
                      ", beyond the rank of input '", x.name, "' (expected a position below ",
                      x.dims.size(), ", got ", i, ")");
      out[i] = x.dims[i];
    } else {
      has_zero |= d == 0;
      out[i] = d;
    }
  }
  RETURN_ERROR_IF(has_zero && infer_at >= 0, code,
                  "shape with allowzero=1 has both 0 and -1 (expected at most one of them, got ",
                  IntsToString(shape), ")");
  const int64_t in_count = NumElements(x.dims);
  ASSIGN_OR_RETURN(int64_t known, CheckedNumElements(out));
  if (infer_at >= 0) {
    RETURN_ERROR_IF(known == 0 || in_count % known != 0, StatusCode::kInvalidArgument,
                    "cannot infer the -1 in shape ", DimsToString(out), " from input '", x.name,
                    "' of shape ", DimsToString(x.dims), " (expected a divisor of ", in_count,
                    " elements, got ", known, ")");
    out[infer_at] = in_count / known;
    known = in_count;
  }
  RETURN_ERROR_IF(known != in_count, StatusCode::kInvalidArgument, "cannot reshape input '", x.name,
                  "' of shape ", DimsToString(x.dims), " to ", DimsToString(out), " (expected ",
                  in_count, " elements, got ", known, ")");
  return out;
}

}  // namespace

Status ReshapePrepare(PrepareContext& ctx) {
  const int opset = ctx.node().opset;
  std::vector<int64_t> shape;
  StatusCode code = StatusCode::kInvalidArgument;
  bool allow_zero = false;
  if (opset < 5) {
    RETURN_IF_ERROR(ctx.ExpectInputCount(1, 1));
    RETURN_ERROR_IF(!ctx.attrs().Has("shape"), StatusCode::kInvalidModel,
                    "attribute 'shape' is missing (expected ints, got nothing)");
    ASSIGN_OR_RETURN(shape, IntsAttr(ctx.attrs(), "shape"));
    code = StatusCode::kInvalidModel;
  } else {
    RETURN_IF_ERROR(ctx.ExpectInputCount(2, 2));
    ASSIGN_OR_RETURN(shape, KnownInt64Input(ctx, 1, "shape"));
    RETURN_ERROR_IF(ctx.input(1).dims.size() != 1, StatusCode::kInvalidArgument, "shape input '",
                    ctx.input(1).name, "' must be 1-D (expected rank 1, got shape ",
                    DimsToString(ctx.input(1).dims), ")");
    RETURN_IF_ERROR(RejectAttrBefore(ctx.attrs(), "allowzero", opset, 14));
    ASSIGN_OR_RETURN(allow_zero, BoolAttr(ctx.attrs(), "allowzero", false));
  }
  RETURN_IF_ERROR(ExpectFixedSizeDType(ctx, 0));
  ASSIGN_OR_RETURN(Dims dims, ResolveShape(ctx.input(0), shape, allow_zero, code));
  ctx.SetOutput(0, ctx.input(0).dtype, std::move(dims));
  return Status::Ok();
}

Status ReshapeRun(const RunContext& ctx) { return RunCopyInput0(ctx); }

}  // namespace onyx::kernels::ref
