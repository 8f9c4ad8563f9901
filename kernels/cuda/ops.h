#pragma once

// Prepare and Run of each CUDA kernel (registry.cc's table).

#include "kernels/api/kernel.h"

namespace onyx::kernels::cuda {

#define ONYX_CUDA_KERNEL(name)              \
  Status name##Prepare(PrepareContext& ctx); \
  Status name##Run(const RunContext& ctx);

// elementwise.cc: unary ops and activations share UnaryRun.
Status ReluPrepare(PrepareContext& ctx);
Status SigmoidPrepare(PrepareContext& ctx);
Status TanhPrepare(PrepareContext& ctx);
Status HardSwishPrepare(PrepareContext& ctx);
Status HardSigmoidPrepare(PrepareContext& ctx);
Status LeakyReluPrepare(PrepareContext& ctx);
Status EluPrepare(PrepareContext& ctx);
Status ClipPrepare(PrepareContext& ctx);
Status AbsPrepare(PrepareContext& ctx);
Status NegPrepare(PrepareContext& ctx);
Status SqrtPrepare(PrepareContext& ctx);
Status ExpPrepare(PrepareContext& ctx);
Status LogPrepare(PrepareContext& ctx);
Status ErfPrepare(PrepareContext& ctx);
Status GeluPrepare(PrepareContext& ctx);
Status SoftplusPrepare(PrepareContext& ctx);
Status ReciprocalPrepare(PrepareContext& ctx);
Status FloorPrepare(PrepareContext& ctx);
Status CeilPrepare(PrepareContext& ctx);
Status RoundPrepare(PrepareContext& ctx);
Status SinPrepare(PrepareContext& ctx);
Status CosPrepare(PrepareContext& ctx);
Status UnaryRun(const RunContext& ctx);

// binary.cc: broadcasting binary ops share BinaryRun.
Status AddPrepare(PrepareContext& ctx);
Status SubPrepare(PrepareContext& ctx);
Status MulPrepare(PrepareContext& ctx);
Status DivPrepare(PrepareContext& ctx);
Status PowPrepare(PrepareContext& ctx);
Status MaxPrepare(PrepareContext& ctx);
Status MinPrepare(PrepareContext& ctx);
Status PReluPrepare(PrepareContext& ctx);
Status BinaryRun(const RunContext& ctx);

// gemm.cc
ONYX_CUDA_KERNEL(MatMul)
ONYX_CUDA_KERNEL(Gemm)
Status FusedGemmPrepare(PrepareContext& ctx);

// conv.cc: Conv and FusedConv share ConvRun.
ONYX_CUDA_KERNEL(Conv)
Status FusedConvPrepare(PrepareContext& ctx);

// pool.cc
Status MaxPoolPrepare(PrepareContext& ctx);
Status AveragePoolPrepare(PrepareContext& ctx);
Status PoolRun(const RunContext& ctx);
ONYX_CUDA_KERNEL(GlobalAveragePool)

// softmax.cc
ONYX_CUDA_KERNEL(Softmax)
Status LogSoftmaxPrepare(PrepareContext& ctx);
ONYX_CUDA_KERNEL(LayerNormalization)

// shape_ops.cc: view ops copy only when the planner did not alias them.
Status ReshapePrepare(PrepareContext& ctx);
Status FlattenPrepare(PrepareContext& ctx);
Status SqueezePrepare(PrepareContext& ctx);
Status UnsqueezePrepare(PrepareContext& ctx);
Status IdentityPrepare(PrepareContext& ctx);
Status CopyRun(const RunContext& ctx);
ONYX_CUDA_KERNEL(Transpose)
ONYX_CUDA_KERNEL(Concat)
ONYX_CUDA_KERNEL(Expand)

// reduce.cc
ONYX_CUDA_KERNEL(ReduceMean)

// slicing.cc
ONYX_CUDA_KERNEL(Gather)
ONYX_CUDA_KERNEL(Split)
ONYX_CUDA_KERNEL(Slice)

#undef ONYX_CUDA_KERNEL

}  // namespace onyx::kernels::cuda
