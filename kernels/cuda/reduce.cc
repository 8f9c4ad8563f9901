// ReduceMean over trailing axes (the global pooling of exported models,
// the statistics of an unfused layer norm): one block per row of the
// reduced values. Other axis sets are declined.

#include <algorithm>
#include <vector>

#include "kernels/cuda/cuda_util.h"
#include "kernels/cuda/launch.h"
#include "kernels/cuda/ops.h"
#include "kernels/cuda/registry.h"

namespace onyx::kernels::cuda {
namespace {

struct ReduceState {
  int64_t rows = 0, cols = 0;
  bool copy = false;  // noop_with_empty_axes with no axes: the input itself.
};

}  // namespace

Status ReduceMeanPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(RequireFloat(ctx, 1));
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, 2));
  const Dims& x = ctx.input(0).dims;
  const int rank = static_cast<int>(x.size());
  std::vector<int64_t> axes;
  if (ctx.node().opset >= 18) {
    if (ctx.has_input(1)) {
      RETURN_IF_ERROR(KnownInts(ctx, 1, "axes", false, &axes));
      ctx.SkipInputInRun(1);
    }
  } else {
    axes = ctx.attrs().GetInts("axes");
  }
  const bool keepdims = ctx.attrs().GetInt("keepdims", 1) != 0;
  ReduceState* s = ctx.EmplaceState<ReduceState>();
  if (axes.empty() && ctx.node().opset >= 18 && ctx.attrs().GetInt("noop_with_empty_axes", 0) != 0) {
    s->copy = true;
    ctx.SetOutput(0, DType::kFloat32, x);
    return Status::Ok();
  }
  std::vector<bool> reduced(rank, axes.empty());
  for (int64_t a : axes) {
    ASSIGN_OR_RETURN(int axis, NormalizeAxis(a, rank));
    reduced[axis] = true;
  }
  // The reduced axes must be the trailing ones, so that each output value
  // is the mean of one contiguous row.
  int first = rank;
  while (first > 0 && reduced[first - 1]) --first;
  for (int d = 0; d < first; ++d) {
    if (reduced[d]) {
      return Decline("ReduceMean over axes that are not the "
                       "trailing ones");
    }
  }
  s->rows = 1;
  for (int d = 0; d < first; ++d) s->rows *= x[d];
  s->cols = 1;
  for (int d = first; d < rank; ++d) s->cols *= x[d];
  if (s->cols == 0) {
    return Decline("the mean of no values");
  }
  Dims out;
  for (int d = 0; d < rank; ++d) {
    if (!reduced[d]) out.push_back(x[d]);
    else if (keepdims) out.push_back(1);
  }
  ctx.SetOutput(0, DType::kFloat32, out);
  return Status::Ok();
}

Status ReduceMeanRun(const RunContext& ctx) {
  const ReduceState& s = ctx.state<ReduceState>();
  const cudaStream_t stream = ContextOf(ctx).stream;
  if (s.copy) {
    if (ctx.output(0).data != ctx.input(0).data && ctx.output(0).nbytes() > 0) {
      ONYX_CUDA_RETURN_IF_ERROR(cudaMemcpyAsync(ctx.output(0).data, ctx.input(0).data, ctx.output(0).nbytes(),
                                                cudaMemcpyDeviceToDevice, stream));
    }
    return Status::Ok();
  }
  ONYX_CUDA_RETURN_IF_ERROR(
      LaunchRowMean(ctx.input(0).data_as<float>(), ctx.output(0).data_as<float>(), s.rows, s.cols, stream));
  return Status::Ok();
}

}  // namespace onyx::kernels::cuda
