// Resize of the NHWC domain (com.ms.internal.nhwc), mode "linear" over H
// and W only, as xnn resize_bilinear2d_nhwc_f32: X [N, H, W, C]; scales and
// sizes list NHWC axes (or those of `axes`). Coordinate modes: half_pixel
// (XNNPACK's default), pytorch_half_pixel with output extents above 1,
// align_corners (XNN_FLAG_ALIGN_CORNERS, output extents above 1) and
// asymmetric (XNN_FLAG_TENSORFLOW_LEGACY_MODE; opset 10's only one).
// XNNPACK's scale is in / out, so scales are taken only when scale * in is
// the output extent. Declined: other modes, antialias, changing N or C,
// tf_crop_and_resize, scales or sizes not constant.

#include <cmath>
#include <string>
#include <vector>

#include "kernels/xnnpack/conv_pool_ops.h"
#include "kernels/xnnpack/xnn_util.h"

namespace onyx::kernels::xnnpack {
namespace {

struct ResizeState : OperatorState {
  size_t batch = 0, height = 0, width = 0, out_height = 0, out_width = 0;
};

// The output extents of X (NHWC) from scales or sizes; declines what
// XNNPACK's in / out scale cannot reproduce.
Result<Dims> OutputDims(const PrepareContext& ctx, const Dims& x) {
  const bool legacy = ctx.node().opset < 11;
  const size_t scales_at = legacy ? 1 : 2, sizes_at = 3;
  const bool has_sizes = !legacy && ctx.has_input(sizes_at) && NumElements(ctx.input(sizes_at).dims) > 0;
  const size_t at = has_sizes ? sizes_at : scales_at;
  if (!ctx.has_input(at) || ctx.input(at).data == nullptr) return Decline("scales or sizes not constant");
  std::vector<int64_t> axes = {0, 1, 2, 3};
  if (const Attribute* a = ctx.attrs().Find("axes")) {
    if (a->type != AttrType::kInts) return Decline("axes");
    axes = a->ints;
  }
  const ValueInfo& v = ctx.input(at);
  if (v.dims.size() != 1 || v.dims[0] != static_cast<int64_t>(axes.size())) return Decline("scales or sizes shape");
  if (has_sizes && v.dtype != DType::kInt64) return Decline("sizes dtype");
  if (!has_sizes && v.dtype != DType::kFloat32) return Decline("scales dtype");
  Dims out = x;
  for (size_t i = 0; i < axes.size(); ++i) {
    const int64_t axis = axes[i] < 0 ? axes[i] + 4 : axes[i];
    if (axis < 0 || axis > 3) return Decline("axis ", axes[i]);
    if (has_sizes) {
      out[axis] = static_cast<const int64_t*>(v.data)[i];
      continue;
    }
    const double scale = static_cast<const float*>(v.data)[i];
    const double exact = scale * static_cast<double>(x[axis]);
    out[axis] = static_cast<int64_t>(std::floor(exact));
    if (std::abs(exact - static_cast<double>(out[axis])) > 1e-6 * exact) {
      return Decline("scale ", scale, " does not give a whole extent for ", x[axis]);
    }
  }
  if (out[0] != x[0] || out[3] != x[3]) return Decline("resizing N or C");
  if (out[1] < 1 || out[2] < 1) return Decline("empty output");
  return out;
}

Result<uint32_t> CoordinateFlags(const PrepareContext& ctx, const Dims& out) {
  if (ctx.node().opset < 11) return XNN_FLAG_TENSORFLOW_LEGACY_MODE;
  ASSIGN_OR_RETURN(const std::string mode, StringAttr(ctx, "coordinate_transformation_mode", "half_pixel"));
  const bool above_one = out[1] > 1 && out[2] > 1;
  if (mode == "half_pixel" || (mode == "pytorch_half_pixel" && above_one)) return 0u;
  if (mode == "align_corners" && above_one) return XNN_FLAG_ALIGN_CORNERS;
  if (mode == "asymmetric") return XNN_FLAG_TENSORFLOW_LEGACY_MODE;
  return Decline("coordinate_transformation_mode '", mode, "' for output ", DimsToString(out));
}

}  // namespace

Status NhwcResizePrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(XnnPrepare(ctx, 2, 4));
  RETURN_IF_ERROR(
      OnlyAttrs(ctx, {"antialias", "axes", "coordinate_transformation_mode", "cubic_coeff_a", "exclude_outside",
                      "extrapolation_value", "keep_aspect_ratio_policy", "mode", "nearest_mode"}));
  ASSIGN_OR_RETURN(const std::string mode, StringAttr(ctx, "mode", "nearest"));
  if (mode != "linear") return Decline("mode '", mode, "'");
  ASSIGN_OR_RETURN(const int64_t antialias, IntAttr(ctx, "antialias", 0));
  ASSIGN_OR_RETURN(const int64_t exclude_outside, IntAttr(ctx, "exclude_outside", 0));
  ASSIGN_OR_RETURN(const std::string policy, StringAttr(ctx, "keep_aspect_ratio_policy", "stretch"));
  if (antialias != 0 || exclude_outside != 0 || policy != "stretch") {
    return Decline("antialias, exclude_outside or keep_aspect_ratio_policy");
  }
  const Dims& x = ctx.input(0).dims;
  if (x.size() != 4) return Decline("input '", ctx.input(0).name, "' is not 4-D NHWC (got ", DimsToString(x), ")");
  ASSIGN_OR_RETURN(const Dims out, OutputDims(ctx, x));
  ASSIGN_OR_RETURN(const uint32_t flags, CoordinateFlags(ctx, out));
  ResizeState* s = ctx.EmplaceState<ResizeState>();
  s->batch = static_cast<size_t>(x[0]);
  s->height = static_cast<size_t>(x[1]);
  s->width = static_cast<size_t>(x[2]);
  s->out_height = static_cast<size_t>(out[1]);
  s->out_width = static_cast<size_t>(out[2]);
  const size_t channels = static_cast<size_t>(x[3]);
  RETURN_IF_ERROR(XnnStatus(xnn_create_resize_bilinear2d_nhwc_f32(channels, channels, channels, flags, s->op.out()),
                            "xnn_create_resize_bilinear2d_nhwc_f32"));
  ctx.SetOutput(0, DType::kFloat32, out);
  return Status::Ok();
}

Status NhwcResizeRun(const RunContext& ctx) {
  const ResizeState& s = ctx.state<ResizeState>();
  const float* x = ctx.input(0).data_as<const float>();
  float* y = ctx.output(0).data_as<float>();
  return SetupAndRun(ctx, s, "xnn_setup_resize_bilinear2d_nhwc_f32", [&](xnn_operator_t op, pthreadpool_t pool) {
    return xnn_setup_resize_bilinear2d_nhwc_f32(op, s.batch, s.height, s.width, s.out_height, s.out_width, x, y, pool);
  });
}

}  // namespace onyx::kernels::xnnpack
