#pragma once

// Prepare and Run of every XNNPACK kernel, one pair per op file (Add in
// add.cc, ...). Ops sharing a Run name it once: UnaryRun (unary.h),
// BinaryRun (binary.h), FullyConnectedRun (fully_connected.h).

#include "kernels/api/kernel.h"

namespace onyx::kernels::xnnpack {

// Unary elementwise ops; Run: UnaryRun.
Status AbsPrepare(PrepareContext& ctx);
Status CeilPrepare(PrepareContext& ctx);
Status ClipPrepare(PrepareContext& ctx);
Status EluPrepare(PrepareContext& ctx);
Status FloorPrepare(PrepareContext& ctx);
Status HardSwishPrepare(PrepareContext& ctx);
Status LeakyReluPrepare(PrepareContext& ctx);
Status NegPrepare(PrepareContext& ctx);
Status PowPrepare(PrepareContext& ctx);
Status ReluPrepare(PrepareContext& ctx);
Status RoundPrepare(PrepareContext& ctx);
Status SigmoidPrepare(PrepareContext& ctx);
Status SqrtPrepare(PrepareContext& ctx);
Status UnaryRun(const RunContext& ctx);

// Binary elementwise ops with broadcasting; Run: BinaryRun.
Status AddPrepare(PrepareContext& ctx);
Status DivPrepare(PrepareContext& ctx);
Status MaxPrepare(PrepareContext& ctx);
Status MinPrepare(PrepareContext& ctx);
Status MulPrepare(PrepareContext& ctx);
Status SubPrepare(PrepareContext& ctx);
Status BinaryRun(const RunContext& ctx);

// Fully connected (a constant 2-D weight); Run: FullyConnectedRun.
Status FusedGemmPrepare(PrepareContext& ctx);
Status GemmPrepare(PrepareContext& ctx);
Status MatMulPrepare(PrepareContext& ctx);
Status FullyConnectedRun(const RunContext& ctx);

Status PReluPrepare(PrepareContext& ctx);
Status PReluRun(const RunContext& ctx);
Status ConcatPrepare(PrepareContext& ctx);
Status ConcatRun(const RunContext& ctx);
Status SoftmaxPrepare(PrepareContext& ctx);
Status SoftmaxRun(const RunContext& ctx);

}  // namespace onyx::kernels::xnnpack
