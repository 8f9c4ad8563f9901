// DepthToSpace of the NHWC domain (com.ms.internal.nhwc): X [N, H, W, C] to
// Y [N, H * bs, W * bs, C / bs^2] as xnn depth_to_space_nhwc_x32, whose
// channel order (block row, block column, depth) is ONNX's DCR mode, the
// default. CRD mode is declined, as is a blocksize XNNPACK refuses.

#include <string>

#include "kernels/xnnpack/conv_pool_ops.h"
#include "kernels/xnnpack/xnn_util.h"

namespace onyx::kernels::xnnpack {
namespace {

struct DepthToSpaceState : OperatorState {
  size_t batch = 0, height = 0, width = 0;
};

}  // namespace

Status NhwcDepthToSpacePrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(XnnPrepare(ctx, 1, 1));
  RETURN_IF_ERROR(OnlyAttrs(ctx, {"blocksize", "mode"}));
  if (ctx.node().opset < 11 && ctx.attrs().Has("mode")) return Decline("attribute 'mode' before opset 11");
  ASSIGN_OR_RETURN(const std::string mode, StringAttr(ctx, "mode", "DCR"));
  if (mode != "DCR") return Decline("mode '", mode, "' (XNNPACK's order is DCR)");
  if (!ctx.attrs().Has("blocksize")) return Decline("attribute 'blocksize' is missing");
  ASSIGN_OR_RETURN(const int64_t bs, IntAttr(ctx, "blocksize", 0));
  const Dims& x = ctx.input(0).dims;
  if (x.size() != 4) return Decline("input '", ctx.input(0).name, "' is not 4-D NHWC (got ", DimsToString(x), ")");
  if (bs < 2 || bs > 65535 || x[3] % (bs * bs) != 0) return Decline("blocksize ", bs, " for ", x[3], " channels");
  DepthToSpaceState* s = ctx.EmplaceState<DepthToSpaceState>();
  s->batch = static_cast<size_t>(x[0]);
  s->height = static_cast<size_t>(x[1]);
  s->width = static_cast<size_t>(x[2]);
  const size_t out_channels = static_cast<size_t>(x[3] / (bs * bs));
  RETURN_IF_ERROR(XnnStatus(xnn_create_depth_to_space_nhwc_x32(out_channels, static_cast<size_t>(x[3]), out_channels,
                                                               static_cast<uint32_t>(bs), 0, s->op.out()),
                            "xnn_create_depth_to_space_nhwc_x32"));
  ctx.SetOutput(0, DType::kFloat32, Dims{x[0], x[1] * bs, x[2] * bs, x[3] / (bs * bs)});
  return Status::Ok();
}

Status NhwcDepthToSpaceRun(const RunContext& ctx) {
  const DepthToSpaceState& s = ctx.state<DepthToSpaceState>();
  const void* x = ctx.input(0).data;
  void* y = ctx.output(0).data;
  return SetupAndRun(ctx, s, "xnn_setup_depth_to_space_nhwc_x32", [&](xnn_operator_t op, pthreadpool_t pool) {
    return xnn_setup_depth_to_space_nhwc_x32(op, s.batch, s.height, s.width, x, y, pool);
  });
}

}  // namespace onyx::kernels::xnnpack
