#pragma once

// The resampling plan shared by Resize and Upsample. Prepare builds a
// ResizePlan: for each resized axis, in the order ONNX's reference resizes
// them, the input taps and weights of every output position along it
// (interpolation is separable). ResizeRun (resize.cc; Upsample's Run calls
// it) applies the plan: nearest mode gathers elements exactly, any
// fixed-size type; linear and cubic resize one axis at a time in double
// (scratch holds two ping-pong buffers), then round into the output type
// (integers: half to even, saturated), as ONNX's reference does.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>
#include <vector>

#include "kernels/api/kernel.h"
#include "kernels/ref/internal/copy.h"
#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/internal/spatial_util.h"
#include "runtime/core/status.h"

namespace onyx::kernels::ref {

enum class ResizeMode { kNearest, kLinear, kCubic };
enum class CoordMode {
  kHalfPixel,
  kHalfPixelSymmetric,
  kPytorchHalfPixel,
  kAlignCorners,
  kAsymmetric,
  kTfHalfPixelForNn,
  kTfCropAndResize
};
// kSimple: Upsample and Resize-10 (as ONNX Runtime): floor, or ceil when
// downsampling.
enum class NearestMode { kRoundPreferFloor, kRoundPreferCeil, kFloor, kCeil, kSimple };

struct ResizeOptions {
  ResizeMode mode = ResizeMode::kNearest;
  CoordMode coord = CoordMode::kHalfPixel;
  NearestMode nearest = NearestMode::kRoundPreferFloor;
  double cubic_a = -0.75;
  bool exclude_outside = false;
  bool antialias = false;
  double extrapolation = 0;
};

// What a position reads besides its taps: the taps' sum, a zero (every tap
// excluded) or the extrapolation value (tf_crop_and_resize).
enum : uint8_t { kTaps = 0, kZero = 1, kExtrapolate = 2 };

struct ResizeAxis {
  int axis = 0;
  int64_t in = 0, out = 0;
  int taps = 0;
  std::vector<int64_t> index;    // [out * taps], clamped into [0, in).
  std::vector<double> weight;    // [out * taps].
  std::vector<uint8_t> special;  // [out]: kTaps, kZero or kExtrapolate.
};

struct ResizePlan {
  ResizeOptions options;
  Dims in_dims, out_dims;
  std::vector<ResizeAxis> axes;          // Resized axes in pass order.
  int64_t max_elements = 0;              // Largest intermediate tensor.
  uint8_t extrapolation_bytes[16] = {};  // The extrapolation value as an element (nearest).
};

// Source coordinate of output position x along an axis (ONNX's formulas; the
// output width is the fractional scale * in, as the reference uses it).
inline double SourceCoordinate(const ResizeOptions& o, double x, double scale, int64_t in,
                               int64_t out, double roi_start, double roi_end) {
  const double width = scale * static_cast<double>(in), len = static_cast<double>(in);
  switch (o.coord) {
    case CoordMode::kHalfPixel:
      return (x + 0.5) / scale - 0.5;
    case CoordMode::kHalfPixelSymmetric: {
      const double offset = len / 2 * (1 - static_cast<double>(out) / width);
      return offset + (x + 0.5) / scale - 0.5;
    }
    case CoordMode::kPytorchHalfPixel:
      return out > 1 ? (x + 0.5) / scale - 0.5 : 0.0;
    case CoordMode::kAlignCorners:
      return width == 1 ? 0.0 : x * (len - 1) / (width - 1);
    case CoordMode::kAsymmetric:
      return x / scale;
    case CoordMode::kTfHalfPixelForNn:
      return (x + 0.5) / scale;
    case CoordMode::kTfCropAndResize: {
      const double span = (roi_end - roi_start) * (len - 1);
      return roi_start * (len - 1) + (width == 1 ? span / 2 : x * span / (width - 1));
    }
  }
  return x;
}

// Weights of the taps at floor(x) + first + j for fraction r in (0, 1]
// (1 when x is whole, so that the pixel left of x is preferred).
inline void TapWeights(const ResizeOptions& o, double r, double scale, bool downsample,
                       std::vector<double>& w) {
  w.clear();
  if (o.mode == ResizeMode::kNearest) {
    bool up = true;  // Chooses the second tap.
    if (r != 1) {
      switch (o.nearest) {
        case NearestMode::kRoundPreferFloor:
          up = r > 0.5;
          break;
        case NearestMode::kRoundPreferCeil:
          up = r >= 0.5;
          break;
        case NearestMode::kFloor:
          up = false;
          break;
        case NearestMode::kCeil:
          up = true;
          break;
        case NearestMode::kSimple:
          up = downsample;
          break;
      }
    }
    w = {up ? 0.0 : 1.0, up ? 1.0 : 0.0};
    return;
  }
  const double s = o.antialias ? std::min(scale, 1.0) : 1.0;
  const double a = o.cubic_a;
  auto keys = [a](double t) {
    t = std::abs(t);
    if (t <= 1) return ((a + 2) * t - (a + 3)) * t * t + 1;
    if (t < 2) return ((a * t - 5 * a) * t + 8 * a) * t - 4 * a;
    return 0.0;
  };
  const bool linear = o.mode == ResizeMode::kLinear;
  const int64_t start = static_cast<int64_t>(std::floor((linear ? -1.0 : -2.0) / s)) + 1;
  double sum = 0;
  for (int64_t i = start; i < 2 - start; ++i) {
    const double t = (static_cast<double>(i) - r) * s;
    w.push_back(linear ? std::clamp(1 - std::abs(t), 0.0, 1.0) : keys(t));
    sum += w.back();
  }
  if (o.antialias) {
    for (double& v : w) v /= sum;
  }
}

// The taps of every output position along one axis.
inline ResizeAxis PlanAxis(const ResizeOptions& o, int axis, int64_t in, int64_t out, double scale,
                           double roi_start, double roi_end) {
  ResizeAxis a;
  a.axis = axis;
  a.in = in;
  a.out = out;
  a.special.assign(out, kTaps);
  std::vector<double> w;
  for (int64_t y = 0; y < out; ++y) {
    const double x =
        SourceCoordinate(o, static_cast<double>(y), scale, in, out, roi_start, roi_end);
    const double fl = std::floor(x);
    const double r = x == fl ? 1.0 : x - fl;
    TapWeights(o, r, scale, scale < 1, w);
    const int n = static_cast<int>(w.size());
    a.taps = n;
    const int64_t first = static_cast<int64_t>(fl) - n / 2 + (x == fl ? 0 : 1);
    double sum = 0;
    for (int j = 0; j < n; ++j) {
      const int64_t i = first + j;
      if (o.exclude_outside && (i < 0 || i >= in)) w[j] = 0;
      sum += w[j];
      a.index.push_back(std::clamp<int64_t>(i, 0, in - 1));
    }
    if (o.exclude_outside && sum == 0) a.special[y] = kZero;
    for (int j = 0; j < n; ++j)
      a.weight.push_back(o.exclude_outside && sum != 0 ? w[j] / sum : w[j]);
    if (o.coord == CoordMode::kTfCropAndResize && (x < 0 || x > static_cast<double>(in - 1))) {
      a.special[y] = kExtrapolate;
    }
  }
  return a;
}

// double to T as ONNX's saturate_cast does for integers (round half to even,
// clamp); floating types simply convert.
template <typename T>
T FromDouble(double v) {
  if constexpr (std::is_integral_v<T>) {
    if (std::isnan(v)) return T(0);
    const double r = std::nearbyint(v);
    if (r <= static_cast<double>(std::numeric_limits<T>::lowest()))
      return std::numeric_limits<T>::lowest();
    if (r >= static_cast<double>(std::numeric_limits<T>::max()))
      return std::numeric_limits<T>::max();
    return static_cast<T>(r);
  } else {
    return static_cast<T>(v);
  }
}

// One resized axis as Prepare resolves it.
struct AxisRequest {
  int axis;
  double scale;
  int64_t out;
  double roi_start = 0, roi_end = 1;
};

// The plan for X of `in` dims; axes an identity resize leaves alone are
// skipped, as ONNX's reference skips them.
inline Result<ResizePlan> BuildResizePlan(const ResizeOptions& o, const Dims& in,
                                          const std::vector<AxisRequest>& axes) {
  ResizePlan p;
  p.options = o;
  p.in_dims = in;
  p.out_dims = in;
  Dims dims = in;
  ASSIGN_OR_RETURN(p.max_elements, CheckedNumElements(in));
  for (const AxisRequest& r : axes) {
    RETURN_ERROR_IF(in[r.axis] == 0 && r.out > 0, StatusCode::kInvalidArgument, "input 0 (X) dim ",
                    r.axis, " is empty but resized to ", r.out, " (expected a non-empty dim)");
    p.out_dims[r.axis] = r.out;
    const bool trivial_roi = o.coord != CoordMode::kTfCropAndResize ||
                             (std::abs(r.roi_start) <= 1e-9 && std::abs(r.roi_end - 1) <= 1e-9);
    if (std::abs(r.scale - 1) <= 1e-9 * std::max(1.0, std::abs(r.scale)) && r.out == in[r.axis] &&
        trivial_roi) {
      continue;
    }
    p.axes.push_back(PlanAxis(o, r.axis, in[r.axis], r.out, r.scale, r.roi_start, r.roi_end));
    dims[r.axis] = r.out;
    ASSIGN_OR_RETURN(int64_t n, CheckedNumElements(dims));
    p.max_elements = std::max(p.max_elements, n);
  }
  return p;
}

// The values of float input `i` (scales, roi), which Prepare needs; see
// KnownInt64Input.
inline Result<std::vector<double>> KnownFloatInput(const PrepareContext& ctx, size_t i,
                                                   const char* role) {
  const ValueInfo& v = ctx.input(i);
  RETURN_ERROR_IF(v.dims.size() > 1, StatusCode::kInvalidArgument, role, " input '", v.name,
                  "' must be 1-D (expected rank 1, got shape ", DimsToString(v.dims), ")");
  const int64_t n = NumElements(v.dims);
  if (n == 0) return std::vector<double>{};
  if (v.data == nullptr) return ctx.ValueRequired(i, role);
  std::vector<double> out(n);
  RETURN_IF_ERROR(DispatchFloatOrHalf(v.dtype, [&](auto tag) {
    const auto* p = static_cast<const decltype(tag)*>(v.data);
    for (int64_t k = 0; k < n; ++k) out[k] = static_cast<double>(p[k]);
    return Status::Ok();
  }));
  return out;
}

// Checks X's dtype against the mode, requests scratch, sets the output and
// keeps the plan as the node's state.
inline Status FinishResizePrepare(PrepareContext& ctx, ResizePlan plan) {
  const ValueInfo& x = ctx.input(0);
  if (plan.options.mode != ResizeMode::kNearest) {
    RETURN_IF_ERROR(ExpectDType(ctx, 0, kNumericTypes | kHalfTypes));
    ctx.RequestScratch(static_cast<size_t>(plan.max_elements) * 2 * sizeof(double));
  } else {
    RETURN_IF_ERROR(ExpectFixedSizeDType(ctx, 0));
    const double e = plan.options.extrapolation;
    uint8_t* bytes = plan.extrapolation_bytes;
    if (x.dtype == DType::kBool) {
      bytes[0] = e != 0;
    } else if (x.dtype == DType::kComplex64 || x.dtype == DType::kComplex128) {
      const float f = static_cast<float>(e);
      if (x.dtype == DType::kComplex64) std::memcpy(bytes, &f, sizeof(f));
      if (x.dtype == DType::kComplex128) std::memcpy(bytes, &e, sizeof(e));
    } else {
      RETURN_IF_ERROR(DispatchNumericOrHalf(x.dtype, [&](auto tag) {
        const auto v = FromDouble<decltype(tag)>(e);
        std::memcpy(bytes, &v, sizeof(v));
        return Status::Ok();
      }));
    }
  }
  ctx.SetOutput(0, x.dtype, plan.out_dims);
  ctx.EmplaceState<ResizePlan>(std::move(plan));
  return Status::Ok();
}

}  // namespace onyx::kernels::ref
