// Softmax over the innermost extents (xnn softmax_nc: rows of `channels`).
// Opset 1 to 12 flatten the input at `axis` (default 1) into rows, which is
// what XNNPACK does for any axis. Opset 13 on normalise along the single
// `axis` (default -1): taken when every extent after it is 1 (the last
// axis, in effect), declined otherwise.

#include "kernels/xnnpack/ops.h"
#include "kernels/xnnpack/xnn_util.h"

namespace onyx::kernels::xnnpack {
namespace {

struct SoftmaxState : OperatorState {
  size_t channels = 0;
};

}  // namespace

Status SoftmaxPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(XnnPrepare(ctx, 1, 1));
  RETURN_IF_ERROR(OnlyAttrs(ctx, {"axis"}));
  const bool legacy = ctx.node().opset < 13;
  ASSIGN_OR_RETURN(int64_t axis, IntAttr(ctx, "axis", legacy ? 1 : -1));
  const Dims& x = ctx.input(0).dims;
  const int64_t rank = static_cast<int64_t>(x.size());
  if (axis < -rank || axis >= rank) return Decline("axis ", axis, " out of range for rank ", rank);
  if (axis < 0) axis += rank;
  size_t channels = 1;
  for (int64_t d = axis; d < rank; ++d) {
    if (!legacy && d > axis && x[d] != 1) return Decline("axis ", axis, " is not the innermost of ", DimsToString(x));
    channels *= static_cast<size_t>(x[d]);
  }
  SoftmaxState* s = ctx.EmplaceState<SoftmaxState>();
  s->channels = channels;
  RETURN_IF_ERROR(
      XnnStatus(xnn_create_softmax_nc_f32(channels, channels, channels, 0, s->op.out()), "xnn_create_softmax_nc_f32"));
  ctx.SetOutput(0, DType::kFloat32, x);
  return Status::Ok();
}

Status SoftmaxRun(const RunContext& ctx) {
  const SoftmaxState& s = ctx.state<SoftmaxState>();
  const size_t rows = static_cast<size_t>(ctx.input(0).num_elements()) / s.channels;
  const float* x = ctx.input(0).data_as<const float>();
  float* y = ctx.output(0).data_as<float>();
  return SetupAndRun(ctx, s, "xnn_setup_softmax_nc_f32", [&](xnn_operator_t op, pthreadpool_t pool) {
    return xnn_setup_softmax_nc_f32(op, rows, x, y, pool);
  });
}

}  // namespace onyx::kernels::xnnpack
