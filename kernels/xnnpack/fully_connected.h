#pragma once

// Gemm, FusedGemm and MatMul as XNNPACK's fully connected operator: the
// constant 2-D weight (and bias) are packed once in Prepare; a run computes
// output[b, :] = input[b, :] * W (+ bias), clamped, for every row b of the
// input (its leading extents flattened).

#include "kernels/xnnpack/xnn_util.h"

namespace onyx::kernels::xnnpack {

struct FullyConnectedState : OperatorState {
  size_t input_channels = 0;  // K: the row length.
};

// What to pack. `weights` is [K, N] (`weights_kn`) or [N, K]; `bias` has N
// values or is nullptr; [output_min, output_max] is the clamp (+-inf: none).
struct FullyConnectedSpec {
  size_t input_channels = 0;
  size_t output_channels = 0;
  const float* weights = nullptr;
  bool weights_kn = true;
  const float* bias = nullptr;
  float output_min = 0;
  float output_max = 0;
};

// Creates the operator in the kernel state (an XNNPACK refusal declines).
Status CreateFullyConnected(PrepareContext& ctx, const FullyConnectedSpec& spec);

// Prepare of Gemm and FusedGemm: A [M, K] (transA = 0), B a constant [K, N]
// or [N, K] (transB), C absent or a constant that broadcasts over rows ([N],
// [1, N], or one value), alpha = beta = 1; anything else declines. Extra
// attributes (FusedGemm's activation) are the caller's; the clamp is given.
Status PrepareGemmAsFullyConnected(PrepareContext& ctx, float output_min, float output_max);

Status FullyConnectedRun(const RunContext& ctx);

}  // namespace onyx::kernels::xnnpack
