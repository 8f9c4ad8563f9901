#pragma once

// Activation fusion, in two steps.
//  1. Decomposed activations become the ONNX op: x * HardSigmoid(x) with
//     alpha = 1/6, beta = 1/2 -> HardSwish (opset 14, 22 for bfloat16), and
//     x * Sigmoid(x) -> Swish (opset 24; the node carries its own opset,
//     whatever the model imports).
//  2. An activation reading only the output of a Conv, a Gemm (opset 7+) or
//     a MatMul of 2-D A and B becomes part of it: Conv -> com.microsoft
//     FusedConv (`activation`, `activation_params`), Gemm and MatMul ->
//     com.microsoft FusedGemm (`activation`, `activation_alpha`,
//     `activation_beta`; Clip's bounds in `activation_min`/`activation_max`),
//     the names ONNX Runtime gives them (kernels/ref/fused_conv.cc,
//     fused_gemm.cc). Activations: Relu, LeakyRelu, Sigmoid, Tanh,
//     HardSigmoid, HardSwish, Swish, and Clip with constant bounds (float and
//     double only, as Clip's opset-6 kernel). A MatMul of rank > 2 keeps its
//     activation (FusedGemm is 2-D).
// Float types only.

#include "converter/passes/pass.h"

namespace onyx::converter::passes {

Result<int> FuseActivations(PassContext& ctx);

}  // namespace onyx::converter::passes
