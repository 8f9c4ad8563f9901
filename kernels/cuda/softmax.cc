// Softmax, LogSoftmax and LayerNormalization: one block per row of
// contiguous values.

#include "kernels/cuda/cuda_util.h"
#include "kernels/cuda/launch.h"
#include "kernels/cuda/ops.h"
#include "kernels/cuda/registry.h"

namespace onyx::kernels::cuda {
namespace {

struct RowState {
  int64_t rows = 0, cols = 0;
  bool log = false;
  float epsilon = 0.0f;
};

// Rows of the values from `axis` on (opsets before 13 coerce to 2-D there;
// from 13 the axis must be the last for the values to be contiguous).
Status PrepareSoftmax(PrepareContext& ctx, bool log) {
  RETURN_IF_ERROR(RequireFloat(ctx));
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, 1));
  const Dims& x = ctx.input(0).dims;
  const int rank = static_cast<int>(x.size());
  const bool v13 = ctx.node().opset >= 13;
  ASSIGN_OR_RETURN(int axis, NormalizeAxis(ctx.attrs().GetInt("axis", v13 ? -1 : 1), std::max(rank, 1)));
  if (v13 && rank > 0 && axis != rank - 1) {
    return Decline("softmax over axis ", axis,
                     " of a rank-", rank, " tensor (the last axis only)");
  }
  RowState* s = ctx.EmplaceState<RowState>();
  s->log = log;
  s->rows = 1;
  for (int d = 0; d < axis && d < rank; ++d) s->rows *= x[d];
  s->cols = s->rows == 0 ? 0 : NumElements(x) / s->rows;
  ctx.SetOutput(0, DType::kFloat32, x);
  return Status::Ok();
}

}  // namespace

Status SoftmaxPrepare(PrepareContext& ctx) { return PrepareSoftmax(ctx, false); }
Status LogSoftmaxPrepare(PrepareContext& ctx) { return PrepareSoftmax(ctx, true); }

Status SoftmaxRun(const RunContext& ctx) {
  const RowState& s = ctx.state<RowState>();
  ONYX_CUDA_RETURN_IF_ERROR(LaunchSoftmax(ctx.input(0).data_as<float>(), ctx.output(0).data_as<float>(), s.rows,
                                          s.cols, s.log, ContextOf(ctx).stream));
  return Status::Ok();
}

// Normalizes over the axes from `axis` on; Scale and B hold those values
// (broadcast forms are declined), and the optional Mean and InvStdDev
// outputs are declined.
Status LayerNormalizationPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(RequireFloat(ctx));
  RETURN_IF_ERROR(ctx.ExpectInputCount(2, 3));
  for (size_t o = 1; o < ctx.num_outputs(); ++o) {
    if (ctx.has_output(o)) {
      return Decline("LayerNormalization's Mean and InvStdDev");
    }
  }
  const Dims& x = ctx.input(0).dims;
  const int rank = static_cast<int>(x.size());
  RETURN_ERROR_IF(rank == 0, StatusCode::kInvalidArgument, "X is a scalar");
  ASSIGN_OR_RETURN(int axis, NormalizeAxis(ctx.attrs().GetInt("axis", -1), rank));
  RowState* s = ctx.EmplaceState<RowState>();
  s->rows = 1;
  for (int d = 0; d < axis; ++d) s->rows *= x[d];
  s->cols = s->rows == 0 ? 0 : NumElements(x) / s->rows;
  s->epsilon = ctx.attrs().GetFloat("epsilon", 1e-5f);
  for (size_t i = 1; i < ctx.num_inputs(); ++i) {
    if (!ctx.has_input(i)) continue;
    if (NumElements(ctx.input(i).dims) != s->cols) {
      return Decline(i == 1 ? "Scale" : "B", " of shape ",
                       DimsToString(ctx.input(i).dims), " (", s->cols, " values only)");
    }
  }
  ctx.SetOutput(0, DType::kFloat32, x);
  return Status::Ok();
}

Status LayerNormalizationRun(const RunContext& ctx) {
  const RowState& s = ctx.state<RowState>();
  const float* bias = ctx.has_input(2) ? ctx.input(2).data_as<float>() : nullptr;
  ONYX_CUDA_RETURN_IF_ERROR(LaunchLayerNorm(ctx.input(0).data_as<float>(), ctx.input(1).data_as<float>(), bias,
                                            ctx.output(0).data_as<float>(), s.rows, s.cols, s.epsilon,
                                            ContextOf(ctx).stream));
  return Status::Ok();
}

}  // namespace onyx::kernels::cuda
