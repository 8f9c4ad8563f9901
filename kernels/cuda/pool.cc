// MaxPool, AveragePool (2-D, NCHW) and GlobalAveragePool.

#include <algorithm>
#include <vector>

#include "kernels/api/window.h"
#include "kernels/cuda/cuda_util.h"
#include "kernels/cuda/launch.h"
#include "kernels/cuda/ops.h"
#include "kernels/cuda/registry.h"

namespace onyx::kernels::cuda {
namespace {

struct PoolState {
  ConvGeometry g;
  bool max = false;
  bool count_pad = false;
};

Status PreparePool(PrepareContext& ctx, bool max) {
  RETURN_IF_ERROR(RequireFloat(ctx));
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, 1));
  if (ctx.num_outputs() > 1 && ctx.has_output(1)) {
    return Decline("MaxPool's Indices output");
  }
  const Dims& x = ctx.input(0).dims;
  if (x.size() != 4) {
    return Decline("pooling of rank ", x.size(), " (2-D only)");
  }
  if (max && ctx.attrs().GetInt("storage_order", 0) != 0) {
    return Decline("storage_order 1");
  }
  RETURN_IF_ERROR(DeclineAttrBefore(ctx, kProviderName, "dilations", max ? 10 : 19));
  RETURN_IF_ERROR(DeclineAttrBefore(ctx, kProviderName, "ceil_mode", 10));
  int64_t kernel[2];
  RETURN_IF_ERROR(ReadPoolKernel(ctx, kProviderName, kernel));
  const int64_t in[2] = {x[2], x[3]};
  ASSIGN_OR_RETURN(Window2d win, ResolveWindow2d(ctx, kProviderName, kernel, in, true));
  PoolState* s = ctx.EmplaceState<PoolState>();
  s->max = max;
  s->count_pad = ctx.attrs().GetInt("count_include_pad", 0) != 0;
  ConvGeometry& g = s->g;
  g.batch = x[0];
  g.in_channels = g.out_channels = x[1];
  g.in_h = x[2];
  g.in_w = x[3];
  SetWindow(win, &g);
  // Windows past the node's own end padding (ceil_mode) reach no input and
  // are not counted as padding.
  const std::vector<int64_t> pads = ctx.attrs().GetInts("pads");
  g.pad_bottom = win.extended ? (pads.size() == 4 ? pads[2] : 0) : win.pad_end[0];
  g.pad_right = win.extended ? (pads.size() == 4 ? pads[3] : 0) : win.pad_end[1];
  ctx.SetOutput(0, DType::kFloat32, {g.batch, g.out_channels, g.out_h, g.out_w});
  return Status::Ok();
}

}  // namespace

Status MaxPoolPrepare(PrepareContext& ctx) { return PreparePool(ctx, true); }
Status AveragePoolPrepare(PrepareContext& ctx) { return PreparePool(ctx, false); }

Status PoolRun(const RunContext& ctx) {
  const PoolState& s = ctx.state<PoolState>();
  ONYX_CUDA_RETURN_IF_ERROR(LaunchPool2d(ctx.input(0).data_as<float>(), ctx.output(0).data_as<float>(), s.g, s.max,
                                         s.count_pad, ContextOf(ctx).stream));
  return Status::Ok();
}

Status GlobalAveragePoolPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(RequireFloat(ctx));
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, 1));
  const Dims& x = ctx.input(0).dims;
  RETURN_ERROR_IF(x.size() < 3, StatusCode::kInvalidArgument, "X of shape ", DimsToString(x),
                  " (expected N x C x D1 ...)");
  Dims out = x;
  std::fill(out.begin() + 2, out.end(), 1);
  ctx.SetOutput(0, DType::kFloat32, out);
  return Status::Ok();
}

Status GlobalAveragePoolRun(const RunContext& ctx) {
  const Dims& x = ctx.input(0).dims;
  const int64_t rows = x[0] * x[1];
  const int64_t cols = rows == 0 ? 0 : ctx.input(0).num_elements() / rows;
  ONYX_CUDA_RETURN_IF_ERROR(LaunchRowMean(ctx.input(0).data_as<float>(), ctx.output(0).data_as<float>(), rows, cols,
                                          ContextOf(ctx).stream));
  return Status::Ok();
}

}  // namespace onyx::kernels::cuda
