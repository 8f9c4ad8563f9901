// Broadcasting binary ops (Add, Sub, Mul, Div, Pow, Max, Min, PRelu): one
// kernel that maps each output element to its inputs through strides.

#include <algorithm>

#include "kernels/cuda/cuda_util.h"
#include "kernels/cuda/launch.h"
#include "kernels/cuda/ops.h"
#include "kernels/cuda/registry.h"

namespace onyx::kernels::cuda {
namespace {

struct BinaryState {
  BinaryOp op;
  BroadcastIndex index;
};

// Strides of `in` (right-aligned to `out`) with 0 along broadcast extents.
void BroadcastStrides(const Dims& in, const Dims& out, int64_t* strides) {
  const size_t offset = out.size() - in.size();
  int64_t stride = 1;
  for (size_t d = out.size(); d-- > 0;) {
    if (d < offset || in[d - offset] == 1) {
      strides[d] = 0;
    } else {
      strides[d] = stride;
      stride *= in[d - offset];
    }
  }
}

Status PrepareBinary(PrepareContext& ctx, BinaryOp op, bool unidirectional = false) {
  RETURN_IF_ERROR(RequireFloat(ctx));
  RETURN_IF_ERROR(ctx.ExpectInputCount(2, 2));
  const Dims& a = ctx.input(0).dims;
  const Dims& b = ctx.input(1).dims;
  Dims out(std::max(a.size(), b.size()), 1);
  for (size_t d = 0; d < out.size(); ++d) {
    const int64_t ea = d + a.size() >= out.size() ? a[d + a.size() - out.size()] : 1;
    const int64_t eb = d + b.size() >= out.size() ? b[d + b.size() - out.size()] : 1;
    RETURN_ERROR_IF(ea != eb && ea != 1 && eb != 1, StatusCode::kInvalidArgument, "inputs of shapes ",
                    DimsToString(a), " and ", DimsToString(b), " do not broadcast");
    out[d] = ea == 1 ? eb : ea;
  }
  RETURN_ERROR_IF(unidirectional && out != a, StatusCode::kInvalidArgument, "slope of shape ", DimsToString(b),
                  " does not broadcast to X of shape ", DimsToString(a));
  RETURN_ERROR_IF(out.size() > static_cast<size_t>(kMaxRank), StatusCode::kUnsupported, kProviderName,
                  " declines: rank ", out.size());
  BinaryState* s = ctx.EmplaceState<BinaryState>();
  s->op = op;
  s->index.rank = static_cast<int>(out.size());
  std::copy(out.begin(), out.end(), s->index.out_dims);
  BroadcastStrides(a, out, s->index.a_strides);
  BroadcastStrides(b, out, s->index.b_strides);
  ctx.SetOutput(0, DType::kFloat32, out);
  return Status::Ok();
}

}  // namespace

Status AddPrepare(PrepareContext& ctx) { return PrepareBinary(ctx, BinaryOp::kAdd); }
Status SubPrepare(PrepareContext& ctx) { return PrepareBinary(ctx, BinaryOp::kSub); }
Status MulPrepare(PrepareContext& ctx) { return PrepareBinary(ctx, BinaryOp::kMul); }
Status DivPrepare(PrepareContext& ctx) { return PrepareBinary(ctx, BinaryOp::kDiv); }
Status PowPrepare(PrepareContext& ctx) { return PrepareBinary(ctx, BinaryOp::kPow); }
Status MaxPrepare(PrepareContext& ctx) {
  RETURN_ERROR_IF(ctx.num_inputs() != 2, StatusCode::kUnsupported, kProviderName, " declines: Max of ",
                  ctx.num_inputs(), " inputs (2 only)");
  return PrepareBinary(ctx, BinaryOp::kMax);
}
Status MinPrepare(PrepareContext& ctx) {
  RETURN_ERROR_IF(ctx.num_inputs() != 2, StatusCode::kUnsupported, kProviderName, " declines: Min of ",
                  ctx.num_inputs(), " inputs (2 only)");
  return PrepareBinary(ctx, BinaryOp::kMin);
}
Status PReluPrepare(PrepareContext& ctx) { return PrepareBinary(ctx, BinaryOp::kPRelu, true); }

Status BinaryRun(const RunContext& ctx) {
  const BinaryState& s = ctx.state<BinaryState>();
  ONYX_CUDA_RETURN_IF_ERROR(LaunchBinary(s.op, ctx.input(0).data_as<float>(), ctx.input(1).data_as<float>(),
                                         ctx.output(0).data_as<float>(), ctx.output(0).num_elements(), s.index,
                                         Act(), ContextOf(ctx).stream));
  return Status::Ok();
}

}  // namespace onyx::kernels::cuda
