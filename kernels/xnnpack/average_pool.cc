// AveragePool of the NHWC domain (com.ms.internal.nhwc): X [N, H, W, C] to
// Y [N, OH, OW, C] as xnn average_pooling2d_nhwc_f32, with strides, pads or
// auto_pad and ceil_mode (pool_window.h). XNNPACK divides by the number of
// window elements inside the input, which is ONNX's count_include_pad = 0;
// count_include_pad = 1 is taken only when the node has no pads of its own
// (ceil_mode's extension never counts).
// Declined: dilations other than 1 (XNNPACK has none), windows lying wholly
// in the padding (ONNX gives NaN there), 1x1 windows.

#include <limits>

#include "kernels/xnnpack/conv_pool_ops.h"
#include "kernels/xnnpack/pool_window.h"

namespace onyx::kernels::xnnpack {
namespace {

struct PoolState : OperatorState {
  size_t batch = 0, height = 0, width = 0;
};

}  // namespace

Status NhwcAveragePoolPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(XnnPrepare(ctx, 1, 1));
  RETURN_IF_ERROR(
      OnlyAttrs(ctx, {"auto_pad", "ceil_mode", "count_include_pad", "dilations", "kernel_shape", "pads", "strides"}));
  RETURN_IF_ERROR(DeclineAttrBefore(ctx, "count_include_pad", 7));
  RETURN_IF_ERROR(DeclineAttrBefore(ctx, "ceil_mode", 10));
  RETURN_IF_ERROR(DeclineAttrBefore(ctx, "dilations", 19));
  const Dims& x = ctx.input(0).dims;
  if (x.size() != 4) return Decline("input '", ctx.input(0).name, "' is not 4-D NHWC (got ", DimsToString(x), ")");
  int64_t kernel[2];
  RETURN_IF_ERROR(ReadPoolKernel(ctx, kernel));
  const int64_t in[2] = {x[1], x[2]};
  ASSIGN_OR_RETURN(const Window2d win, ResolveWindow2d(ctx, kernel, in, /*allow_ceil=*/true));
  if (win.dilation[0] != 1 || win.dilation[1] != 1) return Decline("dilations other than 1");
  ASSIGN_OR_RETURN(const int64_t include_pad, IntAttr(ctx, "count_include_pad", 0));
  // ONNX counts the node's pads, not ceil_mode's extension, which XNNPACK counts out too.
  if (include_pad != 0 && win.own_padding) return Decline("count_include_pad with padding");
  for (int d = 0; d < 2; ++d) {
    if (win.pad_begin[d] >= win.kernel[d] || win.pad_end[d] >= win.kernel[d]) {
      return Decline("a window lies wholly in the padding");
    }
  }
  PoolState* s = ctx.EmplaceState<PoolState>();
  s->batch = static_cast<size_t>(x[0]);
  s->height = static_cast<size_t>(x[1]);
  s->width = static_cast<size_t>(x[2]);
  const size_t channels = static_cast<size_t>(x[3]);
  const float inf = std::numeric_limits<float>::infinity();
  RETURN_IF_ERROR(XnnStatus(
      xnn_create_average_pooling2d_nhwc_f32(win.pad_begin[0], win.pad_end[1], win.pad_end[0], win.pad_begin[1],
                                            win.kernel[0], win.kernel[1], win.stride[0], win.stride[1], channels,
                                            channels, channels, -inf, inf, 0, s->op.out()),
      "xnn_create_average_pooling2d_nhwc_f32"));
  ctx.SetOutput(0, DType::kFloat32, Dims{x[0], win.out[0], win.out[1], x[3]});
  return Status::Ok();
}

Status NhwcAveragePoolRun(const RunContext& ctx) {
  const PoolState& s = ctx.state<PoolState>();
  const float* x = ctx.input(0).data_as<const float>();
  float* y = ctx.output(0).data_as<float>();
  return SetupAndRun(ctx, s, "xnn_setup_average_pooling2d_nhwc_f32", [&](xnn_operator_t op, pthreadpool_t pool) {
    return xnn_setup_average_pooling2d_nhwc_f32(op, s.batch, s.height, s.width, x, y, pool);
  });
}

}  // namespace onyx::kernels::xnnpack
