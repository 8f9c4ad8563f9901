#pragma once

// A base op (Conv, Gemm) followed by an elementwise activation, prepared and
// run as one node: the fused ops of ONNX Runtime's com.microsoft domain that
// the converter's fusion pass emits (FusedConv, FusedGemm). Nothing of the
// base op or of the activation is written twice: the base kernel's Prepare
// and Run are called as they are, on a copy of the node carrying the opset
// they expect, then the activation kernel's Run rewrites the output in
// place (every activation used here computes out[i] from in[i] alone).

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "kernels/api/kernel.h"

namespace onyx::kernels::ref {

// The activation of a fused node: which ONNX op, with which attributes and
// at which opset its kernel is prepared. `prepare` is null for none.
struct ActivationSpec {
  std::string op;
  int opset = 0;
  std::vector<Attribute> attrs;
  PrepareFn prepare = nullptr;
  RunFn run = nullptr;
};

// The activation named `name` ("" for none) with its parameters in ONNX
// Runtime's FusedConv order (`activation_params`): LeakyRelu [alpha],
// HardSigmoid [alpha, beta], Clip [min, max], Swish [alpha]; Relu, Sigmoid,
// Tanh and HardSwish take none. kInvalidModel for an unknown name or a wrong
// parameter count. Defined in fused_activations.cc.
Result<ActivationSpec> LookupActivation(const std::string& name, const std::vector<float>& params);

// The same for FusedGemm, whose parameters are attributes named
// "activation_" + the op's attribute (activation_alpha, activation_beta; for
// Clip activation_min and activation_max), each defaulting as in the op.
Result<ActivationSpec> LookupActivationByAttrs(const std::string& name, const Attributes& attrs);

// What a fused node keeps between Prepare and Run.
struct FusedState {
  NodeInfo base_node;
  KernelState base_state{nullptr, [](void*) {}};
  RunFn base_run = nullptr;
  NodeInfo act_node;
  KernelState act_state{nullptr, [](void*) {}};
  RunFn act_run = nullptr;  // Null: no activation.
};

// Prepares the base op on a copy of the node at `base_opset`, then the
// activation on the base op's single output.
inline Status PrepareFused(PrepareContext& ctx, int base_opset, PrepareFn base_prepare, RunFn base_run,
                           const ActivationSpec& act) {
  RETURN_ERROR_IF(ctx.num_outputs() != 1, StatusCode::kInvalidModel, "number of outputs (expected 1, got ",
                  ctx.num_outputs(), ")");
  FusedState* s = ctx.EmplaceState<FusedState>();
  s->base_node = ctx.node();
  s->base_node.opset = base_opset;
  std::vector<ValueInfo> inputs;
  for (size_t i = 0; i < ctx.num_inputs(); ++i) inputs.push_back(ctx.input(i));
  PrepareContext base(s->base_node, inputs, 1);
  RETURN_IF_ERROR(base_prepare(base));
  const ValueInfo y = base.output(0);
  s->base_state = base.TakeState();
  s->base_run = base_run;
  size_t scratch = base.scratch_bytes();
  if (act.prepare != nullptr) {
    s->act_node.name = ctx.node().name;
    s->act_node.op_type = act.op;
    s->act_node.opset = act.opset;
    s->act_node.index = ctx.node().index;
    s->act_node.attrs = Attributes(act.attrs);
    ValueInfo in = y;
    in.present = true;
    PrepareContext a(s->act_node, {in}, 1);
    Status status = act.prepare(a);
    if (!status.ok()) return status.WithContext(StrCat("activation ", act.op));
    s->act_state = a.TakeState();
    s->act_run = act.run;
    scratch = std::max(scratch, a.scratch_bytes());
  }
  ctx.SetOutput(0, y.dtype, y.dims);
  ctx.RequestScratch(scratch);
  return Status::Ok();
}

inline Status RunFused(const RunContext& ctx) {
  const FusedState& s = ctx.state<FusedState>();
  RunContext base = ctx;
  base.node = &s.base_node;
  base.state_ptr = s.base_state.get();
  RETURN_IF_ERROR(s.base_run(base));
  if (s.act_run == nullptr) return Status::Ok();
  TensorView* y = ctx.outputs[0];
  const TensorView* in[1] = {y};
  TensorView* out[1] = {y};
  RunContext act = ctx;
  act.node = &s.act_node;
  act.inputs = Span<const TensorView* const>(in, 1);
  act.outputs = Span<TensorView* const>(out, 1);
  act.state_ptr = s.act_state.get();
  return s.act_run(act);
}

}  // namespace onyx::kernels::ref
