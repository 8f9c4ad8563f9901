#pragma once

// Prepare and Run of the XNNPACK kernels for the NHWC domain
// (com.ms.internal.nhwc) that the converter's layout pass emits: Conv and
// FusedConv (conv.cc), ConvTranspose (conv_transpose.cc), MaxPool
// (max_pool.cc), AveragePool (average_pool.cc), GlobalAveragePool
// (global_average_pool.cc), DepthToSpace (depth_to_space.cc) and Resize
// (resize.cc). The 2-D window of the convolutions and pools is
// pool_window.h.

#include "kernels/api/kernel.h"

namespace onyx::kernels::xnnpack {

// Conv and FusedConv (which reads op_type to know its activation).
Status NhwcConvPrepare(PrepareContext& ctx);
Status NhwcConvRun(const RunContext& ctx);

Status NhwcConvTransposePrepare(PrepareContext& ctx);
Status NhwcConvTransposeRun(const RunContext& ctx);

Status NhwcMaxPoolPrepare(PrepareContext& ctx);
Status NhwcMaxPoolRun(const RunContext& ctx);

Status NhwcAveragePoolPrepare(PrepareContext& ctx);
Status NhwcAveragePoolRun(const RunContext& ctx);

Status NhwcGlobalAveragePoolPrepare(PrepareContext& ctx);
Status NhwcGlobalAveragePoolRun(const RunContext& ctx);

Status NhwcDepthToSpacePrepare(PrepareContext& ctx);
Status NhwcDepthToSpaceRun(const RunContext& ctx);

Status NhwcResizePrepare(PrepareContext& ctx);
Status NhwcResizeRun(const RunContext& ctx);

}  // namespace onyx::kernels::xnnpack
