#pragma once

// Conv + BatchNormalization -> Conv: an inference-mode BatchNormalization
// (training_mode unset, opsets 1 and 6: is_test set, spatial) reading only a
// Conv's output is folded into the Conv's weights, computed in double:
//   f[m] = scale[m] / sqrt(var[m] + epsilon)
//   W'[m, ...] = W[m, ...] * f[m]
//   B'[m] = (B[m] - mean[m]) * f[m] + bias[m]      (B = 0 when Conv has none)
// W, the Conv's bias and the four BatchNormalization inputs must be weights;
// the new Conv writes the BatchNormalization's output.

#include "converter/passes/pass.h"

namespace onyx::converter::passes {

Result<int> FuseConvBatchNorm(PassContext& ctx);

}  // namespace onyx::converter::passes
