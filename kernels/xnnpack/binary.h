#pragma once

// Binary elementwise ops with numpy broadcasting (Add, Sub, Mul, Div, Min,
// Max): one XNNPACK "nd" operator, given both inputs' shapes at each run.
// XNNPACK broadcasts up to XNN_MAX_TENSOR_DIMS (6) dimensions; higher ranks,
// empty tensors and shapes that do not broadcast are declined (the reference
// kernel takes them, and reports the errors).

#include "kernels/xnnpack/xnn_util.h"

namespace onyx::kernels::xnnpack {

// xnn_setup_<op>_nd_f32.
using BinarySetupFn = xnn_status (*)(xnn_operator_t op, size_t num_input1_dims, const size_t* input1_shape,
                                     size_t num_input2_dims, const size_t* input2_shape, const float* input1,
                                     const float* input2, float* output, pthreadpool_t threadpool);

struct BinaryState : OperatorState {
  BinarySetupFn setup = nullptr;
  const char* setup_call = "";
};

// Checks both inputs (float, static, non-empty, rank <= 6, broadcastable),
// sets the output's shape, and creates the operator with `create(op_out)`
// (xnn_create_<op>_nd_f32 with its clamp bounds bound).
template <typename Create>
Status PrepareBinary(PrepareContext& ctx, const char* create_call, const char* setup_call, BinarySetupFn setup,
                     Create create);

// Run of every binary op: output 0 = op(input 0, input 1), broadcast.
Status BinaryRun(const RunContext& ctx);

// The broadcast shape of `a` and `b`, or a decline.
Result<Dims> BroadcastDims(const Dims& a, const Dims& b);

template <typename Create>
Status PrepareBinary(PrepareContext& ctx, const char* create_call, const char* setup_call, BinarySetupFn setup,
                     Create create) {
  RETURN_IF_ERROR(XnnPrepare(ctx, 2, 2));
  RETURN_IF_ERROR(OnlyAttrs(ctx, {}));
  if (!IsFloatTensor(ctx, 1)) return Decline("input '", ctx.input(1).name, "' is not a non-empty float tensor");
  const Dims& a = ctx.input(0).dims;
  const Dims& b = ctx.input(1).dims;
  if (a.size() > XNN_MAX_TENSOR_DIMS || b.size() > XNN_MAX_TENSOR_DIMS) {
    return Decline("rank above ", XNN_MAX_TENSOR_DIMS, " (shapes ", DimsToString(a), " and ", DimsToString(b), ")");
  }
  ASSIGN_OR_RETURN(Dims out, BroadcastDims(a, b));
  BinaryState* s = ctx.EmplaceState<BinaryState>();
  RETURN_IF_ERROR(XnnStatus(create(s->op.out()), create_call));
  s->setup = setup;
  s->setup_call = setup_call;
  ctx.SetOutput(0, DType::kFloat32, std::move(out));
  return Status::Ok();
}

}  // namespace onyx::kernels::xnnpack
