#pragma once

// Bias fusion: an Add of a constant that reads only the output of
//   Conv: becomes the Conv's bias, when the constant broadcasts per output
//     channel ([M, 1, ..., 1] right-aligned against [N, M, D...], or a single
//     value); an existing constant bias is summed in;
//   Gemm (opset 7+): becomes C (beta set to 1), when the constant broadcasts
//     to [M, N] unidirectionally; an existing constant C of the same shape
//     is summed in (beta * C + bias);
//   MatMul with 2-D A and B: MatMul + Add becomes Gemm (opset 13) with the
//     constant as C. A MatMul of rank > 2 keeps its Add: Gemm is 2-D only,
//     and reshaping around it would cost more than the Add saves.
// Float types only; the fused node writes the Add's output.

#include "converter/passes/pass.h"

namespace onyx::converter::passes {

Result<int> FuseBias(PassContext& ctx);

}  // namespace onyx::converter::passes
