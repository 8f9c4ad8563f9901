// Gather, Split and Slice of float tensors, with the indices, split sizes
// and slice bounds known when the node is prepared (constants, or values
// the planner derived): they are checked there, so Run cannot meet a bad
// index. A node whose indices only the run knows (token ids fed by the
// caller) is declined and runs on the CPU, which checks each one.

#include <algorithm>
#include <vector>

#include "kernels/cuda/cuda_util.h"
#include "kernels/cuda/launch.h"
#include "kernels/cuda/ops.h"
#include "kernels/cuda/registry.h"

namespace onyx::kernels::cuda {
namespace {

struct GatherState {
  int64_t outer = 1, count = 0, inner = 1, axis_extent = 0;
  bool int64 = true;
};

// Row-major strides of `dims`.
std::vector<int64_t> Strides(const Dims& dims) {
  std::vector<int64_t> strides(dims.size(), 1);
  for (size_t d = dims.size(); d-- > 1;) strides[d - 1] = strides[d] * dims[d];
  return strides;
}

}  // namespace

Status GatherPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(RequireFloat(ctx, 1));
  RETURN_IF_ERROR(ctx.ExpectInputCount(2, 2));
  const Dims& x = ctx.input(0).dims;
  const int rank = static_cast<int>(x.size());
  RETURN_ERROR_IF(rank == 0, StatusCode::kInvalidArgument, "data is a scalar");
  ASSIGN_OR_RETURN(int axis, NormalizeAxis(ctx.attrs().GetInt("axis", 0), rank));
  std::vector<int64_t> indices;
  RETURN_IF_ERROR(KnownInts(ctx, 1, "indices", true, &indices));
  for (int64_t index : indices) {
    RETURN_ERROR_IF(index < -x[axis] || index >= x[axis], StatusCode::kInvalidArgument, "index ", index,
                    " out of range for axis ", axis, " of extent ", x[axis]);
  }
  GatherState* s = ctx.EmplaceState<GatherState>();
  s->int64 = ctx.input(1).dtype == DType::kInt64;
  s->axis_extent = x[axis];
  s->count = static_cast<int64_t>(indices.size());
  for (int d = 0; d < axis; ++d) s->outer *= x[d];
  for (int d = axis + 1; d < rank; ++d) s->inner *= x[d];
  Dims out(x.begin(), x.begin() + axis);
  out.insert(out.end(), ctx.input(1).dims.begin(), ctx.input(1).dims.end());
  out.insert(out.end(), x.begin() + axis + 1, x.end());
  ctx.SetOutput(0, DType::kFloat32, out);
  return Status::Ok();
}

Status GatherRun(const RunContext& ctx) {
  const GatherState& s = ctx.state<GatherState>();
  ONYX_CUDA_RETURN_IF_ERROR(LaunchGather(ctx.input(0).data_as<float>(), ctx.input(1).data, s.int64,
                                         ctx.output(0).data_as<float>(), s.outer, s.count, s.inner, s.axis_extent,
                                         ContextOf(ctx).stream));
  return Status::Ok();
}

namespace {

struct SplitState {
  int64_t outer = 1;      // Product of the extents before the axis.
  int64_t in_row = 0;     // Bytes of one input row (from the axis on).
  int64_t inner = 1;      // Elements after the axis.
};

}  // namespace

// Each output takes a column band of the input's rows: one strided 2-D copy each.
Status SplitPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(RequireFloat(ctx, 1));
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, 2));
  const Dims& x = ctx.input(0).dims;
  const int rank = static_cast<int>(x.size());
  RETURN_ERROR_IF(rank == 0, StatusCode::kInvalidArgument, "input is a scalar");
  ASSIGN_OR_RETURN(int axis, NormalizeAxis(ctx.attrs().GetInt("axis", 0), rank));
  const int64_t outputs = static_cast<int64_t>(ctx.num_outputs());
  std::vector<int64_t> split;
  if (ctx.node().opset >= 13 && ctx.has_input(1)) {
    RETURN_IF_ERROR(KnownInts(ctx, 1, "split", false, &split));
    ctx.SkipInputInRun(1);
  } else if (ctx.node().opset < 13 && ctx.attrs().Has("split")) {
    split = ctx.attrs().GetInts("split");
  } else if (ctx.node().opset < 2 && ctx.has_input(1)) {
    return Decline("Split-1's split input");
  }
  if (split.empty()) {
    // Equal parts; from opset 18 the last may be smaller (num_outputs).
    const int64_t part = ctx.node().opset >= 18 ? (x[axis] + outputs - 1) / outputs : x[axis] / outputs;
    RETURN_ERROR_IF(ctx.node().opset < 18 && x[axis] % outputs != 0, StatusCode::kInvalidArgument, "axis ", axis,
                    " of extent ", x[axis], " does not split into ", outputs, " equal parts");
    for (int64_t k = 0, left = x[axis]; k < outputs; ++k, left -= part) split.push_back(std::min(part, left));
  }
  RETURN_ERROR_IF(static_cast<int64_t>(split.size()) != outputs, StatusCode::kInvalidArgument, "split has ",
                  split.size(), " sizes for ", outputs, " outputs");
  int64_t total = 0;
  for (int64_t part : split) {
    RETURN_ERROR_IF(part < 0, StatusCode::kInvalidArgument, "negative split size ", part);
    total += part;
  }
  RETURN_ERROR_IF(total != x[axis], StatusCode::kInvalidArgument, "split sizes add to ", total, ", not to axis ",
                  axis, "'s extent ", x[axis]);
  SplitState* s = ctx.EmplaceState<SplitState>();
  for (int d = 0; d < axis; ++d) s->outer *= x[d];
  for (int d = axis + 1; d < rank; ++d) s->inner *= x[d];
  s->in_row = x[axis] * s->inner * static_cast<int64_t>(sizeof(float));
  for (int64_t k = 0; k < outputs; ++k) {
    Dims out = x;
    out[axis] = split[k];
    if (ctx.has_output(k)) ctx.SetOutput(k, DType::kFloat32, out);
  }
  return Status::Ok();
}

Status SplitRun(const RunContext& ctx) {
  const SplitState& s = ctx.state<SplitState>();
  const uint8_t* x = static_cast<const uint8_t*>(ctx.input(0).data);
  size_t offset = 0;
  for (size_t k = 0; k < ctx.outputs.size(); ++k) {
    if (ctx.outputs[k] == nullptr) continue;
    const TensorView& y = ctx.output(k);
    const size_t row = s.outer == 0 ? 0 : y.nbytes() / static_cast<size_t>(s.outer);
    if (row > 0) {
      ONYX_CUDA_RETURN_IF_ERROR(cudaMemcpy2DAsync(y.data, row, x + offset, static_cast<size_t>(s.in_row), row,
                                                  static_cast<size_t>(s.outer), cudaMemcpyDeviceToDevice,
                                                  ContextOf(ctx).stream));
    }
    offset += row;
  }
  return Status::Ok();
}

namespace {

struct SliceState {
  int64_t base = 0;  // Offset of the first element taken.
  TransposeIndex index;
};

}  // namespace

// ONNX's Slice: per axis, start and end clamped to the extent (to [0, d]
// for a positive step, [-1, d - 1] for a negative one), negative values
// counting from the end.
Status SlicePrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(RequireFloat(ctx, 1));
  const Dims& x = ctx.input(0).dims;
  const int rank = static_cast<int>(x.size());
  std::vector<int64_t> starts, ends, axes, steps;
  if (ctx.node().opset < 10) {
    RETURN_IF_ERROR(ctx.ExpectInputCount(1, 1));
    starts = ctx.attrs().GetInts("starts");
    ends = ctx.attrs().GetInts("ends");
    axes = ctx.attrs().GetInts("axes");
  } else {
    RETURN_IF_ERROR(ctx.ExpectInputCount(3, 5));
    RETURN_IF_ERROR(KnownInts(ctx, 1, "starts", true, &starts));
    RETURN_IF_ERROR(KnownInts(ctx, 2, "ends", true, &ends));
    if (ctx.has_input(3)) RETURN_IF_ERROR(KnownInts(ctx, 3, "axes", true, &axes));
    if (ctx.has_input(4)) RETURN_IF_ERROR(KnownInts(ctx, 4, "steps", true, &steps));
    for (size_t i = 1; i < 5; ++i) ctx.SkipInputInRun(i);
  }
  RETURN_ERROR_IF(starts.size() != ends.size(), StatusCode::kInvalidArgument, "starts has ", starts.size(),
                  " values and ends ", ends.size());
  if (axes.empty()) {
    for (size_t k = 0; k < starts.size(); ++k) axes.push_back(static_cast<int64_t>(k));
  }
  if (steps.empty()) steps.assign(starts.size(), 1);
  RETURN_ERROR_IF(axes.size() != starts.size() || steps.size() != starts.size(), StatusCode::kInvalidArgument,
                  "starts, ends, axes and steps differ in length");
  std::vector<int64_t> first(rank, 0), step(rank, 1);
  Dims out = x;
  std::vector<bool> seen(rank, false);
  for (size_t k = 0; k < axes.size(); ++k) {
    ASSIGN_OR_RETURN(int a, NormalizeAxis(axes[k], rank));
    RETURN_ERROR_IF(seen[a], StatusCode::kInvalidArgument, "axis ", axes[k], " repeated");
    seen[a] = true;
    RETURN_ERROR_IF(steps[k] == 0, StatusCode::kInvalidArgument, "step 0 on axis ", axes[k]);
    const int64_t d = x[a];
    int64_t start = starts[k], end = ends[k];
    if (start < 0) start = start < -d ? -1 : start + d;
    if (end < 0) end = end < -d ? -1 : end + d;
    if (steps[k] > 0) {
      start = std::clamp<int64_t>(start, 0, d);
      end = std::clamp<int64_t>(end, 0, d);
      out[a] = end > start ? (end - start + steps[k] - 1) / steps[k] : 0;
    } else {
      start = std::min<int64_t>(std::max<int64_t>(start, 0), d - 1);
      end = std::min<int64_t>(std::max<int64_t>(end, -1), d - 1);
      out[a] = start > end ? (start - end - steps[k] - 1) / -steps[k] : 0;
    }
    first[a] = out[a] > 0 ? start : 0;
    step[a] = steps[k];
  }
  RETURN_ERROR_IF(rank > kMaxRank, StatusCode::kUnsupported, kProviderName, " declines: rank ", rank);
  SliceState* s = ctx.EmplaceState<SliceState>();
  const std::vector<int64_t> strides = Strides(x);
  s->index.rank = rank;
  for (int d = 0; d < rank; ++d) {
    s->base += first[d] * strides[d];
    s->index.out_dims[d] = out[d];
    s->index.in_strides[d] = step[d] * strides[d];
  }
  ctx.SetOutput(0, DType::kFloat32, out);
  return Status::Ok();
}

Status SliceRun(const RunContext& ctx) {
  const SliceState& s = ctx.state<SliceState>();
  ONYX_CUDA_RETURN_IF_ERROR(LaunchTranspose(ctx.input(0).data_as<float>() + s.base, ctx.output(0).data_as<float>(),
                                            ctx.output(0).num_elements(), s.index, ContextOf(ctx).stream));
  return Status::Ok();
}

}  // namespace onyx::kernels::cuda
