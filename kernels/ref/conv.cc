// Conv: grouped N-D convolution (cross-correlation, as ONNX defines it) of
// X [N, C, D1..Dn] with W [M, C/group, k1..kn] plus optional bias B [M].
// Opsets 1 and 11 differ only in wording (SAME pads give ceil(in / stride)
// in both); 22 adds bfloat16. kernel_shape defaults to W's spatial dims.
//
// Each (image, group) is lowered to one matrix product: W_g [M/g, C/g * K]
// times the im2col matrix [C/g * K, out] built in scratch, K being the
// kernel's element count. Pointwise convolutions skip im2col. float16 and
// bfloat16 compute in float: im2col converts X, W is converted once per run
// and each group's product is summed in float before rounding.

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

struct ConvParams {
  WindowGeometry geom;
  int64_t batch = 0, channels = 0, maps = 0, group = 1;
  int64_t group_channels = 0, group_maps = 0;  // C / group and M / group.
  bool pointwise = false;  // 1x1 kernel, unit strides, no pads: X is already the im2col matrix.
  bool has_bias = false;
};

// Checks W (and B) against X and group; returns W's spatial dims.
Result<Dims> CheckWeights(const PrepareContext& ctx, int64_t group) {
  const ValueInfo& x = ctx.input(0);
  const ValueInfo& w = ctx.input(1);
  RETURN_ERROR_IF(w.dims.size() != x.dims.size(), StatusCode::kInvalidArgument, "input '", w.name,
                  "' rank (expected ", x.dims.size(), " like input '", x.name, "' ",
                  DimsToString(x.dims), ", got ", w.dims.size(), " in ", DimsToString(w.dims), ")");
  const int64_t c = x.dims[1], m = w.dims[0];
  RETURN_ERROR_IF(c % group != 0, StatusCode::kInvalidArgument, "input '", x.name,
                  "' channels (expected a multiple of group ", group, ", got ", c, ")");
  RETURN_ERROR_IF(w.dims[1] * group != c, StatusCode::kInvalidArgument, "input '", w.name,
                  "' dim 1 (expected C/group = ", c / group, " for C = ", c, ", group = ", group,
                  ", got ", w.dims[1], ")");
  RETURN_ERROR_IF(m % group != 0, StatusCode::kInvalidArgument, "input '", w.name,
                  "' dim 0, the output channels (expected a multiple of group ", group, ", got ", m,
                  ")");
  Dims kernel(w.dims.begin() + 2, w.dims.end());
  for (int64_t k : kernel) {
    RETURN_ERROR_IF(k < 1, StatusCode::kInvalidArgument, "input '", w.name,
                    "' kernel dims (expected >= 1, got ", DimsToString(kernel), ")");
  }
  if (ctx.has_input(2)) {
    const ValueInfo& b = ctx.input(2);
    RETURN_ERROR_IF(b.dims != Dims{m}, StatusCode::kInvalidArgument, "input '", b.name,
                    "' shape (expected [", m, "], the output channels, got ", DimsToString(b.dims),
                    ")");
  }
  return kernel;
}

Status CheckKernelShapeAttr(const Attributes& attrs, const Dims& kernel) {
  if (!attrs.Has("kernel_shape")) return Status::Ok();
  ASSIGN_OR_RETURN(Dims k, ReadSpatialInts(attrs, "kernel_shape", kernel.size(), 1, 1));
  RETURN_ERROR_IF(k != kernel, StatusCode::kInvalidModel, "attribute 'kernel_shape' (expected ",
                  DimsToString(kernel), ", the spatial dims of W, got ", DimsToString(k), ")");
  return Status::Ok();
}

bool IsPointwise(const WindowGeometry& g) {
  for (size_t d = 0; d < g.rank(); ++d) {
    if (g.kernel[d] != 1 || g.strides[d] != 1 || g.pad_begin[d] != 0 || g.pad_end[d] != 0)
      return false;
  }
  return true;
}

// col [C/g * K, out] for the channels of one group starting at x.
template <typename T, typename Acc>
void Im2Col(const ConvParams& p, const T* x, Acc* col) {
  const WindowGeometry& g = p.geom;
  const int64_t rows = p.group_channels * g.kernel_size;
  for (int64_t i = 0; i < rows * g.out_size; ++i) col[i] = Acc(0);
  for (int64_t o = 0; o < g.out_size; ++o) {
    ForEachTap(g, o, [&](const Tap& t) {
      for (int64_t c = 0; c < p.group_channels; ++c) {
        col[(c * g.kernel_size + t.kernel_index) * g.out_size + o] =
            static_cast<Acc>(x[c * g.in_size + t.offset]);
      }
    });
  }
}

// Scratch elements of the compute type: the im2col matrix, plus for 16-bit
// types a float copy of W and one group's output block.
int64_t ScratchElements(const ConvParams& p, bool half) {
  const WindowGeometry& g = p.geom;
  const int64_t rows = p.group_channels * g.kernel_size;
  int64_t n = p.pointwise ? 0 : rows * g.out_size;
  if (half) n += p.maps * rows + p.group_maps * g.out_size;
  return n;
}

template <typename T>
Status RunConv(const RunContext& ctx, const ConvParams& p) {
  using Acc = ComputeType<T>;
  constexpr bool kHalf = !std::is_same_v<T, Acc>;
  const T* x = ctx.input(0).data_as<const T>();
  const T* w_in = ctx.input(1).data_as<const T>();
  const T* bias = p.has_bias ? ctx.input(2).data_as<const T>() : nullptr;
  T* y = ctx.output(0).data_as<T>();
  const WindowGeometry& g = p.geom;
  const int64_t rows = p.group_channels * g.kernel_size;  // Inner dim of the product.
  Acc* col = static_cast<Acc*>(ctx.scratch);
  Acc* next = p.pointwise ? col : col + rows * g.out_size;
  const Acc* w = reinterpret_cast<const Acc*>(w_in);
  Acc* tile = nullptr;
  if constexpr (kHalf) {
    Acc* wf = next;
    for (int64_t i = 0; i < p.maps * rows; ++i) wf[i] = static_cast<Acc>(w_in[i]);
    w = wf;
    tile = wf + p.maps * rows;
  }
  for (int64_t n = 0; n < p.batch; ++n) {
    for (int64_t gi = 0; gi < p.group; ++gi) {
      const T* xg = x + (n * p.channels + gi * p.group_channels) * g.in_size;
      const Acc* cols = reinterpret_cast<const Acc*>(xg);
      if (!p.pointwise) {
        Im2Col(p, xg, col);
        cols = col;
      }
      const int64_t first_map = gi * p.group_maps;
      T* yg = y + (n * p.maps + first_map) * g.out_size;
      Acc* acc = kHalf ? tile : reinterpret_cast<Acc*>(yg);
      MatMulInto<Acc>(p.group_maps, g.out_size, rows, {w + first_map * rows, rows, 1},
                      {cols, g.out_size, 1}, acc);
      for (int64_t m = 0; m < p.group_maps; ++m) {
        const Acc b = bias ? static_cast<Acc>(bias[first_map + m]) : Acc(0);
        for (int64_t o = 0; o < g.out_size; ++o) {
          yg[m * g.out_size + o] = static_cast<T>(acc[m * g.out_size + o] + b);
        }
      }
    }
  }
  return Status::Ok();
}

}  // namespace

Status ConvPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(2, 3));
  RETURN_IF_ERROR(ExpectSpatialFloat(ctx, 0));
  RETURN_IF_ERROR(ExpectSameDType(ctx, 1, 0));
  if (ctx.has_input(2)) RETURN_IF_ERROR(ExpectSameDType(ctx, 2, 0));
  const ValueInfo& x = ctx.input(0);
  RETURN_ERROR_IF(x.dims.size() < 3, StatusCode::kInvalidArgument, "input '", x.name,
                  "' rank (expected >= 3: [N, C, D1, ...], got ", DimsToString(x.dims), ")");
  ASSIGN_OR_RETURN(int64_t group, IntAttr(ctx.attrs(), "group", 1));
  RETURN_ERROR_IF(group < 1, StatusCode::kInvalidModel, "attribute 'group' (expected >= 1, got ",
                  group, ")");
  ASSIGN_OR_RETURN(Dims kernel, CheckWeights(ctx, group));
  RETURN_IF_ERROR(CheckKernelShapeAttr(ctx.attrs(), kernel));
  ASSIGN_OR_RETURN(WindowAttrs w, ReadWindowAttrs(ctx.attrs(), std::move(kernel)));

  ConvParams p;
  ASSIGN_OR_RETURN(p.geom, ResolveWindow(w, Dims(x.dims.begin() + 2, x.dims.end()), x.name));
  p.batch = x.dims[0];
  p.channels = x.dims[1];
  p.maps = ctx.input(1).dims[0];
  p.group = group;
  p.group_channels = p.channels / group;
  p.group_maps = p.maps / group;
  const bool half = x.dtype == DType::kFloat16 || x.dtype == DType::kBFloat16;
  // A 16-bit X is converted by im2col, so it never serves as the matrix itself.
  p.pointwise = IsPointwise(p.geom) && !half;
  p.has_bias = ctx.has_input(2);

  // Each part of the scratch must be addressable in bytes (int64).
  const WindowGeometry& g = p.geom;
  RETURN_IF_ERROR(CheckedNumElements({p.group_channels, g.kernel_size, g.out_size, 8}).status());
  RETURN_IF_ERROR(CheckedNumElements({p.maps, p.group_channels, g.kernel_size, 8}).status());
  const size_t acc_size = half ? sizeof(float) : DTypeSize(x.dtype);
  ctx.RequestScratch(static_cast<size_t>(ScratchElements(p, half)) * acc_size);
  Dims out{p.batch, p.maps};
  out.insert(out.end(), g.out.begin(), g.out.end());
  ctx.SetOutput(0, x.dtype, std::move(out));
  ctx.EmplaceState<ConvParams>(std::move(p));
  return Status::Ok();
}

Status ConvRun(const RunContext& ctx) {
  const auto& p = ctx.state<ConvParams>();
  return DispatchFloatOrHalf(ctx.input(0).dtype,
                             [&](auto tag) { return RunConv<decltype(tag)>(ctx, p); });
}

}  // namespace onyx::kernels::ref
