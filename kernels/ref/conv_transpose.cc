// ConvTranspose: the gradient of Conv with respect to its input. X [N, C, D1..Dn]
// and W [C, M/group, k1..kn] give Y [N, M, O1..On]: every input element,
// times every kernel tap, is added at output position
// i * stride + k * dilation - pad_begin. Opsets 1 and 11 differ only in
// wording; 22 adds bfloat16.
//
// Output size and pads, per the spec: with explicit pads (or none),
// O = stride * (in - 1) + output_padding + (k - 1) * dilation + 1 - pads.
// With output_shape, or auto_pad SAME_* (output_shape defaulting to
// in * stride), the total pad is that formula's value minus O, split
// begin = total / 2 for SAME_UPPER, begin = total - total / 2 otherwise, with
// floor division so that a negative total (output_shape larger than the
// computed extent) extends the output at the end, as ONNX's reference does.

#include <type_traits>
#include <utility>

#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/pool_util.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/internal/spatial_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct ConvTransposeParams {
  ScatterGeometry geom;
  int64_t batch = 0, channels = 0, maps = 0, group = 1;
  int64_t group_channels = 0, group_maps = 0;  // C / group and M / group.
  bool has_bias = false;
};

// Checks W and B against X and group; returns W's spatial dims.
Result<Dims> CheckWeights(const PrepareContext& ctx, int64_t group) {
  const ValueInfo& x = ctx.input(0);
  const ValueInfo& w = ctx.input(1);
  RETURN_ERROR_IF(w.dims.size() != x.dims.size(), StatusCode::kInvalidArgument, "input '", w.name,
                  "' rank (expected ", x.dims.size(), " like input '", x.name, "' ",
                  DimsToString(x.dims), ", got ", w.dims.size(), " in ", DimsToString(w.dims), ")");
  const int64_t c = x.dims[1];
  RETURN_ERROR_IF(c % group != 0, StatusCode::kInvalidArgument, "input '", x.name,
                  "' channels (expected a multiple of group ", group, ", got ", c, ")");
  RETURN_ERROR_IF(w.dims[0] != c, StatusCode::kInvalidArgument, "input '", w.name,
                  "' dim 0 (expected ", c, ", the channels of input '", x.name, "', got ",
                  w.dims[0], ")");
  Dims kernel(w.dims.begin() + 2, w.dims.end());
  for (int64_t k : kernel) {
    RETURN_ERROR_IF(k < 1, StatusCode::kInvalidArgument, "input '", w.name,
                    "' kernel dims (expected >= 1, got ", DimsToString(kernel), ")");
  }
  if (ctx.attrs().Has("kernel_shape")) {
    ASSIGN_OR_RETURN(Dims k, ReadSpatialInts(ctx.attrs(), "kernel_shape", kernel.size(), 1, 1));
    RETURN_ERROR_IF(k != kernel, StatusCode::kInvalidModel, "attribute 'kernel_shape' (expected ",
                    DimsToString(kernel), ", the spatial dims of W, got ", DimsToString(k), ")");
  }
  if (ctx.has_input(2)) {
    const int64_t m = w.dims[1] * group;
    RETURN_ERROR_IF(ctx.input(2).dims != Dims{m}, StatusCode::kInvalidArgument, "input '",
                    ctx.input(2).name, "' shape (expected [", m, "], the output channels, got ",
                    DimsToString(ctx.input(2).dims), ")");
  }
  return kernel;
}

// output_shape holds the spatial dims, or (as some exporters write it) all
// dims; empty when absent.
Result<Dims> ReadOutputShape(const Attributes& attrs, size_t n) {
  ASSIGN_OR_RETURN(Dims v, IntsAttr(attrs, "output_shape"));
  if (v.size() == n + 2) v.erase(v.begin(), v.begin() + 2);
  RETURN_ERROR_IF(!v.empty() && v.size() != n, StatusCode::kInvalidModel,
                  "attribute 'output_shape' length (expected ", n, " spatial dims, got ", v.size(),
                  ")");
  for (int64_t d : v) {
    RETURN_ERROR_IF(d < 0, StatusCode::kInvalidModel,
                    "attribute 'output_shape' values (expected >= 0, got ", DimsToString(v), ")");
  }
  return v;
}

// Output extents and begin pads for X's spatial dims `in`.
Status ResolveGeometry(const Attributes& attrs, const WindowAttrs& w, const Dims& in,
                       const std::string& x_name, ScatterGeometry& g) {
  const size_t n = in.size();
  ASSIGN_OR_RETURN(Dims out_pad, ReadSpatialInts(attrs, "output_padding", n, 0, 0));
  ASSIGN_OR_RETURN(Dims out_shape, ReadOutputShape(attrs, n));
  for (size_t d = 0; d < n; ++d) {
    RETURN_ERROR_IF(out_pad[d] >= std::max(w.strides[d], w.dilations[d]), StatusCode::kInvalidModel,
                    "attribute 'output_padding' values (expected < ",
                    "max(stride, dilation) = ", std::max(w.strides[d], w.dilations[d]), " in dim ",
                    d, ", got ", DimsToString(out_pad), ")");
  }
  const bool same = w.auto_pad == AutoPad::kSameUpper || w.auto_pad == AutoPad::kSameLower;
  g.in = in;
  g.kernel = w.kernel;
  g.strides = w.strides;
  g.dilations = w.dilations;
  g.out.assign(n, 0);
  g.pad_begin.assign(n, 0);
  for (size_t d = 0; d < n; ++d) {
    const int64_t full =
        w.strides[d] * (in[d] - 1) + out_pad[d] + (w.kernel[d] - 1) * w.dilations[d] + 1;
    if (!out_shape.empty() || same) {
      const int64_t out = out_shape.empty() ? in[d] * w.strides[d] : out_shape[d];
      const int64_t total = full - out;
      g.pad_begin[d] =
          w.auto_pad == AutoPad::kSameUpper ? FloorDiv(total, 2) : total - FloorDiv(total, 2);
      g.out[d] = out;
    } else {
      g.pad_begin[d] = w.pads[d];
      g.out[d] = full - w.pads[d] - w.pads[n + d];
      RETURN_ERROR_IF(g.out[d] < 0, StatusCode::kInvalidArgument, "input '", x_name,
                      "' spatial dim ", d, " with pads ", DimsToString(w.pads),
                      " gives a negative output extent (expected >= 0, got ", g.out[d], ")");
    }
  }
  g.Finish();
  return Status::Ok();
}

template <typename T>
Status RunConvTranspose(const RunContext& ctx, const ConvTransposeParams& p) {
  using Acc = ComputeType<T>;
  const ScatterGeometry& g = p.geom;
  const T* x = ctx.input(0).data_as<const T>();
  const T* w = ctx.input(1).data_as<const T>();
  const T* bias = p.has_bias ? ctx.input(2).data_as<const T>() : nullptr;
  T* y = ctx.output(0).data_as<T>();
  // 16-bit outputs sum in a float plane in scratch; the others in place.
  Acc* plane = std::is_same_v<T, Acc> ? nullptr : static_cast<Acc*>(ctx.scratch);
  const int64_t w_channel = p.group_maps * g.kernel_size;  // W elements per input channel.
  for (int64_t n = 0; n < p.batch; ++n) {
    for (int64_t m = 0; m < p.maps; ++m) {
      const int64_t gi = m / p.group_maps, mg = m % p.group_maps;
      T* ym = y + (n * p.maps + m) * g.out_size;
      Acc* acc = plane ? plane : reinterpret_cast<Acc*>(ym);
      for (int64_t o = 0; o < g.out_size; ++o) acc[o] = Acc(0);
      const T* xg = x + (n * p.channels + gi * p.group_channels) * g.in_size;
      const T* wg = w + gi * p.group_channels * w_channel + mg * g.kernel_size;
      ForEachScatter(g, [&](int64_t i, int64_t k, int64_t o) {
        Acc s = Acc(0);
        for (int64_t c = 0; c < p.group_channels; ++c) {
          s += static_cast<Acc>(xg[c * g.in_size + i]) * static_cast<Acc>(wg[c * w_channel + k]);
        }
        acc[o] += s;
      });
      const Acc b = bias ? static_cast<Acc>(bias[m]) : Acc(0);
      for (int64_t o = 0; o < g.out_size; ++o) ym[o] = static_cast<T>(acc[o] + b);
    }
  }
  return Status::Ok();
}

}  // namespace

Status ConvTransposePrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(2, 3));
  RETURN_IF_ERROR(ExpectSpatialFloat(ctx, 0));
  RETURN_IF_ERROR(ExpectSameDType(ctx, 1, 0));
  if (ctx.has_input(2)) RETURN_IF_ERROR(ExpectSameDType(ctx, 2, 0));
  RETURN_IF_ERROR(ExpectImageRank(ctx, 0));
  const ValueInfo& x = ctx.input(0);
  ASSIGN_OR_RETURN(int64_t group, IntAttr(ctx.attrs(), "group", 1));
  RETURN_ERROR_IF(group < 1, StatusCode::kInvalidModel, "attribute 'group' (expected >= 1, got ",
                  group, ")");
  ASSIGN_OR_RETURN(Dims kernel, CheckWeights(ctx, group));
  ASSIGN_OR_RETURN(WindowAttrs w, ReadWindowAttrs(ctx.attrs(), std::move(kernel)));

  ConvTransposeParams p;
  RETURN_IF_ERROR(
      ResolveGeometry(ctx.attrs(), w, Dims(x.dims.begin() + 2, x.dims.end()), x.name, p.geom));
  p.batch = x.dims[0];
  p.channels = x.dims[1];
  p.group = group;
  p.group_channels = p.channels / group;
  p.group_maps = ctx.input(1).dims[1];
  p.maps = p.group_maps * group;
  p.has_bias = ctx.has_input(2);
  Dims out{p.batch, p.maps};
  out.insert(out.end(), p.geom.out.begin(), p.geom.out.end());
  RETURN_IF_ERROR(CheckedNumElements(out).status());
  if (x.dtype == DType::kFloat16 || x.dtype == DType::kBFloat16) {
    ctx.RequestScratch(static_cast<size_t>(p.geom.out_size) * sizeof(float));
  }
  ctx.SetOutput(0, x.dtype, std::move(out));
  ctx.EmplaceState<ConvTransposeParams>(std::move(p));
  return Status::Ok();
}

Status ConvTransposeRun(const RunContext& ctx) {
  const auto& p = ctx.state<ConvTransposeParams>();
  return DispatchFloatOrHalf(ctx.input(0).dtype,
                             [&](auto tag) { return RunConvTranspose<decltype(tag)>(ctx, p); });
}

}  // namespace onyx::kernels::ref
