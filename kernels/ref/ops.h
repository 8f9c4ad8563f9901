#pragma once

// Prepare and Run of every reference kernel, one pair per ONNX op, defined in
// kernels/ref/<op_in_snake_case>.cc and registered in registry.cc.

#include "kernels/api/kernel.h"

namespace onyx::kernels::ref {

Status AddPrepare(PrepareContext& ctx);
Status AddRun(const RunContext& ctx);

Status AveragePoolPrepare(PrepareContext& ctx);
Status AveragePoolRun(const RunContext& ctx);

Status BatchNormalizationPrepare(PrepareContext& ctx);
Status BatchNormalizationRun(const RunContext& ctx);

Status ClipPrepare(PrepareContext& ctx);
Status ClipRun(const RunContext& ctx);

Status ConcatPrepare(PrepareContext& ctx);
Status ConcatRun(const RunContext& ctx);

Status ConstantPrepare(PrepareContext& ctx);
Status ConstantRun(const RunContext& ctx);

Status ConvPrepare(PrepareContext& ctx);
Status ConvRun(const RunContext& ctx);

Status DivPrepare(PrepareContext& ctx);
Status DivRun(const RunContext& ctx);

Status FlattenPrepare(PrepareContext& ctx);
Status FlattenRun(const RunContext& ctx);

Status GatherPrepare(PrepareContext& ctx);
Status GatherRun(const RunContext& ctx);

Status GemmPrepare(PrepareContext& ctx);
Status GemmRun(const RunContext& ctx);

Status GlobalAveragePoolPrepare(PrepareContext& ctx);
Status GlobalAveragePoolRun(const RunContext& ctx);

Status IdentityPrepare(PrepareContext& ctx);
Status IdentityRun(const RunContext& ctx);

Status MatMulPrepare(PrepareContext& ctx);
Status MatMulRun(const RunContext& ctx);

Status MaxPoolPrepare(PrepareContext& ctx);
Status MaxPoolRun(const RunContext& ctx);

Status MulPrepare(PrepareContext& ctx);
Status MulRun(const RunContext& ctx);

Status ReluPrepare(PrepareContext& ctx);
Status ReluRun(const RunContext& ctx);

Status ReshapePrepare(PrepareContext& ctx);
Status ReshapeRun(const RunContext& ctx);

Status ShapePrepare(PrepareContext& ctx);
Status ShapeRun(const RunContext& ctx);

Status SigmoidPrepare(PrepareContext& ctx);
Status SigmoidRun(const RunContext& ctx);

Status SoftmaxPrepare(PrepareContext& ctx);
Status SoftmaxRun(const RunContext& ctx);

Status SqueezePrepare(PrepareContext& ctx);
Status SqueezeRun(const RunContext& ctx);

Status SubPrepare(PrepareContext& ctx);
Status SubRun(const RunContext& ctx);

Status TanhPrepare(PrepareContext& ctx);
Status TanhRun(const RunContext& ctx);

Status TransposePrepare(PrepareContext& ctx);
Status TransposeRun(const RunContext& ctx);

Status UnsqueezePrepare(PrepareContext& ctx);
Status UnsqueezeRun(const RunContext& ctx);

}  // namespace onyx::kernels::ref
