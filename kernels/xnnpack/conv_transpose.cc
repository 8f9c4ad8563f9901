// ConvTranspose of the NHWC domain (com.ms.internal.nhwc): X [N, H, W, C],
// W [C, kH, kW, M/group] (ONNX's [C, M/group, kH, kW] with axis 1 last),
// optional bias [M], Y [N, OH, OW, M], as xnn deconvolution2d_nhwc_f32.
// Output extents and pads as ONNX (and the reference kernel) resolve them:
// explicit pads, auto_pad SAME_* or output_shape (its total padding split
// as the reference does); output_padding is XNNPACK's adjustment. W is
// repacked once, in Prepare, into XNNPACK's [group, M/group, kH, kW,
// C/group]. Declined: W or B not constant, output_padding not below the
// stride (XNNPACK's limit), an output beyond the computed extent that
// XNNPACK's adjustment cannot add at the end.

#include <algorithm>
#include <limits>
#include <string>
#include <vector>

#include "kernels/xnnpack/conv_pool_ops.h"
#include "kernels/xnnpack/pool_window.h"

namespace onyx::kernels::xnnpack {
namespace {

struct ConvTransposeState : OperatorState {
  size_t batch = 0, height = 0, width = 0;
  uint32_t adjustment[2] = {0, 0};
};

struct Deconv2d {
  uint32_t kernel[2], stride[2], dilation[2], adjustment[2];
  uint32_t pad_begin[2], pad_end[2];
  int64_t out[2];
};

int64_t FloorDiv(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

Result<std::vector<int64_t>> Ints(const PrepareContext& ctx, const char* name, size_t size, int64_t fallback) {
  const Attribute* a = ctx.attrs().Find(name);
  if (a == nullptr) return std::vector<int64_t>(size, fallback);
  if (a->type != AttrType::kInts || a->ints.size() != size) return Decline("attribute '", name, "'");
  return a->ints;
}

Result<Deconv2d> ResolveDeconv(const PrepareContext& ctx, const int64_t kernel[2], const int64_t in[2]) {
  ASSIGN_OR_RETURN(const std::vector<int64_t> strides, Ints(ctx, "strides", 2, 1));
  ASSIGN_OR_RETURN(const std::vector<int64_t> dilations, Ints(ctx, "dilations", 2, 1));
  ASSIGN_OR_RETURN(const std::vector<int64_t> pads, Ints(ctx, "pads", 4, 0));
  ASSIGN_OR_RETURN(const std::vector<int64_t> adjust, Ints(ctx, "output_padding", 2, 0));
  ASSIGN_OR_RETURN(const std::string auto_pad, StringAttr(ctx, "auto_pad", "NOTSET"));
  std::vector<int64_t> out_shape;
  if (const Attribute* a = ctx.attrs().Find("output_shape")) {
    if (a->type != AttrType::kInts || (a->ints.size() != 2 && a->ints.size() != 4)) return Decline("output_shape");
    out_shape.assign(a->ints.end() - 2, a->ints.end());
  }
  const bool same = auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER";
  if (!same && auto_pad != "NOTSET" && auto_pad != "VALID") return Decline("auto_pad '", auto_pad, "'");
  const int64_t kMax = std::numeric_limits<uint32_t>::max();
  Deconv2d g;
  for (int d = 0; d < 2; ++d) {
    const int64_t s = strides[d], dil = dilations[d];
    if (s < 1 || s > kMax || dil < 1 || dil > kMax || kernel[d] > kMax) return Decline("strides or dilations");
    if (adjust[d] < 0 || adjust[d] >= s) return Decline("output_padding ", adjust[d], " not below stride ", s);
    const int64_t full = s * (in[d] - 1) + adjust[d] + (kernel[d] - 1) * dil + 1;
    int64_t begin = 0, out = 0, adjustment = adjust[d];
    if (!out_shape.empty() || same) {
      out = out_shape.empty() ? in[d] * s : out_shape[d];
      const int64_t total = full - out;
      begin = auto_pad == "SAME_UPPER" ? FloorDiv(total, 2) : total - FloorDiv(total, 2);
      // An output beyond the computed extent grows at the end (zeros plus
      // bias): more adjustment, while it stays below the stride.
      if (total < 0) {
        adjustment -= total - begin;
        if (begin < 0 || adjustment >= s) return Decline("output extent ", out, " beyond the computed ", full);
      }
    } else {
      if (auto_pad == "NOTSET") begin = pads[d];
      const int64_t end = auto_pad == "NOTSET" ? pads[d + 2] : 0;
      if (begin < 0 || end < 0) return Decline("negative pads");
      out = full - begin - end;
    }
    const int64_t end = full + (adjustment - adjust[d]) - begin - out;
    if (out < 1 || begin > kMax || end > kMax) return Decline("output extent ", out);
    g.kernel[d] = static_cast<uint32_t>(kernel[d]);
    g.stride[d] = static_cast<uint32_t>(s);
    g.dilation[d] = static_cast<uint32_t>(dil);
    g.adjustment[d] = static_cast<uint32_t>(adjustment);
    g.pad_begin[d] = static_cast<uint32_t>(begin);
    g.pad_end[d] = static_cast<uint32_t>(end);
    g.out[d] = out;
  }
  return g;
}

}  // namespace

Status NhwcConvTransposePrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(XnnPrepare(ctx, 2, 3));
  RETURN_IF_ERROR(OnlyAttrs(
      ctx, {"auto_pad", "dilations", "group", "kernel_shape", "output_padding", "output_shape", "pads", "strides"}));
  ASSIGN_OR_RETURN(const int64_t group, IntAttr(ctx, "group", 1));
  const Dims& x = ctx.input(0).dims;
  if (x.size() != 4) return Decline("input '", ctx.input(0).name, "' is not 4-D NHWC (got ", DimsToString(x), ")");
  const float* weights = ConstantFloats(ctx, 1);
  if (weights == nullptr || !IsFloatTensor(ctx, 1) || ctx.input(1).dims.size() != 4) {
    return Decline("W is not a 4-D float constant");
  }
  const Dims& w = ctx.input(1).dims;  // [C, kH, kW, M/group].
  if (group < 1 || w[0] != x[3] || x[3] % group != 0) {
    return Decline("W ", DimsToString(w), " does not fit X ", DimsToString(x), " with group ", group);
  }
  const int64_t maps = w[3] * group;
  const float* bias = ConstantFloats(ctx, 2);
  if (ctx.has_input(2) && (bias == nullptr || ctx.input(2).dims != Dims{maps}))
    return Decline("B is not a constant [", maps, "]");
  if (ctx.attrs().Has("kernel_shape") && ctx.attrs().GetInts("kernel_shape") != std::vector<int64_t>{w[1], w[2]}) {
    return Decline("kernel_shape differs from W's spatial extents");
  }
  const int64_t kernel[2] = {w[1], w[2]}, in[2] = {x[1], x[2]};
  ASSIGN_OR_RETURN(const Deconv2d g, ResolveDeconv(ctx, kernel, in));
  // [C, kH, kW, M/g] with C = g * C/g  ->  [g, M/g, kH, kW, C/g].
  const int64_t cg = x[3] / group, mg = w[3], taps = w[1] * w[2];
  std::vector<float> packed(static_cast<size_t>(NumElements(w)));
  for (int64_t gi = 0; gi < group; ++gi) {
    for (int64_t c = 0; c < cg; ++c) {
      for (int64_t t = 0; t < taps; ++t) {
        for (int64_t m = 0; m < mg; ++m) {
          packed[((gi * mg + m) * taps + t) * cg + c] = weights[((gi * cg + c) * taps + t) * mg + m];
        }
      }
    }
  }
  ConvTransposeState* s = ctx.EmplaceState<ConvTransposeState>();
  s->batch = static_cast<size_t>(x[0]);
  s->height = static_cast<size_t>(x[1]);
  s->width = static_cast<size_t>(x[2]);
  s->adjustment[0] = g.adjustment[0];
  s->adjustment[1] = g.adjustment[1];
  const float inf = std::numeric_limits<float>::infinity();
  RETURN_IF_ERROR(XnnStatus(xnn_create_deconvolution2d_nhwc_f32(
                                g.pad_begin[0], g.pad_end[1], g.pad_end[0], g.pad_begin[1], g.kernel[0], g.kernel[1],
                                g.stride[0], g.stride[1], g.dilation[0], g.dilation[1], static_cast<uint32_t>(group),
                                static_cast<size_t>(cg), static_cast<size_t>(mg), static_cast<size_t>(x[3]),
                                static_cast<size_t>(maps), packed.data(), bias, -inf, inf, 0, s->op.out()),
                            "xnn_create_deconvolution2d_nhwc_f32"));
  ctx.SetOutput(0, DType::kFloat32, Dims{x[0], g.out[0], g.out[1], maps});
  return Status::Ok();
}

Status NhwcConvTransposeRun(const RunContext& ctx) {
  const ConvTransposeState& s = ctx.state<ConvTransposeState>();
  const float* x = ctx.input(0).data_as<const float>();
  float* y = ctx.output(0).data_as<float>();
  return SetupAndRun(ctx, s, "xnn_setup_deconvolution2d_nhwc_f32", [&](xnn_operator_t op, pthreadpool_t pool) {
    return xnn_setup_deconvolution2d_nhwc_f32(op, s.batch, s.height, s.width, s.adjustment[0], s.adjustment[1], x, y,
                                              pool);
  });
}

}  // namespace onyx::kernels::xnnpack
