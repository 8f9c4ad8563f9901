// GridSample: Y [N, C, O1..Or] samples X [N, C, D1..Dr] at the normalized
// positions grid [N, O1..Or, r] (last component first: x along Dr, y along
// Dr-1, ...), with nearest, N-linear or N-cubic (Keys, a = -0.75)
// interpolation and zeros, border or reflection padding, as PyTorch's
// grid_sample. Opset 16 allows only 2-D images and names the modes
// bilinear / nearest / bicubic; 20 is N-D with linear / nearest / cubic; 22
// adds bfloat16.
//
// Details follow ONNX's reference: nearest rounds half to even; a position
// outside [lo, hi] (the image edges, or the corner centres with
// align_corners) is first clamped to [0, d - 1] (border) or reflected into
// [lo, hi] (reflection); then every tap outside the image reads 0 (zeros),
// the edge pixel (border) or its reflection (reflection). Positions are
// computed in the grid's precision (float for 16-bit grids); integer X
// truncates the interpolated value.

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

constexpr size_t kMaxRank = 8;  // Spatial dims; bounds the per-point arrays.

enum class Mode { kNearest, kLinear, kCubic };
enum class Padding { kZeros, kBorder, kReflection };

struct GridSampleParams {
  Mode mode = Mode::kLinear;
  Padding padding = Padding::kZeros;
  bool align_corners = false;
  int64_t batch = 0, channels = 0;
  Dims in;                          // X's spatial dims.
  Dims in_strides;                  // Row-major strides of X's spatial block.
  int64_t in_size = 0, points = 0;  // Per image: X's spatial size, Y's.
};

Status ReadAttributes(const Attributes& attrs, int opset, GridSampleParams& p) {
  const bool old_names = opset < 20;
  ASSIGN_OR_RETURN(std::string mode, StringAttr(attrs, "mode", old_names ? "bilinear" : "linear"));
  if (mode == "nearest") {
    p.mode = Mode::kNearest;
  } else if (mode == (old_names ? "bilinear" : "linear")) {
    p.mode = Mode::kLinear;
  } else if (mode == (old_names ? "bicubic" : "cubic")) {
    p.mode = Mode::kCubic;
  } else {
    return MakeError(StatusCode::kInvalidModel, "attribute 'mode' at opset ", opset,
                     old_names ? " (expected bilinear, nearest or bicubic, got '"
                               : " (expected linear, nearest or cubic, got '",
                     mode, "')");
  }
  ASSIGN_OR_RETURN(std::string padding, StringAttr(attrs, "padding_mode", "zeros"));
  if (padding == "zeros") {
    p.padding = Padding::kZeros;
  } else if (padding == "border") {
    p.padding = Padding::kBorder;
  } else if (padding == "reflection") {
    p.padding = Padding::kReflection;
  } else {
    return MakeError(StatusCode::kInvalidModel,
                     "attribute 'padding_mode' (expected zeros, border or reflection, got '",
                     padding, "')");
  }
  ASSIGN_OR_RETURN(p.align_corners, BoolAttr(attrs, "align_corners", false));
  return Status::Ok();
}

// Reflects x into [lo, hi] by its borders until it lies inside. The count
// of reflections stays a float so that huge positions cannot overflow.
template <typename Acc>
Acc Reflect(Acc x, Acc lo, Acc hi) {
  const Acc range = hi - lo;
  if (!(range > 0)) return lo;
  if (x < lo || x > hi) {
    const Acc dx = x < lo ? lo - x : x - hi;
    const Acc n = std::floor(dx / range);
    const Acc r = dx - n * range;
    const bool even = std::fmod(n, Acc(2)) == 0;
    return (x < lo) == even ? lo + r : hi - r;
  }
  return x;
}

// The taps of one spatial dim: X indices (-1: reads 0) and weights.
template <typename Acc>
struct DimTaps {
  int count = 0;
  int64_t index[4];
  Acc weight[4];
};

template <typename Acc>
class Sampler {
 public:
  explicit Sampler(const GridSampleParams& p) : p_(p) {}

  // Taps along spatial dim k for normalized coordinate `g`.
  DimTaps<Acc> Taps(size_t k, Acc g) const {
    const int64_t d = p_.in[k];
    const Acc lo = p_.align_corners ? Acc(0) : Acc(-0.5);
    const Acc hi = p_.align_corners ? static_cast<Acc>(d - 1) : static_cast<Acc>(d) - Acc(0.5);
    Acc x = p_.align_corners ? (g + Acc(1)) / Acc(2) * static_cast<Acc>(d - 1)
                             : ((g + Acc(1)) * static_cast<Acc>(d) - Acc(1)) / Acc(2);
    if (p_.mode == Mode::kNearest) x = std::nearbyint(x);
    if (x < lo || x > hi) {
      if (p_.padding == Padding::kBorder) {
        x = std::min(std::max(x, Acc(0)), static_cast<Acc>(d - 1));
      } else if (p_.padding == Padding::kReflection) {
        x = Reflect(x, lo, hi);
      }
    }
    DimTaps<Acc> t;
    // NaN, or far outside with zeros padding: every tap reads 0.
    if (!(x >= Acc(-4) && x <= static_cast<Acc>(d + 4))) {
      t.count = 1;
      t.index[0] = -1;
      t.weight[0] = Acc(0);
      return t;
    }
    if (p_.mode == Mode::kNearest) {
      t.count = 1;
      t.index[0] = Pixel(static_cast<int64_t>(x), d, lo, hi);
      t.weight[0] = Acc(1);
      return t;
    }
    const Acc x0 = std::floor(x), f = x - x0;
    const int64_t i0 = static_cast<int64_t>(x0);
    if (p_.mode == Mode::kLinear) {
      t.count = 2;
      t.weight[0] = Acc(1) - f;
      t.weight[1] = f;
      for (int j = 0; j < 2; ++j) t.index[j] = Pixel(i0 + j, d, lo, hi);
      return t;
    }
    t.count = 4;
    double w[4];
    CubicWeights(static_cast<double>(f), -0.75, w);
    for (int j = 0; j < 4; ++j) {
      t.weight[j] = static_cast<Acc>(w[j]);
      t.index[j] = Pixel(i0 - 1 + j, d, lo, hi);
    }
    return t;
  }

 private:
  // The X index read for tap i along a dim of d pixels; -1 reads 0.
  int64_t Pixel(int64_t i, int64_t d, Acc lo, Acc hi) const {
    if (i >= 0 && i < d) return i;
    switch (p_.padding) {
      case Padding::kZeros:
        return -1;
      case Padding::kBorder:
        return std::min(std::max<int64_t>(i, 0), d - 1);
      case Padding::kReflection:
        return std::min(
            std::max<int64_t>(static_cast<int64_t>(Reflect(static_cast<Acc>(i), lo, hi)), 0),
            d - 1);
    }
    return -1;
  }

  const GridSampleParams& p_;
};

// Y for one output point: the weighted sum over every combination of taps.
template <typename T, typename Acc>
Acc SamplePoint(const GridSampleParams& p, const DimTaps<Acc>* taps, const T* x) {
  const size_t r = p.in.size();
  int j[kMaxRank] = {};
  Acc sum = Acc(0);
  while (true) {
    Acc w = Acc(1);
    int64_t offset = 0;
    bool inside = true;
    for (size_t k = 0; k < r; ++k) {
      w *= taps[k].weight[j[k]];
      inside = inside && taps[k].index[j[k]] >= 0;
      offset += taps[k].index[j[k]] * p.in_strides[k];
    }
    if (inside) sum += w * static_cast<Acc>(x[offset]);
    size_t k = r;
    while (k-- > 0) {
      if (++j[k] < taps[k].count) break;
      j[k] = 0;
    }
    if (k == static_cast<size_t>(-1)) return sum;
  }
}

template <typename T, typename Acc, typename G>
Status RunTyped(const RunContext& ctx, const GridSampleParams& p) {
  const T* x = ctx.input(0).data_as<const T>();
  const G* grid = ctx.input(1).data_as<const G>();
  T* y = ctx.output(0).data_as<T>();
  const size_t r = p.in.size();
  const Sampler<Acc> sampler(p);
  DimTaps<Acc> taps[kMaxRank];
  for (int64_t n = 0; n < p.batch; ++n) {
    for (int64_t o = 0; o < p.points; ++o) {
      const G* g = grid + (n * p.points + o) * static_cast<int64_t>(r);
      for (size_t k = 0; k < r; ++k) taps[k] = sampler.Taps(k, static_cast<Acc>(g[r - 1 - k]));
      for (int64_t c = 0; c < p.channels; ++c) {
        const T* xc = x + (n * p.channels + c) * p.in_size;
        const Acc v = SamplePoint(p, taps, xc);
        y[(n * p.channels + c) * p.points + o] = static_cast<T>(v);
      }
    }
  }
  return Status::Ok();
}

}  // namespace

Status GridSamplePrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(2, 2));
  const int opset = ctx.node().opset;
  const uint64_t half = DTypeBit(DType::kFloat16) | (opset >= 22 ? DTypeBit(DType::kBFloat16) : 0);
  RETURN_IF_ERROR(ExpectDType(ctx, 0, kNumericTypes | half));
  RETURN_IF_ERROR(ExpectDType(ctx, 1, kFloatTypes | half));
  RETURN_IF_ERROR(ExpectImageRank(ctx, 0));
  const ValueInfo& x = ctx.input(0);
  const ValueInfo& grid = ctx.input(1);
  const size_t r = x.dims.size() - 2;
  RETURN_ERROR_IF(opset < 20 && r != 2, StatusCode::kInvalidArgument, "input '", x.name,
                  "' rank at opset ", opset, " (expected 4: [N, C, H, W], got ",
                  DimsToString(x.dims), ")");
  RETURN_ERROR_IF(r > kMaxRank, StatusCode::kUnsupported, "input '", x.name,
                  "' spatial rank (expected at most ", kMaxRank, ", got ", r, ")");
  RETURN_ERROR_IF(grid.dims.size() != r + 2 || grid.dims[0] != x.dims[0] ||
                      grid.dims[r + 1] != static_cast<int64_t>(r),
                  StatusCode::kInvalidArgument, "input '", grid.name, "' shape (expected [",
                  x.dims[0], ", O1, ..., O", r, ", ", r, "] for input '", x.name, "' ",
                  DimsToString(x.dims), ", got ", DimsToString(grid.dims), ")");
  GridSampleParams p;
  RETURN_IF_ERROR(ReadAttributes(ctx.attrs(), opset, p));
  p.batch = x.dims[0];
  p.channels = x.dims[1];
  p.in.assign(x.dims.begin() + 2, x.dims.end());
  p.in_strides.assign(r, 1);
  for (size_t k = r; k-- > 1;) p.in_strides[k - 1] = p.in_strides[k] * p.in[k];
  p.in_size = NumElements(p.in);
  Dims out{x.dims[0], x.dims[1]};
  out.insert(out.end(), grid.dims.begin() + 1, grid.dims.end() - 1);
  p.points = NumElements(Dims(grid.dims.begin() + 1, grid.dims.end() - 1));
  RETURN_ERROR_IF(p.in_size == 0 && NumElements(out) != 0, StatusCode::kInvalidArgument, "input '",
                  x.name, "' spatial dims (expected non-empty, got ", DimsToString(x.dims), ")");
  ctx.SetOutput(0, x.dtype, std::move(out));
  ctx.EmplaceState<GridSampleParams>(std::move(p));
  return Status::Ok();
}

Status GridSampleRun(const RunContext& ctx) {
  const auto& p = ctx.state<GridSampleParams>();
  return DispatchNumericOrHalf(ctx.input(0).dtype, [&](auto x_tag) {
    using T = decltype(x_tag);
    return DispatchFloatOrHalf(ctx.input(1).dtype, [&](auto g_tag) {
      using G = decltype(g_tag);
      return RunTyped<T, ComputeType<G>, G>(ctx, p);
    });
  });
}

}  // namespace onyx::kernels::ref
