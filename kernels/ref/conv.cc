// Conv: grouped N-D convolution (cross-correlation, as ONNX defines it) of
// X [N, C, D1..Dn] with W [M, C/group, k1..kn] plus optional bias B [M].
// Opsets 1 and 11 differ only in wording (SAME pads give ceil(in / stride)
// in both); kernel_shape defaults to W's spatial dims.
//
// Each (image, group) is lowered to one matrix product: W_g [M/g, C/g * K]
// times the im2col matrix [C/g * K, out] built in scratch, K being the
// kernel's element count. Pointwise convolutions skip im2col.

#include <utility>

#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/matmul_util.h"
#include "kernels/ref/internal/pool_util.h"
#include "kernels/ref/internal/prepare_util.h"
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
template <typename T>
void Im2Col(const ConvParams& p, const T* x, T* col) {
  const WindowGeometry& g = p.geom;
  const int64_t rows = p.group_channels * g.kernel_size;
  for (int64_t i = 0; i < rows * g.out_size; ++i) col[i] = T(0);
  for (int64_t o = 0; o < g.out_size; ++o) {
    ForEachTap(g, o, [&](const Tap& t) {
      for (int64_t c = 0; c < p.group_channels; ++c) {
        col[(c * g.kernel_size + t.kernel_index) * g.out_size + o] = x[c * g.in_size + t.offset];
      }
    });
  }
}

}  // namespace

Status ConvPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(2, 3));
  RETURN_IF_ERROR(ExpectDType(ctx, 0, kFloatTypes));
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
  p.pointwise = IsPointwise(p.geom);
  p.has_bias = ctx.has_input(2);

  if (!p.pointwise) {
    const Dims col{p.group_channels, p.geom.kernel_size, p.geom.out_size,
                   static_cast<int64_t>(DTypeSize(x.dtype))};
    ASSIGN_OR_RETURN(int64_t bytes, CheckedNumElements(col));
    ctx.RequestScratch(static_cast<size_t>(bytes));
  }
  Dims out{p.batch, p.maps};
  out.insert(out.end(), p.geom.out.begin(), p.geom.out.end());
  ctx.SetOutput(0, x.dtype, std::move(out));
  ctx.EmplaceState<ConvParams>(std::move(p));
  return Status::Ok();
}

Status ConvRun(const RunContext& ctx) {
  const auto& p = ctx.state<ConvParams>();
  return DispatchFloat(ctx.input(0).dtype, [&](auto tag) {
    using T = decltype(tag);
    const T* x = ctx.input(0).data_as<const T>();
    const T* w = ctx.input(1).data_as<const T>();
    const T* bias = p.has_bias ? ctx.input(2).data_as<const T>() : nullptr;
    T* y = ctx.output(0).data_as<T>();
    T* col = static_cast<T*>(ctx.scratch);
    const WindowGeometry& g = p.geom;
    const int64_t rows = p.group_channels * g.kernel_size;  // Inner dim of the product.
    for (int64_t n = 0; n < p.batch; ++n) {
      for (int64_t gi = 0; gi < p.group; ++gi) {
        const T* xg = x + (n * p.channels + gi * p.group_channels) * g.in_size;
        const T* cols = xg;
        if (!p.pointwise) {
          Im2Col(p, xg, col);
          cols = col;
        }
        const int64_t first_map = gi * p.group_maps;
        T* yg = y + (n * p.maps + first_map) * g.out_size;
        MatMulInto<T>(p.group_maps, g.out_size, rows, {w + first_map * rows, rows, 1},
                      {cols, g.out_size, 1}, yg);
        if (bias == nullptr) continue;
        for (int64_t m = 0; m < p.group_maps; ++m) {
          for (int64_t o = 0; o < g.out_size; ++o) yg[m * g.out_size + o] += bias[first_map + m];
        }
      }
    }
    return Status::Ok();
  });
}

}  // namespace onyx::kernels::ref
