#pragma once

// Unary elementwise ops (Abs, Relu, Sigmoid, Clip, ...): one XNNPACK "nc"
// operator made with one channel and unit strides, so that a run hands it
// the whole tensor as one contiguous row of elements (XNNPACK then splits it
// into blocks across the pool). Layout does not matter to these ops.

#include "kernels/xnnpack/xnn_util.h"

namespace onyx::kernels::xnnpack {

// xnn_setup_<op>_nc_f32.
using UnarySetupFn = xnn_status (*)(xnn_operator_t op, size_t batch_size, const float* input, float* output,
                                    pthreadpool_t threadpool);

struct UnaryState : OperatorState {
  UnarySetupFn setup = nullptr;
  const char* setup_call = "";
};

// Creates the operator with `create(channels, input_stride, output_stride,
// op_out)` (a call of xnn_create_<op>_nc_f32 with the op's parameters bound;
// an XNNPACK refusal declines the node) and gives output 0 input 0's shape.
// The caller has checked arity and attributes (XnnPrepare, OnlyAttrs).
template <typename Create>
Status PrepareUnary(PrepareContext& ctx, const char* create_call, const char* setup_call, UnarySetupFn setup,
                    Create create) {
  UnaryState* s = ctx.EmplaceState<UnaryState>();
  RETURN_IF_ERROR(XnnStatus(create(size_t{1}, size_t{1}, size_t{1}, s->op.out()), create_call));
  s->setup = setup;
  s->setup_call = setup_call;
  ctx.SetOutput(0, DType::kFloat32, ctx.input(0).dims);
  return Status::Ok();
}

// Run of every unary op: output 0 = op(input 0), element by element. May
// run in place (output == input), as the planner allows for these ops.
Status UnaryRun(const RunContext& ctx);

}  // namespace onyx::kernels::xnnpack
