// MaxRoiPool (Fast R-CNN's ROI pooling): for each ROI [batch_id, x1, y1, x2,
// y2] of rois [R, 5], the [C, H, W] image batch_id of X is cropped to the
// ROI, scaled by spatial_scale and rounded to whole pixels, split into
// pooled_shape [ph, pw] bins, and each bin's maximum taken; an empty bin
// gives 0. Y is [R, C, ph, pw]. This is Caffe's and ONNX Runtime's
// algorithm: corners round half away from zero, the ROI spans at least one
// pixel, bin p covers [floor(p * size / ph), ceil((p + 1) * size / ph)),
// clipped to the image. Opset 22 adds bfloat16.

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/pool_util.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/internal/spatial_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct MaxRoiPoolParams {
  int64_t batch = 0, channels = 0, height = 0, width = 0;
  int64_t rois = 0, pooled_h = 0, pooled_w = 0;
  float spatial_scale = 1;
};

// [start, end) of bin `p` of `bins` over a ROI starting at `roi_start` of
// `size` pixels, clipped to [0, limit).
void BinRange(int64_t p, int64_t bins, int64_t roi_start, int64_t size, int64_t limit,
              int64_t* start, int64_t* end) {
  // In float, as ONNX Runtime computes it, so that bin edges agree.
  const float bin = static_cast<float>(size) / static_cast<float>(bins);
  *start = static_cast<int64_t>(std::floor(static_cast<float>(p) * bin)) + roi_start;
  *end = static_cast<int64_t>(std::ceil(static_cast<float>(p + 1) * bin)) + roi_start;
  *start = std::min(std::max<int64_t>(*start, 0), limit);
  *end = std::min(std::max<int64_t>(*end, 0), limit);
}

template <typename T>
Status RunMaxRoiPool(const RunContext& ctx, const MaxRoiPoolParams& p) {
  using Acc = ComputeType<T>;
  const T* x = ctx.input(0).data_as<const T>();
  const T* rois = ctx.input(1).data_as<const T>();
  T* y = ctx.output(0).data_as<T>();
  const int64_t plane = p.height * p.width;
  for (int64_t r = 0; r < p.rois; ++r) {
    const T* roi = rois + r * 5;
    const double batch_id = static_cast<double>(roi[0]);
    RETURN_ERROR_IF(!(batch_id >= 0 && batch_id < static_cast<double>(p.batch)),
                    StatusCode::kInvalidArgument, "input 1 (rois) batch_id of ROI ", r,
                    " (expected in [0, ", p.batch, "), got ", batch_id, ")");
    auto corner = [&](int i) {
      return static_cast<int64_t>(std::round(static_cast<float>(roi[i]) * p.spatial_scale));
    };
    const int64_t x1 = corner(1), y1 = corner(2), x2 = corner(3), y2 = corner(4);
    const int64_t roi_h = std::max<int64_t>(y2 - y1 + 1, 1);
    const int64_t roi_w = std::max<int64_t>(x2 - x1 + 1, 1);
    const T* image = x + static_cast<int64_t>(batch_id) * p.channels * plane;
    for (int64_t c = 0; c < p.channels; ++c) {
      const T* xc = image + c * plane;
      T* yc = y + (r * p.channels + c) * p.pooled_h * p.pooled_w;
      for (int64_t ph = 0; ph < p.pooled_h; ++ph) {
        int64_t h0, h1;
        BinRange(ph, p.pooled_h, y1, roi_h, p.height, &h0, &h1);
        for (int64_t pw = 0; pw < p.pooled_w; ++pw) {
          int64_t w0, w1;
          BinRange(pw, p.pooled_w, x1, roi_w, p.width, &w0, &w1);
          Acc best = h1 <= h0 || w1 <= w0 ? Acc(0) : std::numeric_limits<Acc>::lowest();
          for (int64_t h = h0; h < h1; ++h) {
            for (int64_t w = w0; w < w1; ++w)
              best = std::max(best, static_cast<Acc>(xc[h * p.width + w]));
          }
          yc[ph * p.pooled_w + pw] = static_cast<T>(best);
        }
      }
    }
  }
  return Status::Ok();
}

}  // namespace

Status MaxRoiPoolPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(2, 2));
  RETURN_IF_ERROR(ExpectSpatialFloat(ctx, 0));
  RETURN_IF_ERROR(ExpectSameDType(ctx, 1, 0));
  const ValueInfo& x = ctx.input(0);
  RETURN_ERROR_IF(x.dims.size() != 4, StatusCode::kInvalidArgument, "input '", x.name,
                  "' rank (expected 4: [N, C, H, W], got ", DimsToString(x.dims), ")");
  const ValueInfo& rois = ctx.input(1);
  RETURN_ERROR_IF(rois.dims.size() != 2 || rois.dims[1] != 5, StatusCode::kInvalidArgument,
                  "input '", rois.name, "' shape (expected [num_rois, 5], got ",
                  DimsToString(rois.dims), ")");
  RETURN_ERROR_IF(!ctx.attrs().Has("pooled_shape"), StatusCode::kInvalidModel,
                  "attribute 'pooled_shape' is required (expected 2 values, got none)");
  ASSIGN_OR_RETURN(Dims pooled, ReadSpatialInts(ctx.attrs(), "pooled_shape", 2, 1, 1));
  MaxRoiPoolParams p;
  ASSIGN_OR_RETURN(p.spatial_scale, FloatAttr(ctx.attrs(), "spatial_scale", 1.0f));
  p.batch = x.dims[0];
  p.channels = x.dims[1];
  p.height = x.dims[2];
  p.width = x.dims[3];
  p.rois = rois.dims[0];
  p.pooled_h = pooled[0];
  p.pooled_w = pooled[1];
  ctx.SetOutput(0, x.dtype, {p.rois, p.channels, p.pooled_h, p.pooled_w});
  ctx.EmplaceState<MaxRoiPoolParams>(p);
  return Status::Ok();
}

Status MaxRoiPoolRun(const RunContext& ctx) {
  const auto& p = ctx.state<MaxRoiPoolParams>();
  return DispatchFloatOrHalf(ctx.input(0).dtype,
                             [&](auto tag) { return RunMaxRoiPool<decltype(tag)>(ctx, p); });
}

}  // namespace onyx::kernels::ref
