// RoiAlign (Mask R-CNN): for ROI r of rois [R, 4] ([x1, y1, x2, y2]) on
// image batch_indices[r] of X [N, C, H, W], each of the output_height x
// output_width bins is sampled on a grid of sampling_ratio^2 points (or
// ceil(bin size) per dim when sampling_ratio is 0), each point bilinearly
// interpolated, and the samples averaged ('avg') or maxed ('max'). Y is
// [R, C, output_height, output_width].
//
// Details follow ONNX's reference (and ONNX Runtime) exactly: half_pixel
// (the default from opset 16; opset 10 behaves as output_half_pixel) shifts
// ROI corners by -0.5 and does not force ROIs to at least 1x1; points more
// than one pixel outside the image contribute 0; 'max' takes the largest of
// the four weighted corner values, not of the interpolated value.
// Coordinates are computed in the data's precision (float for 16-bit types).

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/internal/spatial_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct RoiAlignParams {
  int64_t batch = 0, channels = 0, height = 0, width = 0;
  int64_t rois = 0, out_h = 1, out_w = 1, sampling_ratio = 0;
  float spatial_scale = 1;
  bool max_mode = false;
  bool half_pixel = false;
};

Status ReadAttributes(const Attributes& attrs, int opset, RoiAlignParams& p) {
  RETURN_IF_ERROR(RejectAttrBefore(attrs, "coordinate_transformation_mode", opset, 16));
  ASSIGN_OR_RETURN(std::string mode, StringAttr(attrs, "mode", "avg"));
  RETURN_ERROR_IF(mode != "avg" && mode != "max", StatusCode::kInvalidModel,
                  "attribute 'mode' (expected 'avg' or 'max', got '", mode, "')");
  p.max_mode = mode == "max";
  ASSIGN_OR_RETURN(std::string ctm,
                   StringAttr(attrs, "coordinate_transformation_mode", "half_pixel"));
  RETURN_ERROR_IF(ctm != "half_pixel" && ctm != "output_half_pixel", StatusCode::kInvalidModel,
                  "attribute 'coordinate_transformation_mode' (expected 'half_pixel' or ",
                  "'output_half_pixel', got '", ctm, "')");
  p.half_pixel = opset >= 16 && ctm == "half_pixel";
  ASSIGN_OR_RETURN(p.out_h, IntAttr(attrs, "output_height", 1));
  ASSIGN_OR_RETURN(p.out_w, IntAttr(attrs, "output_width", 1));
  RETURN_ERROR_IF(p.out_h < 1 || p.out_w < 1, StatusCode::kInvalidModel,
                  "attributes 'output_height' and 'output_width' (expected >= 1, got ", p.out_h,
                  " and ", p.out_w, ")");
  ASSIGN_OR_RETURN(p.sampling_ratio, IntAttr(attrs, "sampling_ratio", 0));
  RETURN_ERROR_IF(p.sampling_ratio < 0, StatusCode::kInvalidModel,
                  "attribute 'sampling_ratio' (expected >= 0, got ", p.sampling_ratio, ")");
  ASSIGN_OR_RETURN(p.spatial_scale, FloatAttr(attrs, "spatial_scale", 1.0f));
  return Status::Ok();
}

// The four corners and weights of one sample point; weights 0 outside.
template <typename Acc>
struct Sample {
  int64_t pos[4] = {0, 0, 0, 0};
  Acc w[4] = {0, 0, 0, 0};
};

template <typename Acc>
Sample<Acc> Bilinear(Acc y, Acc x, int64_t height, int64_t width) {
  Sample<Acc> s;
  if (y < Acc(-1) || y > Acc(height) || x < Acc(-1) || x > Acc(width)) return s;
  y = std::max(y, Acc(0));
  x = std::max(x, Acc(0));
  int64_t y_low = static_cast<int64_t>(y), x_low = static_cast<int64_t>(x), y_high, x_high;
  if (y_low >= height - 1) {
    y_high = y_low = height - 1;
    y = static_cast<Acc>(y_low);
  } else {
    y_high = y_low + 1;
  }
  if (x_low >= width - 1) {
    x_high = x_low = width - 1;
    x = static_cast<Acc>(x_low);
  } else {
    x_high = x_low + 1;
  }
  const Acc ly = y - static_cast<Acc>(y_low), lx = x - static_cast<Acc>(x_low);
  const Acc hy = Acc(1) - ly, hx = Acc(1) - lx;
  s.pos[0] = y_low * width + x_low;
  s.pos[1] = y_low * width + x_high;
  s.pos[2] = y_high * width + x_low;
  s.pos[3] = y_high * width + x_high;
  s.w[0] = hy * hx;
  s.w[1] = hy * lx;
  s.w[2] = ly * hx;
  s.w[3] = ly * lx;
  return s;
}

// The geometry of one ROI.
template <typename Acc>
struct RoiGeometry {
  Acc start_h, start_w, bin_h, bin_w;
  int64_t grid_h, grid_w, count;
};

template <typename T, typename Acc = ComputeType<T>>
RoiGeometry<Acc> Geometry(const RoiAlignParams& p, const T* roi) {
  const Acc offset = p.half_pixel ? Acc(0.5) : Acc(0);
  const Acc scale = static_cast<Acc>(p.spatial_scale);
  RoiGeometry<Acc> g;
  g.start_w = static_cast<Acc>(roi[0]) * scale - offset;
  g.start_h = static_cast<Acc>(roi[1]) * scale - offset;
  Acc roi_w = static_cast<Acc>(roi[2]) * scale - offset - g.start_w;
  Acc roi_h = static_cast<Acc>(roi[3]) * scale - offset - g.start_h;
  if (!p.half_pixel) {
    roi_w = std::max(roi_w, Acc(1));
    roi_h = std::max(roi_h, Acc(1));
  }
  g.bin_h = roi_h / static_cast<Acc>(p.out_h);
  g.bin_w = roi_w / static_cast<Acc>(p.out_w);
  g.grid_h = p.sampling_ratio > 0 ? p.sampling_ratio : static_cast<int64_t>(std::ceil(g.bin_h));
  g.grid_w = p.sampling_ratio > 0 ? p.sampling_ratio : static_cast<int64_t>(std::ceil(g.bin_w));
  g.count = std::max<int64_t>(g.grid_h * g.grid_w, 1);
  return g;
}

template <typename T>
ComputeType<T> PoolBin(const RoiAlignParams& p, const RoiGeometry<ComputeType<T>>& g, const T* xc,
                       int64_t ph, int64_t pw) {
  using Acc = ComputeType<T>;
  Acc out = Acc(0);
  bool first = true;
  for (int64_t iy = 0; iy < g.grid_h; ++iy) {
    const Acc y = g.start_h + static_cast<Acc>(ph) * g.bin_h +
                  static_cast<Acc>(iy + 0.5) * g.bin_h / static_cast<Acc>(g.grid_h);
    for (int64_t ix = 0; ix < g.grid_w; ++ix) {
      const Acc x = g.start_w + static_cast<Acc>(pw) * g.bin_w +
                    static_cast<Acc>(ix + 0.5) * g.bin_w / static_cast<Acc>(g.grid_w);
      const Sample<Acc> s = Bilinear(y, x, p.height, p.width);
      Acc v[4];
      for (int k = 0; k < 4; ++k) v[k] = s.w[k] * static_cast<Acc>(xc[s.pos[k]]);
      if (!p.max_mode) {
        out += v[0] + v[1] + v[2] + v[3];
        continue;
      }
      const Acc m = std::max(std::max(v[0], v[1]), std::max(v[2], v[3]));
      out = first ? m : std::max(out, m);
      first = false;
    }
  }
  return p.max_mode ? out : out / static_cast<Acc>(g.count);
}

template <typename T>
Status RunRoiAlign(const RunContext& ctx, const RoiAlignParams& p) {
  const T* x = ctx.input(0).data_as<const T>();
  const T* rois = ctx.input(1).data_as<const T>();
  const int64_t* batch_indices = ctx.input(2).data_as<const int64_t>();
  T* y = ctx.output(0).data_as<T>();
  const int64_t plane = p.height * p.width;
  for (int64_t r = 0; r < p.rois; ++r) {
    const int64_t b = batch_indices[r];
    RETURN_ERROR_IF(b < 0 || b >= p.batch, StatusCode::kInvalidArgument,
                    "input 2 (batch_indices) value ", b, " of ROI ", r, " (expected in [0, ",
                    p.batch, "))");
    const auto g = Geometry<T>(p, rois + r * 4);
    for (int64_t c = 0; c < p.channels; ++c) {
      const T* xc = x + (b * p.channels + c) * plane;
      T* yc = y + (r * p.channels + c) * p.out_h * p.out_w;
      for (int64_t ph = 0; ph < p.out_h; ++ph) {
        for (int64_t pw = 0; pw < p.out_w; ++pw) {
          yc[ph * p.out_w + pw] = static_cast<T>(PoolBin(p, g, xc, ph, pw));
        }
      }
    }
  }
  return Status::Ok();
}

}  // namespace

Status RoiAlignPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(3, 3));
  RETURN_IF_ERROR(ExpectSpatialFloat(ctx, 0));
  RETURN_IF_ERROR(ExpectSameDType(ctx, 1, 0));
  RETURN_IF_ERROR(ExpectDType(ctx, 2, DTypeBit(DType::kInt64)));
  const ValueInfo& x = ctx.input(0);
  RETURN_ERROR_IF(x.dims.size() != 4, StatusCode::kInvalidArgument, "input '", x.name,
                  "' rank (expected 4: [N, C, H, W], got ", DimsToString(x.dims), ")");
  const ValueInfo& rois = ctx.input(1);
  RETURN_ERROR_IF(rois.dims.size() != 2 || rois.dims[1] != 4, StatusCode::kInvalidArgument,
                  "input '", rois.name, "' shape (expected [num_rois, 4], got ",
                  DimsToString(rois.dims), ")");
  RETURN_IF_ERROR(ExpectDims(ctx, 2, {rois.dims[0]}, "one batch index per ROI"));
  RoiAlignParams p;
  RETURN_IF_ERROR(ReadAttributes(ctx.attrs(), ctx.node().opset, p));
  p.batch = x.dims[0];
  p.channels = x.dims[1];
  p.height = x.dims[2];
  p.width = x.dims[3];
  p.rois = rois.dims[0];
  RETURN_ERROR_IF(p.rois > 0 && p.height * p.width == 0, StatusCode::kInvalidArgument, "input '",
                  x.name, "' spatial dims (expected non-empty with ROIs, got ",
                  DimsToString(x.dims), ")");
  ctx.SetOutput(0, x.dtype, {p.rois, p.channels, p.out_h, p.out_w});
  ctx.EmplaceState<RoiAlignParams>(p);
  return Status::Ok();
}

Status RoiAlignRun(const RunContext& ctx) {
  const auto& p = ctx.state<RoiAlignParams>();
  return DispatchFloatOrHalf(ctx.input(0).dtype,
                             [&](auto tag) { return RunRoiAlign<decltype(tag)>(ctx, p); });
}

}  // namespace onyx::kernels::ref
