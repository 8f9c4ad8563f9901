// FusedConv (com.microsoft, since 1): Conv followed by an activation, as ONNX
// Runtime defines it: Conv's inputs X, W, optional B and its attributes, plus
// `activation` (Relu, Tanh, Sigmoid, LeakyRelu, Clip, HardSigmoid; onyx adds
// HardSwish and Swish) and `activation_params` (LeakyRelu [alpha], Clip [min,
// max], HardSigmoid [alpha, beta], Swish [alpha]). ONNX Runtime's optional
// fourth input Z (a tensor added before the activation) is not supported.
// Conv's own Prepare and Run do the work (internal/fused_util.h).

#include "kernels/ref/internal/fused_util.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status FusedConvPrepare(PrepareContext& ctx) {
  RETURN_ERROR_IF(ctx.num_inputs() > 3, StatusCode::kUnsupported,
                  "input 4 (Z, a sum before the activation) is not supported (expected 2 or 3 inputs, got ",
                  ctx.num_inputs(), ")");
  ASSIGN_OR_RETURN(std::string activation, StringAttr(ctx.attrs(), "activation", ""));
  const Attribute* params = ctx.attrs().Find("activation_params");
  RETURN_ERROR_IF(params != nullptr && params->type != AttrType::kFloats, StatusCode::kInvalidModel,
                  "attribute 'activation_params' type (expected floats, got ", AttrTypeName(params->type), ")");
  ASSIGN_OR_RETURN(ActivationSpec act,
                   LookupActivation(activation, params ? params->floats : std::vector<float>{}));
  // Conv reads no opset-dependent attribute; 22 is the opset that admits bfloat16.
  return PrepareFused(ctx, 22, ConvPrepare, ConvRun, act);
}

Status FusedConvRun(const RunContext& ctx) { return RunFused(ctx); }

}  // namespace onyx::kernels::ref
