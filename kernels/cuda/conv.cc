// Conv and FusedConv, NCHW, 2-D (1-D as height 1): depthwise convolutions
// run a direct kernel; the others one GEMM per image and group over
// columns unfolded into scratch (skipped for 1x1 stride-1 unpadded
// convolutions), then the bias and the fused activation in one pass.

#include <algorithm>

#include "kernels/api/window.h"
#include "kernels/cuda/cuda_util.h"
#include "kernels/cuda/launch.h"
#include "kernels/cuda/ops.h"
#include "kernels/cuda/registry.h"

namespace onyx::kernels::cuda {
namespace {

struct ConvState {
  ConvGeometry g;
  bool depthwise = false;
  bool pointwise = false;  // 1x1, stride 1, no padding: the image is its own column matrix.
  Act act;
};

Status PrepareConv(PrepareContext& ctx, bool fused) {
  RETURN_IF_ERROR(RequireFloat(ctx));
  RETURN_IF_ERROR(ctx.ExpectInputCount(2, 3));
  const Dims& x = ctx.input(0).dims;
  const Dims& w = ctx.input(1).dims;
  if ((x.size() != 3 && x.size() != 4) || w.size() != x.size()) {
    return Decline("Conv of rank ", x.size(),
                     " (1-D and 2-D only)");
  }
  const bool one_d = x.size() == 3;
  ConvState* s = ctx.EmplaceState<ConvState>();
  ConvGeometry& g = s->g;
  g.batch = x[0];
  g.in_channels = x[1];
  g.in_h = one_d ? 1 : x[2];
  g.in_w = x.back();
  g.out_channels = w[0];
  g.groups = ctx.attrs().GetInt("group", 1);
  RETURN_ERROR_IF(g.groups < 1 || g.in_channels % g.groups != 0 || g.out_channels % g.groups != 0 ||
                      w[1] * g.groups != g.in_channels,
                  StatusCode::kInvalidArgument, "W of shape ", DimsToString(w), " does not fit X of shape ",
                  DimsToString(x), " with group ", g.groups);
  if (ctx.has_input(2)) {
    RETURN_ERROR_IF(ctx.input(2).dims != Dims{g.out_channels}, StatusCode::kInvalidArgument, "B of shape ",
                    DimsToString(ctx.input(2).dims), " (expected [", g.out_channels, "])");
  }
  // A 1-D node's attributes have one value per axis: resolve them as 2-D
  // with a unit height by reading them through a node view of rank 2.
  int64_t kernel[2] = {one_d ? 1 : w[2], w.back()};
  int64_t in[2] = {g.in_h, g.in_w};
  Window2d win;
  if (one_d) {
    NodeInfo node = ctx.node();
    Attributes attrs;
    for (const Attribute& a : node.attrs.items()) {
      Attribute b = a;
      if (a.type == AttrType::kInts && (a.name == "strides" || a.name == "dilations" || a.name == "kernel_shape")) {
        b.ints.insert(b.ints.begin(), 1);
      } else if (a.type == AttrType::kInts && a.name == "pads" && a.ints.size() == 2) {
        b.ints = {0, a.ints[0], 0, a.ints[1]};
      }
      attrs.Add(b);
    }
    node.attrs = attrs;
    PrepareContext view(node, {}, 0);
    ASSIGN_OR_RETURN(win, ResolveWindow2d(view, kProviderName, kernel, in, false));
  } else {
    ASSIGN_OR_RETURN(win, ResolveWindow2d(ctx, kProviderName, kernel, in, false));
  }
  SetWindow(win, &g);
  s->depthwise = g.groups == g.in_channels && g.groups == g.out_channels;
  s->pointwise = g.kernel_h == 1 && g.kernel_w == 1 && g.stride_h == 1 && g.stride_w == 1 && !win.any_padding();
  if (fused) RETURN_IF_ERROR(ReadFusedActivation(ctx, &s->act));
  if (!s->depthwise && !s->pointwise) {
    const int64_t rows = (g.in_channels / g.groups) * g.kernel_h * g.kernel_w;
    ctx.RequestScratch(static_cast<size_t>(rows * g.out_h * g.out_w) * sizeof(float));
  }
  Dims out = {g.batch, g.out_channels};
  if (!one_d) out.push_back(g.out_h);
  out.push_back(g.out_w);
  ctx.SetOutput(0, DType::kFloat32, out);
  return Status::Ok();
}

}  // namespace

Status ConvPrepare(PrepareContext& ctx) { return PrepareConv(ctx, false); }
Status FusedConvPrepare(PrepareContext& ctx) { return PrepareConv(ctx, true); }

Status ConvRun(const RunContext& ctx) {
  const ConvState& s = ctx.state<ConvState>();
  const ConvGeometry& g = s.g;
  const CudaContext& c = ContextOf(ctx);
  const float* x = ctx.input(0).data_as<float>();
  const float* w = ctx.input(1).data_as<float>();
  const float* bias = ctx.has_input(2) ? ctx.input(2).data_as<float>() : nullptr;
  float* y = ctx.output(0).data_as<float>();
  if (ctx.output(0).num_elements() == 0) return Status::Ok();
  if (s.depthwise) {
    ONYX_CUDA_RETURN_IF_ERROR(LaunchDepthwiseConv(x, w, bias, y, g, s.act, c.stream));
    return Status::Ok();
  }
  const int64_t group_in = g.in_channels / g.groups, group_out = g.out_channels / g.groups;
  const int64_t spatial = g.out_h * g.out_w;
  const int64_t rows = group_in * g.kernel_h * g.kernel_w;
  const float one = 1.0f, zero = 0.0f;
  for (int64_t b = 0; b < g.batch; ++b) {
    for (int64_t grp = 0; grp < g.groups; ++grp) {
      const float* image = x + (b * g.in_channels + grp * group_in) * g.in_h * g.in_w;
      const float* columns = image;
      if (!s.pointwise) {
        float* scratch = static_cast<float*>(ctx.scratch);
        ONYX_CUDA_RETURN_IF_ERROR(LaunchIm2Col(image, scratch, g, group_in, c.stream));
        columns = scratch;
      }
      // Y_g (group_out x spatial) = W_g (group_out x rows) columns (rows x spatial), row-major.
      ONYX_CUBLAS_RETURN_IF_ERROR(cublasSgemm(c.cublas, CUBLAS_OP_N, CUBLAS_OP_N, static_cast<int>(spatial),
                                              static_cast<int>(group_out), static_cast<int>(rows), &one, columns,
                                              static_cast<int>(spatial), w + grp * group_out * rows,
                                              static_cast<int>(rows), &zero,
                                              y + (b * g.out_channels + grp * group_out) * spatial,
                                              static_cast<int>(spatial)));
    }
  }
  ONYX_CUDA_RETURN_IF_ERROR(LaunchBiasAct(y, bias, g.batch, g.out_channels, spatial, s.act, c.stream));
  return Status::Ok();
}

}  // namespace onyx::kernels::cuda
