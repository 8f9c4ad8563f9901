#pragma once

// The integer convolution shared by ConvInteger and QLinearConv: grouped N-D
// cross-correlation of (x - x_zero_point) with (w - w_zero_point), where the
// padding holds zeros after the zero point is subtracted (as ONNX's reference
// pads), summed exactly. x_zero_point is one value; w_zero_point one value
// or one per output channel.

#include <cstdint>
#include <utility>

#include "kernels/api/kernel.h"
#include "kernels/ref/internal/pool_util.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/internal/quant_util.h"

namespace onyx::kernels::ref {

struct IntConv {
  WindowGeometry geom;
  int64_t batch = 0, channels = 0, maps = 0, group = 1, group_channels = 0, group_maps = 0;
  DType x_dtype = DType::kUndefined, w_dtype = DType::kUndefined;
  bool w_zero_per_map = false;

  Dims OutDims() const {
    Dims out{batch, maps};
    out.insert(out.end(), geom.out.begin(), geom.out.end());
    return out;
  }
};

// kInvalidArgument unless input `i` holds one value, or (with `per`) one per
// each of `per` output channels.
inline Status ExpectScalarOrPerMap(const PrepareContext& ctx, size_t i, int64_t per) {
  const ValueInfo& v = ctx.input(i);
  const bool scalar = NumElements(v.dims) == 1 && v.dims.size() <= 1;
  const bool per_map = per > 0 && v.dims == Dims{per};
  RETURN_ERROR_IF(!scalar && !per_map, StatusCode::kInvalidArgument, "input '", v.name,
                  "' shape (expected one value", per > 0 ? StrCat(" or [", per, "]") : "",
                  ", got ", DimsToString(v.dims), ")");
  return Status::Ok();
}

// Validates x (input `xi`), w (input `wi`) and the window attributes.
inline Result<IntConv> PrepareIntConv(const PrepareContext& ctx, size_t xi, size_t wi) {
  const ValueInfo& x = ctx.input(xi);
  const ValueInfo& w = ctx.input(wi);
  RETURN_ERROR_IF(x.dims.size() < 3, StatusCode::kInvalidArgument, "input '", x.name,
                  "' rank (expected >= 3: [N, C, D1, ...], got ", DimsToString(x.dims), ")");
  RETURN_ERROR_IF(w.dims.size() != x.dims.size(), StatusCode::kInvalidArgument, "input '", w.name,
                  "' rank (expected ", x.dims.size(), " like input '", x.name, "', got ",
                  DimsToString(w.dims), ")");
  IntConv c;
  ASSIGN_OR_RETURN(c.group, IntAttr(ctx.attrs(), "group", 1));
  RETURN_ERROR_IF(c.group < 1, StatusCode::kInvalidModel, "attribute 'group' (expected >= 1, got ",
                  c.group, ")");
  c.batch = x.dims[0];
  c.channels = x.dims[1];
  c.maps = w.dims[0];
  RETURN_ERROR_IF(c.channels % c.group != 0 || w.dims[1] * c.group != c.channels,
                  StatusCode::kInvalidArgument, "input '", w.name, "' dim 1 (expected C/group = ",
                  c.channels / c.group, " for C = ", c.channels, ", group = ", c.group, ", got ",
                  w.dims[1], ")");
  RETURN_ERROR_IF(c.maps % c.group != 0, StatusCode::kInvalidArgument, "input '", w.name,
                  "' dim 0 (expected a multiple of group ", c.group, ", got ", c.maps, ")");
  c.group_channels = c.channels / c.group;
  c.group_maps = c.maps / c.group;
  Dims kernel(w.dims.begin() + 2, w.dims.end());
  if (ctx.attrs().Has("kernel_shape")) {
    ASSIGN_OR_RETURN(Dims k, ReadSpatialInts(ctx.attrs(), "kernel_shape", kernel.size(), 1, 1));
    RETURN_ERROR_IF(k != kernel, StatusCode::kInvalidModel, "attribute 'kernel_shape' (expected ",
                    DimsToString(kernel), ", the spatial dims of W, got ", DimsToString(k), ")");
  }
  ASSIGN_OR_RETURN(WindowAttrs attrs, ReadWindowAttrs(ctx.attrs(), std::move(kernel)));
  ASSIGN_OR_RETURN(c.geom, ResolveWindow(attrs, Dims(x.dims.begin() + 2, x.dims.end()), x.name));
  c.x_dtype = x.dtype;
  c.w_dtype = w.dtype;
  return c;
}

// Calls f(index, map, sum) for every output element (map: its output
// channel), `sum` being the exact
// convolution of (x - x_zero) with (w - w_zero); a null zero point is 0.
template <typename F>
void ForEachIntConvOutput(const IntConv& c, const void* x, const void* w, const void* x_zero,
                          const void* w_zero, F&& f) {
  const WindowGeometry& g = c.geom;
  const int64_t xz = x_zero != nullptr ? static_cast<int64_t>(LoadAsDouble(c.x_dtype, x_zero, 0)) : 0;
  for (int64_t n = 0; n < c.batch; ++n) {
    for (int64_t m = 0; m < c.maps; ++m) {
      const int64_t first_channel = (m / c.group_maps) * c.group_channels;
      const int64_t wz = w_zero == nullptr ? 0
                         : static_cast<int64_t>(LoadAsDouble(c.w_dtype, w_zero, c.w_zero_per_map ? m : 0));
      for (int64_t o = 0; o < g.out_size; ++o) {
        int64_t sum = 0;
        ForEachTap(g, o, [&](const Tap& t) {
          for (int64_t ci = 0; ci < c.group_channels; ++ci) {
            const int64_t xv = static_cast<int64_t>(LoadAsDouble(
                c.x_dtype, x, (n * c.channels + first_channel + ci) * g.in_size + t.offset));
            const int64_t wv = static_cast<int64_t>(LoadAsDouble(
                c.w_dtype, w, (m * c.group_channels + ci) * g.kernel_size + t.kernel_index));
            sum += (xv - xz) * (wv - wz);
          }
        });
        f((n * c.maps + m) * g.out_size + o, m, sum);
      }
    }
  }
}

}  // namespace onyx::kernels::ref
