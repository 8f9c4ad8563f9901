// Ops that move bytes without arithmetic: Reshape, Flatten, Squeeze,
// Unsqueeze and Identity (views: the planner gives the output the input's
// bytes, and Run copies only when it did not), Transpose and Concat.

#include <algorithm>
#include <vector>

#include "kernels/cuda/cuda_util.h"
#include "kernels/cuda/launch.h"
#include "kernels/cuda/ops.h"
#include "kernels/cuda/registry.h"

namespace onyx::kernels::cuda {
namespace {

Status SetViewOutput(PrepareContext& ctx, const Dims& out) {
  RETURN_ERROR_IF(NumElements(out) != NumElements(ctx.input(0).dims), StatusCode::kInvalidArgument,
                  "cannot view a tensor of shape ", DimsToString(ctx.input(0).dims), " as ", DimsToString(out));
  ctx.SetOutput(0, ctx.input(0).dtype, out);
  return Status::Ok();
}

// Float tensors only: the small int64 tensors of shape computations stay
// on the host, next to the Shape and Gather nodes that make them.
Status RequireNumeric(const PrepareContext& ctx) { return RequireFloat(ctx, 1); }

}  // namespace

Status ReshapePrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(RequireNumeric(ctx));
  if (ctx.node().opset < 5) return Decline("Reshape before opset 5");
  RETURN_IF_ERROR(ctx.ExpectInputCount(2, 2));
  std::vector<int64_t> shape;
  RETURN_IF_ERROR(KnownInts(ctx, 1, "shape", false, &shape));
  ctx.SkipInputInRun(1);
  const bool allow_zero = ctx.node().opset >= 14 && ctx.attrs().GetInt("allowzero", 0) != 0;
  const Dims& x = ctx.input(0).dims;
  Dims out(shape.begin(), shape.end());
  int infer = -1;
  int64_t known = 1;
  for (size_t d = 0; d < out.size(); ++d) {
    if (out[d] == 0 && !allow_zero) {
      RETURN_ERROR_IF(d >= x.size(), StatusCode::kInvalidArgument, "shape ", DimsToString(out), " copies axis ", d,
                      " of a rank-", x.size(), " input");
      out[d] = x[d];
    }
    if (out[d] == -1) {
      RETURN_ERROR_IF(infer >= 0, StatusCode::kInvalidArgument, "shape ", DimsToString(out), " has two -1");
      infer = static_cast<int>(d);
      continue;
    }
    RETURN_ERROR_IF(out[d] < 0, StatusCode::kInvalidArgument, "shape ", DimsToString(out), " has a negative extent");
    known *= out[d];
  }
  if (infer >= 0) {
    RETURN_ERROR_IF(known == 0 || NumElements(x) % known != 0, StatusCode::kInvalidArgument, "cannot reshape ",
                    DimsToString(x), " to ", DimsToString(out));
    out[infer] = NumElements(x) / known;
  }
  return SetViewOutput(ctx, out);
}

Status FlattenPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(RequireNumeric(ctx));
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, 1));
  const Dims& x = ctx.input(0).dims;
  const int rank = static_cast<int>(x.size());
  int64_t axis = ctx.attrs().GetInt("axis", 1);
  if (axis < 0) axis += rank;
  RETURN_ERROR_IF(axis < 0 || axis > rank, StatusCode::kInvalidArgument, "axis ", ctx.attrs().GetInt("axis", 1),
                  " out of range for rank ", rank);
  int64_t outer = 1;
  for (int64_t d = 0; d < axis; ++d) outer *= x[d];
  return SetViewOutput(ctx, {outer, outer == 0 ? 0 : NumElements(x) / outer});
}

Status SqueezePrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(RequireNumeric(ctx));
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, 2));
  const Dims& x = ctx.input(0).dims;
  std::vector<int64_t> axes = ctx.attrs().GetInts("axes");
  if (ctx.node().opset >= 13) {
    axes.clear();
    if (ctx.has_input(1)) RETURN_IF_ERROR(KnownInts(ctx, 1, "axes", false, &axes));
    ctx.SkipInputInRun(1);
  }
  std::vector<bool> drop(x.size(), false);
  for (int64_t a : axes) {
    ASSIGN_OR_RETURN(int axis, NormalizeAxis(a, static_cast<int>(x.size())));
    RETURN_ERROR_IF(x[axis] != 1, StatusCode::kInvalidArgument, "axis ", a, " of shape ", DimsToString(x),
                    " is not 1");
    drop[axis] = true;
  }
  Dims out;
  for (size_t d = 0; d < x.size(); ++d) {
    if (axes.empty() ? x[d] != 1 : !drop[d]) out.push_back(x[d]);
  }
  return SetViewOutput(ctx, out);
}

Status UnsqueezePrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(RequireNumeric(ctx));
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, 2));
  const Dims& x = ctx.input(0).dims;
  std::vector<int64_t> axes = ctx.attrs().GetInts("axes");
  if (ctx.node().opset >= 13) {
    RETURN_IF_ERROR(ctx.ExpectInputCount(2, 2));
    RETURN_IF_ERROR(KnownInts(ctx, 1, "axes", false, &axes));
    ctx.SkipInputInRun(1);
  }
  const int rank = static_cast<int>(x.size() + axes.size());
  std::vector<bool> added(rank, false);
  for (int64_t a : axes) {
    ASSIGN_OR_RETURN(int axis, NormalizeAxis(a, rank));
    RETURN_ERROR_IF(added[axis], StatusCode::kInvalidArgument, "axis ", a, " repeated");
    added[axis] = true;
  }
  Dims out;
  size_t next = 0;
  for (int d = 0; d < rank; ++d) out.push_back(added[d] ? 1 : x[next++]);
  return SetViewOutput(ctx, out);
}

Status IdentityPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(RequireNumeric(ctx));
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, 1));
  return SetViewOutput(ctx, ctx.input(0).dims);
}

Status CopyRun(const RunContext& ctx) {
  const TensorView& x = ctx.input(0);
  TensorView& y = ctx.output(0);
  if (x.data != y.data && y.nbytes() > 0) {
    ONYX_CUDA_RETURN_IF_ERROR(cudaMemcpyAsync(y.data, x.data, y.nbytes(), cudaMemcpyDeviceToDevice, ContextOf(ctx).stream));
  }
  return Status::Ok();
}

Status TransposePrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(RequireFloat(ctx));
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, 1));
  const Dims& x = ctx.input(0).dims;
  const int rank = static_cast<int>(x.size());
  std::vector<int64_t> perm = ctx.attrs().GetInts("perm");
  if (!ctx.attrs().Has("perm")) {
    for (int d = rank - 1; d >= 0; --d) perm.push_back(d);
  }
  RETURN_ERROR_IF(static_cast<int>(perm.size()) != rank, StatusCode::kInvalidArgument, "perm has ", perm.size(),
                  " values for a rank-", rank, " input");
  std::vector<int64_t> strides(rank, 1);
  for (int d = rank - 2; d >= 0; --d) strides[d] = strides[d + 1] * x[d + 1];
  TransposeIndex* index = ctx.EmplaceState<TransposeIndex>();
  index->rank = rank;
  std::vector<bool> seen(rank, false);
  Dims out(rank);
  for (int d = 0; d < rank; ++d) {
    RETURN_ERROR_IF(perm[d] < 0 || perm[d] >= rank || seen[perm[d]], StatusCode::kInvalidArgument, "perm ",
                    DimsToString(Dims(perm.begin(), perm.end())), " is not a permutation of ", rank, " axes");
    seen[perm[d]] = true;
    out[d] = x[perm[d]];
    index->out_dims[d] = out[d];
    index->in_strides[d] = strides[perm[d]];
  }
  ctx.SetOutput(0, DType::kFloat32, out);
  return Status::Ok();
}

Status TransposeRun(const RunContext& ctx) {
  ONYX_CUDA_RETURN_IF_ERROR(LaunchTranspose(ctx.input(0).data_as<float>(), ctx.output(0).data_as<float>(),
                                            ctx.output(0).num_elements(), ctx.state<TransposeIndex>(),
                                            ContextOf(ctx).stream));
  return Status::Ok();
}

// Expand: the input broadcast (both ways) with the shape input, known now.
Status ExpandPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(RequireFloat(ctx, 1));
  RETURN_IF_ERROR(ctx.ExpectInputCount(2, 2));
  std::vector<int64_t> shape;
  RETURN_IF_ERROR(KnownInts(ctx, 1, "shape", false, &shape));
  ctx.SkipInputInRun(1);
  const Dims& x = ctx.input(0).dims;
  const size_t rank = std::max(x.size(), shape.size());
  RETURN_ERROR_IF(rank > static_cast<size_t>(kMaxRank), StatusCode::kUnsupported, kProviderName,
                  " declines: rank ", rank);
  Dims out(rank);
  BroadcastIndex* index = ctx.EmplaceState<BroadcastIndex>();
  index->rank = static_cast<int>(rank);
  int64_t stride = 1;
  for (size_t k = 0; k < rank; ++k) {
    const size_t d = rank - 1 - k;
    const int64_t ex = k < x.size() ? x[x.size() - 1 - k] : 1;
    const int64_t es = k < shape.size() ? shape[shape.size() - 1 - k] : 1;
    RETURN_ERROR_IF(ex != es && ex != 1 && es != 1, StatusCode::kInvalidArgument, "input of shape ",
                    DimsToString(x), " does not broadcast with shape ", DimsToString(Dims(shape.begin(), shape.end())));
    out[d] = ex == 1 ? es : ex;
    index->out_dims[d] = out[d];
    index->a_strides[d] = ex == 1 ? 0 : stride;
    stride *= ex;
  }
  ctx.SetOutput(0, DType::kFloat32, out);
  return Status::Ok();
}

Status ExpandRun(const RunContext& ctx) {
  ONYX_CUDA_RETURN_IF_ERROR(LaunchBroadcastScale(ctx.input(0).data_as<float>(), ctx.output(0).data_as<float>(),
                                                 ctx.output(0).num_elements(), ctx.state<BroadcastIndex>(), 1.0f,
                                                 ContextOf(ctx).stream));
  return Status::Ok();
}

namespace {

struct ConcatState {
  int64_t outer = 1;  // Product of the extents before the axis.
  int64_t out_row = 0;  // Bytes of one output row (from the axis on).
};

}  // namespace

// Each input's rows (its bytes from the axis on) land side by side in the
// output's rows: one strided 2-D copy per input.
Status ConcatPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(RequireFloat(ctx));
  RETURN_ERROR_IF(ctx.num_inputs() == 0, StatusCode::kInvalidArgument, "Concat of no inputs");
  const Dims& first = ctx.input(0).dims;
  const int rank = static_cast<int>(first.size());
  RETURN_ERROR_IF(rank == 0, StatusCode::kInvalidArgument, "Concat of scalars");
  ASSIGN_OR_RETURN(int axis, NormalizeAxis(ctx.attrs().GetInt("axis", 0), rank));
  Dims out = first;
  out[axis] = 0;
  for (size_t i = 0; i < ctx.num_inputs(); ++i) {
    const ValueInfo& v = ctx.input(i);
    if (v.dtype != ctx.input(0).dtype || v.dynamic) return Decline("inputs of mixed types or unknown shapes");
    RETURN_ERROR_IF(static_cast<int>(v.dims.size()) != rank, StatusCode::kInvalidArgument, "input '", v.name,
                    "' has rank ", v.dims.size(), " (expected ", rank, ")");
    for (int d = 0; d < rank; ++d) {
      RETURN_ERROR_IF(d != axis && v.dims[d] != first[d], StatusCode::kInvalidArgument, "input '", v.name,
                      "' of shape ", DimsToString(v.dims), " does not match ", DimsToString(first), " off axis ", axis);
    }
    out[axis] += v.dims[axis];
  }
  ConcatState* s = ctx.EmplaceState<ConcatState>();
  for (int d = 0; d < axis; ++d) s->outer *= out[d];
  s->out_row = s->outer == 0 ? 0 : NumElements(out) / s->outer * static_cast<int64_t>(DTypeSize(ctx.input(0).dtype));
  ctx.SetOutput(0, ctx.input(0).dtype, out);
  return Status::Ok();
}

Status ConcatRun(const RunContext& ctx) {
  const ConcatState& s = ctx.state<ConcatState>();
  uint8_t* y = static_cast<uint8_t*>(ctx.output(0).data);
  size_t offset = 0;
  for (size_t i = 0; i < ctx.inputs.size(); ++i) {
    const TensorView& x = ctx.input(i);
    const size_t row = s.outer == 0 ? 0 : x.nbytes() / static_cast<size_t>(s.outer);
    if (row > 0) {
      ONYX_CUDA_RETURN_IF_ERROR(cudaMemcpy2DAsync(y + offset, static_cast<size_t>(s.out_row), x.data, row, row,
                                                  static_cast<size_t>(s.outer), cudaMemcpyDeviceToDevice,
                                                  ContextOf(ctx).stream));
    }
    offset += row;
  }
  return Status::Ok();
}

}  // namespace onyx::kernels::cuda
