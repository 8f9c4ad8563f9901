// Resize: resamples X to new dims with nearest, N-linear or N-cubic
// interpolation (internal/resize_util.h builds the plan; this file reads
// the node and runs it). Opset history: 10 (X, scales; asymmetric
// coordinates, nearest rounding as Upsample); 11 roi and sizes, the
// coordinate_transformation_mode, nearest_mode, cubic_coeff_a,
// exclude_outside and extrapolation_value attributes; 13 optional roi and
// scales, bfloat16, no tf_half_pixel_for_nn; 18 antialias, axes and
// keep_aspect_ratio_policy; 19 half_pixel_symmetric.
//
// Scales give floor(scale * in) and are used as given in the coordinate
// formulas; sizes give the scale size / in (or, with not_larger /
// not_smaller, one scale for all axes and round(scale * in)). As in ONNX's
// reference and shape inference, roi does not change the output shape.
// scales, sizes and (for tf_crop_and_resize) roi must be known at Prepare.

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "kernels/ref/internal/copy.h"
#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/internal/resize_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

// Elements before and after `axis` in `dims`.
void OuterInner(const Dims& dims, int axis, int64_t* outer, int64_t* inner) {
  *outer = 1;
  *inner = 1;
  for (int d = 0; d < axis; ++d) *outer *= dims[d];
  for (size_t d = axis + 1; d < dims.size(); ++d) *inner *= dims[d];
}

// One linear/cubic pass along `a` from x (shape `dims`) into y; updates dims.
void ResizePass(const ResizeAxis& a, double extrapolation, Dims& dims, const double* x, double* y) {
  int64_t outer, inner;
  OuterInner(dims, a.axis, &outer, &inner);
  for (int64_t b = 0; b < outer; ++b) {
    const double* xb = x + b * a.in * inner;
    for (int64_t o = 0; o < a.out; ++o) {
      double* yo = y + (b * a.out + o) * inner;
      if (a.special[o] != kTaps) {
        const double v = a.special[o] == kZero ? 0.0 : extrapolation;
        for (int64_t i = 0; i < inner; ++i) yo[i] = v;
        continue;
      }
      for (int64_t i = 0; i < inner; ++i) yo[i] = 0;
      for (int j = 0; j < a.taps; ++j) {
        const double w = a.weight[o * a.taps + j];
        const double* xs = xb + a.index[o * a.taps + j] * inner;
        for (int64_t i = 0; i < inner; ++i) yo[i] += w * xs[i];
      }
    }
  }
  dims[a.axis] = a.out;
}

template <typename T>
Status RunInterpolating(const RunContext& ctx, const ResizePlan& p) {
  const T* x = ctx.input(0).data_as<const T>();
  T* y = ctx.output(0).data_as<T>();
  double* a = static_cast<double*>(ctx.scratch);
  double* b = a + p.max_elements;
  const int64_t n_in = NumElements(p.in_dims);
  for (int64_t i = 0; i < n_in; ++i) a[i] = static_cast<double>(x[i]);
  Dims dims = p.in_dims;
  for (const ResizeAxis& axis : p.axes) {
    ResizePass(axis, p.options.extrapolation, dims, a, b);
    std::swap(a, b);
  }
  const int64_t n_out = NumElements(p.out_dims);
  for (int64_t i = 0; i < n_out; ++i) y[i] = FromDouble<T>(a[i]);
  return Status::Ok();
}

// Nearest: every output element copies one input element, or is 0 or the
// extrapolation value when the last axis (in pass order) that says so does.
template <typename E>
void GatherNearest(const RunContext& ctx, const ResizePlan& p, E zero, E extrapolation) {
  const E* x = ctx.input(0).data_as<const E>();
  E* y = ctx.output(0).data_as<E>();
  const size_t rank = p.out_dims.size();
  const int64_t n_out = NumElements(p.out_dims);
  for (int64_t flat = 0; flat < n_out; ++flat) {
    int64_t rem = flat, offset = 0, stride = 1;
    for (size_t d = rank; d-- > 0;) {
      int64_t i = rem % p.out_dims[d];
      rem /= p.out_dims[d];
      for (const ResizeAxis& a : p.axes) {
        if (a.axis != static_cast<int>(d)) continue;
        const double* w = &a.weight[i * a.taps];
        i = a.index[i * a.taps + (w[0] == 1 ? 0 : 1)];
      }
      offset += i * stride;
      stride *= p.in_dims[d];
    }
    uint8_t special = kTaps;
    for (const ResizeAxis& a : p.axes) {
      int64_t i = flat;
      for (size_t d = rank; d-- > static_cast<size_t>(a.axis) + 1;) i /= p.out_dims[d];
      i %= p.out_dims[a.axis];
      if (a.special[i] != kTaps) special = a.special[i];
    }
    y[flat] = special == kTaps ? x[offset] : special == kZero ? zero : extrapolation;
  }
}

Result<CoordMode> ReadCoordMode(const Attributes& attrs, int opset) {
  ASSIGN_OR_RETURN(std::string s,
                   StringAttr(attrs, "coordinate_transformation_mode", "half_pixel"));
  if (s == "half_pixel") return CoordMode::kHalfPixel;
  if (s == "pytorch_half_pixel") return CoordMode::kPytorchHalfPixel;
  if (s == "align_corners") return CoordMode::kAlignCorners;
  if (s == "asymmetric") return CoordMode::kAsymmetric;
  if (s == "tf_crop_and_resize") return CoordMode::kTfCropAndResize;
  if (s == "tf_half_pixel_for_nn" && opset < 13) return CoordMode::kTfHalfPixelForNn;
  if (s == "half_pixel_symmetric" && opset >= 19) return CoordMode::kHalfPixelSymmetric;
  return MakeError(StatusCode::kInvalidModel,
                   "attribute 'coordinate_transformation_mode' at opset ", opset,
                   " (expected half_pixel, pytorch_half_pixel, align_corners, asymmetric",
                   opset < 13 ? ", tf_half_pixel_for_nn" : "", ", tf_crop_and_resize",
                   opset >= 19 ? ", half_pixel_symmetric" : "", "; got '", s, "')");
}

Result<NearestMode> ReadNearestMode(const Attributes& attrs) {
  ASSIGN_OR_RETURN(std::string s, StringAttr(attrs, "nearest_mode", "round_prefer_floor"));
  if (s == "round_prefer_floor") return NearestMode::kRoundPreferFloor;
  if (s == "round_prefer_ceil") return NearestMode::kRoundPreferCeil;
  if (s == "floor") return NearestMode::kFloor;
  if (s == "ceil") return NearestMode::kCeil;
  return MakeError(StatusCode::kInvalidModel,
                   "attribute 'nearest_mode' (expected round_prefer_floor, round_prefer_ceil, "
                   "floor or ceil, got '",
                   s, "')");
}

Status ReadOptions(const Attributes& attrs, int opset, ResizeOptions& o) {
  for (const char* name : {"coordinate_transformation_mode", "nearest_mode", "cubic_coeff_a",
                           "exclude_outside", "extrapolation_value"}) {
    RETURN_IF_ERROR(RejectAttrBefore(attrs, name, opset, 11));
  }
  for (const char* name : {"antialias", "axes", "keep_aspect_ratio_policy"}) {
    RETURN_IF_ERROR(RejectAttrBefore(attrs, name, opset, 18));
  }
  ASSIGN_OR_RETURN(std::string mode, StringAttr(attrs, "mode", "nearest"));
  if (mode == "nearest") {
    o.mode = ResizeMode::kNearest;
  } else if (mode == "linear") {
    o.mode = ResizeMode::kLinear;
  } else if (mode == "cubic" && opset >= 11) {
    o.mode = ResizeMode::kCubic;
  } else {
    return MakeError(StatusCode::kInvalidModel, "attribute 'mode' at opset ", opset,
                     opset >= 11 ? " (expected nearest, linear or cubic, got '"
                                 : " (expected nearest or linear, got '",
                     mode, "')");
  }
  if (opset < 11) {
    o.coord = CoordMode::kAsymmetric;
    o.nearest = NearestMode::kSimple;
    return Status::Ok();
  }
  ASSIGN_OR_RETURN(o.coord, ReadCoordMode(attrs, opset));
  ASSIGN_OR_RETURN(o.nearest, ReadNearestMode(attrs));
  ASSIGN_OR_RETURN(float a, FloatAttr(attrs, "cubic_coeff_a", -0.75f));
  ASSIGN_OR_RETURN(float e, FloatAttr(attrs, "extrapolation_value", 0.0f));
  o.cubic_a = a;
  o.extrapolation = e;
  ASSIGN_OR_RETURN(o.exclude_outside, BoolAttr(attrs, "exclude_outside", false));
  ASSIGN_OR_RETURN(o.antialias, BoolAttr(attrs, "antialias", false));
  RETURN_ERROR_IF(o.antialias && o.mode == ResizeMode::kNearest, StatusCode::kInvalidModel,
                  "attribute 'antialias' with mode nearest (expected 0, got 1)");
  return Status::Ok();
}

// The axes that roi, scales and sizes refer to.
Result<std::vector<int64_t>> ReadAxes(const Attributes& attrs, int64_t rank) {
  ASSIGN_OR_RETURN(std::vector<int64_t> axes, IntsAttr(attrs, "axes"));
  if (!attrs.Has("axes")) {
    for (int64_t d = 0; d < rank; ++d) axes.push_back(d);
    return axes;
  }
  RETURN_IF_ERROR(NormalizeAxes(axes, rank, true, StatusCode::kInvalidModel, "attribute 'axes'"));
  std::vector<int64_t> sorted = axes;
  std::sort(sorted.begin(), sorted.end());
  RETURN_ERROR_IF(std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end(),
                  StatusCode::kInvalidModel, "attribute 'axes' (expected distinct axes, got ",
                  IntsToString(axes), ")");
  return axes;
}

// Scale and output extent per axis from sizes, with keep_aspect_ratio_policy.
Status FromSizes(const Attributes& attrs, const Dims& in, const std::vector<int64_t>& sizes,
                 std::vector<AxisRequest>& req) {
  ASSIGN_OR_RETURN(std::string policy, StringAttr(attrs, "keep_aspect_ratio_policy", "stretch"));
  RETURN_ERROR_IF(policy != "stretch" && policy != "not_larger" && policy != "not_smaller",
                  StatusCode::kInvalidModel,
                  "attribute 'keep_aspect_ratio_policy' (expected stretch, not_larger or "
                  "not_smaller, got '",
                  policy, "')");
  for (size_t i = 0; i < req.size(); ++i) {
    RETURN_ERROR_IF(sizes[i] < 0, StatusCode::kInvalidArgument,
                    "input 3 (sizes) values (expected >= 0, got ", IntsToString(sizes), ")");
    req[i].out = sizes[i];
    req[i].scale = static_cast<double>(sizes[i]) / static_cast<double>(in[req[i].axis]);
  }
  if (policy == "stretch" || req.empty()) return Status::Ok();
  double scale = req[0].scale;
  for (const AxisRequest& r : req) {
    scale = policy == "not_larger" ? std::min(scale, r.scale) : std::max(scale, r.scale);
  }
  for (AxisRequest& r : req) {
    r.scale = scale;
    r.out = static_cast<int64_t>(scale * static_cast<double>(in[r.axis]) + 0.5);
  }
  return Status::Ok();
}

// Per-axis requests from scales or sizes (exactly one non-empty) and roi.
Status ReadRequests(const PrepareContext& ctx, const ResizeOptions& o,
                    std::vector<AxisRequest>& req) {
  const int opset = ctx.node().opset;
  const Dims& in = ctx.input(0).dims;
  const size_t scales_at = opset < 11 ? 1 : 2;
  std::vector<double> scales;
  std::vector<int64_t> sizes;
  if (ctx.has_input(scales_at)) {
    ASSIGN_OR_RETURN(scales, KnownFloatInput(ctx, scales_at, "scales"));
  }
  if (opset >= 11 && ctx.has_input(3)) {
    ASSIGN_OR_RETURN(sizes, KnownInt64Input(ctx, 3, "sizes"));
  }
  RETURN_ERROR_IF(scales.empty() == sizes.empty(), StatusCode::kInvalidArgument,
                  "inputs scales and sizes (expected exactly one of them non-empty, got ",
                  scales.size(), " scales and ", sizes.size(), " sizes)");
  const size_t n = req.size();
  RETURN_ERROR_IF(std::max(scales.size(), sizes.size()) != n, StatusCode::kInvalidArgument,
                  scales.empty() ? "input 3 (sizes)" : "input scales", " length (expected ", n,
                  ", one per resized axis, got ", std::max(scales.size(), sizes.size()), ")");
  if (!sizes.empty()) RETURN_IF_ERROR(FromSizes(ctx.attrs(), in, sizes, req));
  for (size_t i = 0; i < scales.size(); ++i) {
    RETURN_ERROR_IF(!(scales[i] > 0), StatusCode::kInvalidArgument,
                    "input scales values (expected > 0, got ", scales[i], " at ", i, ")");
    req[i].scale = scales[i];
    req[i].out = static_cast<int64_t>(std::floor(scales[i] * static_cast<double>(in[req[i].axis])));
  }
  if (o.coord != CoordMode::kTfCropAndResize) return Status::Ok();
  std::vector<double> roi;
  if (ctx.has_input(1)) {
    ASSIGN_OR_RETURN(roi, KnownFloatInput(ctx, 1, "roi"));
  }
  RETURN_ERROR_IF(roi.size() != 2 * n, StatusCode::kInvalidArgument,
                  "input 1 (roi) length with tf_crop_and_resize (expected ", 2 * n,
                  ": starts then ends of the resized axes, got ", roi.size(), ")");
  for (size_t i = 0; i < n; ++i) {
    req[i].roi_start = roi[i];
    req[i].roi_end = roi[n + i];
  }
  return Status::Ok();
}

}  // namespace

Status ResizePrepare(PrepareContext& ctx) {
  const int opset = ctx.node().opset;
  RETURN_IF_ERROR(opset < 11 ? ctx.ExpectInputCount(2, 2)
                             : ctx.ExpectInputCount(opset < 13 ? 3 : 1, 4));
  ResizeOptions o;
  RETURN_IF_ERROR(ReadOptions(ctx.attrs(), opset, o));
  const Dims& in = ctx.input(0).dims;
  ASSIGN_OR_RETURN(std::vector<int64_t> axes,
                   ReadAxes(ctx.attrs(), static_cast<int64_t>(in.size())));
  std::vector<AxisRequest> req;
  for (int64_t a : axes) req.push_back(AxisRequest{static_cast<int>(a), 1.0, in[a]});
  RETURN_IF_ERROR(ReadRequests(ctx, o, req));
  ASSIGN_OR_RETURN(ResizePlan plan, BuildResizePlan(o, in, req));
  return FinishResizePrepare(ctx, std::move(plan));
}

Status ResizeRun(const RunContext& ctx) {
  const auto& p = ctx.state<ResizePlan>();
  const TensorView& x = ctx.input(0);
  if (p.options.mode != ResizeMode::kNearest) {
    return DispatchNumericOrHalf(x.dtype,
                                 [&](auto tag) { return RunInterpolating<decltype(tag)>(ctx, p); });
  }
  return DispatchElementSize(DTypeSize(x.dtype), [&](auto tag) {
    using E = decltype(tag);
    E zero, extrapolation;
    std::memset(static_cast<void*>(&zero), 0, sizeof(E));
    std::memcpy(static_cast<void*>(&extrapolation), p.extrapolation_bytes, sizeof(E));
    GatherNearest<E>(ctx, p, zero, extrapolation);
    return Status::Ok();
  });
}

}  // namespace onyx::kernels::ref
