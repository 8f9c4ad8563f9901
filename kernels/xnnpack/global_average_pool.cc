// GlobalAveragePool of the NHWC domain (com.ms.internal.nhwc): X [N, D1..Dn,
// C] to Y [N, 1, ..., 1, C], the mean over the spatial positions, as xnn
// global_average_pooling_nwc_f32 with the spatial dims flattened into W.

#include <limits>

#include "kernels/xnnpack/conv_pool_ops.h"
#include "kernels/xnnpack/xnn_util.h"

namespace onyx::kernels::xnnpack {
namespace {

struct GlobalPoolState : OperatorState {
  size_t batch = 0, width = 0;
};

}  // namespace

Status NhwcGlobalAveragePoolPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(XnnPrepare(ctx, 1, 1));
  RETURN_IF_ERROR(OnlyAttrs(ctx, {}));
  const Dims& x = ctx.input(0).dims;
  if (x.size() < 3) return Decline("input '", ctx.input(0).name, "' has rank ", x.size(), " (expected >= 3)");
  GlobalPoolState* s = ctx.EmplaceState<GlobalPoolState>();
  s->batch = static_cast<size_t>(x[0]);
  s->width = 1;
  for (size_t d = 1; d + 1 < x.size(); ++d) s->width *= static_cast<size_t>(x[d]);
  const size_t channels = static_cast<size_t>(x.back());
  const float inf = std::numeric_limits<float>::infinity();
  RETURN_IF_ERROR(
      XnnStatus(xnn_create_global_average_pooling_nwc_f32(channels, channels, channels, -inf, inf, 0, s->op.out()),
                "xnn_create_global_average_pooling_nwc_f32"));
  Dims out(x.size(), 1);
  out.front() = x.front();
  out.back() = x.back();
  ctx.SetOutput(0, DType::kFloat32, out);
  return Status::Ok();
}

Status NhwcGlobalAveragePoolRun(const RunContext& ctx) {
  const GlobalPoolState& s = ctx.state<GlobalPoolState>();
  const float* x = ctx.input(0).data_as<const float>();
  float* y = ctx.output(0).data_as<float>();
  return SetupAndRun(ctx, s, "xnn_setup_global_average_pooling_nwc_f32", [&](xnn_operator_t op, pthreadpool_t pool) {
    return xnn_setup_global_average_pooling_nwc_f32(op, s.batch, s.width, x, y, pool);
  });
}

}  // namespace onyx::kernels::xnnpack
