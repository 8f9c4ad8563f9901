// Upsample: Resize's predecessor; every dim grows by a scale >= 1 to
// floor(in * scale), with nearest (floor of x / scale) or N-linear
// interpolation at x / scale (asymmetric coordinates, edges clamped), as ONNX
// Runtime implements it. Opset history: 1 (4-D only; height_scale and
// width_scale attributes; modes nearest and bilinear); 7 the 'scales'
// attribute over every dim and mode linear; 9 scales became an input, which
// Prepare needs the value of; 10 deprecated the op (it runs as 9). The plan
// and Run are Resize's (internal/resize_util.h, ResizeRun).

#include <string>
#include <utility>
#include <vector>

#include "kernels/ref/internal/copy.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/internal/resize_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

// The scales of every dim.
Result<std::vector<double>> ReadScales(const PrepareContext& ctx, int opset) {
  const Attributes& attrs = ctx.attrs();
  const size_t rank = ctx.input(0).dims.size();
  if (opset < 7) {
    RETURN_ERROR_IF(rank != 4, StatusCode::kInvalidArgument, "input '", ctx.input(0).name,
                    "' rank at opset ", opset, " (expected 4: [N, C, H, W], got ",
                    DimsToString(ctx.input(0).dims), ")");
    RETURN_ERROR_IF(!attrs.Has("height_scale") || !attrs.Has("width_scale"),
                    StatusCode::kInvalidModel,
                    "attributes 'height_scale' and 'width_scale' are required at opset ", opset,
                    " (expected both, got ", attrs.Has("height_scale") ? "" : "no ",
                    "height_scale and ", attrs.Has("width_scale") ? "" : "no ", "width_scale)");
    ASSIGN_OR_RETURN(float h, FloatAttr(attrs, "height_scale", 1.0f));
    ASSIGN_OR_RETURN(float w, FloatAttr(attrs, "width_scale", 1.0f));
    return std::vector<double>{1.0, 1.0, h, w};
  }
  if (opset < 9) {
    const Attribute* a = attrs.Find("scales");
    RETURN_ERROR_IF(a == nullptr, StatusCode::kInvalidModel,
                    "attribute 'scales' is required at opset ", opset, " (expected ", rank,
                    " values, got none)");
    RETURN_IF_ERROR(CheckAttrType(*a, AttrType::kFloats));
    return std::vector<double>(a->floats.begin(), a->floats.end());
  }
  RETURN_IF_ERROR(ctx.ExpectInputCount(2, 2));
  return KnownFloatInput(ctx, 1, "scales");
}

}  // namespace

Status UpsamplePrepare(PrepareContext& ctx) {
  const int opset = ctx.node().opset;
  if (opset < 9) RETURN_IF_ERROR(ctx.ExpectInputCount(1, 1));
  const Attributes& attrs = ctx.attrs();
  ResizeOptions o;
  o.coord = CoordMode::kAsymmetric;
  o.nearest = NearestMode::kSimple;
  ASSIGN_OR_RETURN(std::string mode, StringAttr(attrs, "mode", "nearest"));
  const char* linear = opset < 7 ? "bilinear" : "linear";
  RETURN_ERROR_IF(mode != "nearest" && mode != linear, StatusCode::kInvalidModel,
                  "attribute 'mode' at opset ", opset, " (expected nearest or ", linear, ", got '",
                  mode, "')");
  o.mode = mode == "nearest" ? ResizeMode::kNearest : ResizeMode::kLinear;
  ASSIGN_OR_RETURN(std::vector<double> scales, ReadScales(ctx, opset));
  const Dims& in = ctx.input(0).dims;
  RETURN_ERROR_IF(scales.size() != in.size(), StatusCode::kInvalidArgument,
                  "scales length (expected ", in.size(), ", the rank of input '", ctx.input(0).name,
                  "', got ", scales.size(), ")");
  std::vector<AxisRequest> req;
  for (size_t d = 0; d < in.size(); ++d) {
    RETURN_ERROR_IF(!(scales[d] >= 1), StatusCode::kInvalidArgument,
                    "scales values (expected >= 1, got ", scales[d], " for dim ", d, ")");
    const auto out = static_cast<int64_t>(scales[d] * static_cast<double>(in[d]));
    req.push_back(AxisRequest{static_cast<int>(d), scales[d], out});
  }
  ASSIGN_OR_RETURN(ResizePlan plan, BuildResizePlan(o, in, req));
  return FinishResizePrepare(ctx, std::move(plan));
}

Status UpsampleRun(const RunContext& ctx) { return ResizeRun(ctx); }

}  // namespace onyx::kernels::ref
