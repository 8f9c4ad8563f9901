// Gemm (opset 7 on) as a fully connected operator: Y = A * B' + C with
// transA = 0, B a constant (transB either way), C absent or a constant bias
// per column, alpha = beta = 1 (fully_connected.h). Others are declined.

#include <limits>

#include "kernels/xnnpack/fully_connected.h"
#include "kernels/xnnpack/ops.h"

namespace onyx::kernels::xnnpack {

Status GemmPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(OnlyAttrs(ctx, {"alpha", "beta", "transA", "transB"}));
  const float inf = std::numeric_limits<float>::infinity();
  return PrepareGemmAsFullyConnected(ctx, -inf, inf);
}

}  // namespace onyx::kernels::xnnpack
