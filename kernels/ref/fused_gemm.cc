// FusedGemm (com.microsoft, since 1): Gemm followed by an activation, as ONNX
// Runtime defines it: Gemm's inputs A, B, optional C and attributes alpha,
// beta, transA, transB, plus `activation` (Relu, Tanh, Sigmoid, LeakyRelu,
// HardSigmoid; onyx adds Clip, HardSwish and Swish) whose parameters are the
// attributes "activation_" + the op's attribute: activation_alpha and
// activation_beta (LeakyRelu, HardSigmoid, Swish), activation_min and
// activation_max (Clip). Gemm's own Prepare and Run do the work
// (internal/fused_util.h), at opset 13: C optional, bfloat16 admitted.

#include "kernels/ref/internal/fused_util.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status FusedGemmPrepare(PrepareContext& ctx) {
  ASSIGN_OR_RETURN(std::string activation, StringAttr(ctx.attrs(), "activation", ""));
  ASSIGN_OR_RETURN(ActivationSpec act, LookupActivationByAttrs(activation, ctx.attrs()));
  return PrepareFused(ctx, 13, GemmPrepare, GemmRun, act);
}

Status FusedGemmRun(const RunContext& ctx) { return RunFused(ctx); }

}  // namespace onyx::kernels::ref
