// DeformConv: N-D convolution whose kernel taps are displaced per output
// position. X [N, C, D1..Dn], W [oC, C/group, k1..kn], offset
// [N, offset_group * K * n, O1..On] (K = k1 * ... * kn; for each tap, its
// displacement along D1..Dn), optional B [oC] and mask
// [N, offset_group * K, O1..On]. Tap k of output o reads X by N-linear
// interpolation at o * stride - pad_begin + k * dilation + offset (zero
// outside the image), times the mask. Input channel c uses offset group
// c / (C / offset_group). Opset 22 adds bfloat16.
//
// Like Conv, each (image, group) is one matrix product, W_g [oC/g, C/g * K]
// times a sampled im2col matrix [C/g * K, out] built in scratch in the
// compute type (float for 16-bit types, which also get a float copy of W).

#include <cmath>
#include <type_traits>
#include <utility>

#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/matmul_util.h"
#include "kernels/ref/internal/pool_util.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/internal/spatial_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

constexpr size_t kMaxRank = 8;  // Spatial dims; bounds the per-tap arrays.

struct DeformConvParams {
  WindowGeometry geom;
  int64_t batch = 0, channels = 0, maps = 0, group = 1, offset_group = 1;
  bool has_bias = false, has_mask = false;

  int64_t cols() const { return channels * geom.kernel_size * geom.out_size; }
};

Status CheckShapes(const PrepareContext& ctx, const DeformConvParams& p) {
  const size_t n = p.geom.rank();
  const int64_t k = p.geom.kernel_size;
  Dims offset{p.batch, p.offset_group * k * static_cast<int64_t>(n)};
  offset.insert(offset.end(), p.geom.out.begin(), p.geom.out.end());
  RETURN_IF_ERROR(ExpectDims(ctx, 2, offset, "[N, offset_group * K * n, output dims...]"));
  if (ctx.has_input(3)) RETURN_IF_ERROR(ExpectDims(ctx, 3, {p.maps}, "the output channels"));
  if (ctx.has_input(4)) {
    Dims mask{p.batch, p.offset_group * k};
    mask.insert(mask.end(), p.geom.out.begin(), p.geom.out.end());
    RETURN_IF_ERROR(ExpectDims(ctx, 4, mask, "[N, offset_group * K, output dims...]"));
  }
  return Status::Ok();
}

Status ReadGroups(const PrepareContext& ctx, DeformConvParams& p) {
  const ValueInfo& x = ctx.input(0);
  const ValueInfo& w = ctx.input(1);
  ASSIGN_OR_RETURN(p.group, IntAttr(ctx.attrs(), "group", 1));
  ASSIGN_OR_RETURN(p.offset_group, IntAttr(ctx.attrs(), "offset_group", 1));
  RETURN_ERROR_IF(p.group < 1 || p.offset_group < 1, StatusCode::kInvalidModel,
                  "attributes 'group' and 'offset_group' (expected >= 1, got ", p.group, " and ",
                  p.offset_group, ")");
  RETURN_ERROR_IF(w.dims.size() != x.dims.size(), StatusCode::kInvalidArgument, "input '", w.name,
                  "' rank (expected ", x.dims.size(), " like input '", x.name, "', got ",
                  DimsToString(w.dims), ")");
  p.batch = x.dims[0];
  p.channels = x.dims[1];
  p.maps = w.dims[0];
  RETURN_ERROR_IF(w.dims[1] * p.group != p.channels || p.maps % p.group != 0,
                  StatusCode::kInvalidArgument, "input '", w.name, "' shape ", DimsToString(w.dims),
                  " (expected [oC, C/group = ", p.channels / p.group,
                  ", ...] with oC a multiple of group ", p.group, " for C = ", p.channels, ")");
  RETURN_ERROR_IF(p.channels % p.offset_group != 0, StatusCode::kInvalidArgument, "input '", x.name,
                  "' channels (expected a multiple of offset_group ", p.offset_group, ", got ",
                  p.channels, ")");
  return Status::Ok();
}

// The value of plane `x` (spatial dims g.in) at `pos` by N-linear
// interpolation, taps outside the image reading 0.
template <typename T, typename Acc>
Acc Interpolate(const WindowGeometry& g, const T* x, const Acc* pos) {
  const size_t n = g.rank();
  int64_t base[kMaxRank];
  Acc frac[kMaxRank];
  for (size_t d = 0; d < n; ++d) {
    if (!(pos[d] > Acc(-1) && pos[d] < static_cast<Acc>(g.in[d]))) return Acc(0);
    const Acc f = std::floor(pos[d]);
    base[d] = static_cast<int64_t>(f);
    frac[d] = pos[d] - f;
  }
  Acc sum = Acc(0);
  for (uint32_t corner = 0; corner < (1u << n); ++corner) {
    Acc w = Acc(1);
    int64_t offset = 0;
    bool inside = true;
    for (size_t d = 0; d < n; ++d) {
      const bool up = (corner >> (n - 1 - d)) & 1u;
      const int64_t i = base[d] + (up ? 1 : 0);
      w *= up ? frac[d] : Acc(1) - frac[d];
      inside = inside && i >= 0 && i < g.in[d];
      offset = offset * g.in[d] + i;
    }
    if (inside && w != Acc(0)) sum += w * static_cast<Acc>(x[offset]);
  }
  return sum;
}

// col [C * K, out] for image `n`: sampled, masked X.
template <typename T, typename Acc>
void DeformIm2Col(const RunContext& ctx, const DeformConvParams& p, int64_t n, Acc* col) {
  const WindowGeometry& g = p.geom;
  const size_t nd = g.rank();
  const int64_t k_size = g.kernel_size, out = g.out_size;
  const T* x = ctx.input(0).data_as<const T>() + n * p.channels * g.in_size;
  const T* offset = ctx.input(2).data_as<const T>() + n * p.offset_group * k_size * nd * out;
  const T* mask =
      p.has_mask ? ctx.input(4).data_as<const T>() + n * p.offset_group * k_size * out : nullptr;
  const int64_t channels_per_offset = p.channels / p.offset_group;
  Acc pos[kMaxRank];
  for (int64_t og = 0; og < p.offset_group; ++og) {
    for (int64_t k = 0; k < k_size; ++k) {
      for (int64_t o = 0; o < out; ++o) {
        int64_t krem = k, orem = o;
        for (size_t d = nd; d-- > 0;) {
          const int64_t kd = krem % g.kernel[d], od = orem % g.out[d];
          krem /= g.kernel[d];
          orem /= g.out[d];
          const T shift = offset[((og * k_size + k) * nd + d) * out + o];
          pos[d] = static_cast<Acc>(od * g.strides[d] - g.pad_begin[d] + kd * g.dilations[d]) +
                   static_cast<Acc>(shift);
        }
        const Acc m = mask ? static_cast<Acc>(mask[(og * k_size + k) * out + o]) : Acc(1);
        for (int64_t c = og * channels_per_offset; c < (og + 1) * channels_per_offset; ++c) {
          col[(c * k_size + k) * out + o] = m * Interpolate<T, Acc>(g, x + c * g.in_size, pos);
        }
      }
    }
  }
}

template <typename T>
Status RunDeformConv(const RunContext& ctx, const DeformConvParams& p) {
  using Acc = ComputeType<T>;
  const WindowGeometry& g = p.geom;
  const int64_t group_channels = p.channels / p.group, group_maps = p.maps / p.group;
  const int64_t rows = group_channels * g.kernel_size;
  const T* w_in = ctx.input(1).data_as<const T>();
  const T* bias = p.has_bias ? ctx.input(3).data_as<const T>() : nullptr;
  T* y = ctx.output(0).data_as<T>();
  Acc* col = static_cast<Acc*>(ctx.scratch);
  const Acc* w = reinterpret_cast<const Acc*>(w_in);
  Acc* tile = nullptr;
  if constexpr (!std::is_same_v<T, Acc>) {
    Acc* wf = col + p.cols();
    for (int64_t i = 0; i < p.maps * rows; ++i) wf[i] = static_cast<Acc>(w_in[i]);
    w = wf;
    tile = wf + p.maps * rows;
  }
  for (int64_t n = 0; n < p.batch; ++n) {
    DeformIm2Col<T, Acc>(ctx, p, n, col);
    for (int64_t gi = 0; gi < p.group; ++gi) {
      const int64_t first = gi * group_maps;
      T* yg = y + (n * p.maps + first) * g.out_size;
      Acc* acc = tile ? tile : reinterpret_cast<Acc*>(yg);
      MatMulInto<Acc>(group_maps, g.out_size, rows, {w + first * rows, rows, 1},
                      {col + gi * rows * g.out_size, g.out_size, 1}, acc);
      for (int64_t m = 0; m < group_maps; ++m) {
        const Acc b = bias ? static_cast<Acc>(bias[first + m]) : Acc(0);
        for (int64_t o = 0; o < g.out_size; ++o) {
          yg[m * g.out_size + o] = static_cast<T>(acc[m * g.out_size + o] + b);
        }
      }
    }
  }
  return Status::Ok();
}

}  // namespace

Status DeformConvPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(3, 5));
  RETURN_IF_ERROR(ExpectSpatialFloat(ctx, 0));
  for (size_t i = 1; i < 5; ++i) {
    if (ctx.has_input(i)) RETURN_IF_ERROR(ExpectSameDType(ctx, i, 0));
  }
  RETURN_IF_ERROR(ExpectImageRank(ctx, 0));
  const ValueInfo& x = ctx.input(0);
  RETURN_ERROR_IF(x.dims.size() - 2 > kMaxRank, StatusCode::kUnsupported, "input '", x.name,
                  "' spatial rank (expected at most ", kMaxRank, ", got ", x.dims.size() - 2, ")");
  RETURN_ERROR_IF(ctx.attrs().Has("auto_pad"), StatusCode::kInvalidModel,
                  "attribute 'auto_pad' is not defined for DeformConv (expected absent)");
  DeformConvParams p;
  RETURN_IF_ERROR(ReadGroups(ctx, p));
  const ValueInfo& w = ctx.input(1);
  Dims kernel(w.dims.begin() + 2, w.dims.end());
  if (ctx.attrs().Has("kernel_shape")) {
    ASSIGN_OR_RETURN(Dims k, ReadSpatialInts(ctx.attrs(), "kernel_shape", kernel.size(), 1, 1));
    RETURN_ERROR_IF(k != kernel, StatusCode::kInvalidModel, "attribute 'kernel_shape' (expected ",
                    DimsToString(kernel), ", the spatial dims of W, got ", DimsToString(k), ")");
  }
  ASSIGN_OR_RETURN(WindowAttrs wa, ReadWindowAttrs(ctx.attrs(), std::move(kernel)));
  ASSIGN_OR_RETURN(p.geom, ResolveWindow(wa, Dims(x.dims.begin() + 2, x.dims.end()), x.name));
  p.has_bias = ctx.has_input(3);
  p.has_mask = ctx.has_input(4);
  RETURN_IF_ERROR(CheckShapes(ctx, p));
  Dims out{p.batch, p.maps};
  out.insert(out.end(), p.geom.out.begin(), p.geom.out.end());
  const bool half = x.dtype == DType::kFloat16 || x.dtype == DType::kBFloat16;
  const size_t acc_size = half ? sizeof(float) : DTypeSize(x.dtype);
  ASSIGN_OR_RETURN(int64_t cols,
                   CheckedNumElements({p.channels, p.geom.kernel_size, p.geom.out_size, 8}));
  int64_t elements = cols / 8;
  if (half) elements += NumElements(w.dims) + p.maps / p.group * p.geom.out_size;
  ctx.RequestScratch(static_cast<size_t>(elements) * acc_size);
  ctx.SetOutput(0, x.dtype, std::move(out));
  ctx.EmplaceState<DeformConvParams>(std::move(p));
  return Status::Ok();
}

Status DeformConvRun(const RunContext& ctx) {
  const auto& p = ctx.state<DeformConvParams>();
  return DispatchFloatOrHalf(ctx.input(0).dtype,
                             [&](auto tag) { return RunDeformConv<decltype(tag)>(ctx, p); });
}

}  // namespace onyx::kernels::ref
