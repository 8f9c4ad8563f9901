// Mul (opset 7 on: numpy broadcasting), xnn multiply_nd.

#include <limits>

#include "kernels/xnnpack/binary.h"
#include "kernels/xnnpack/ops.h"

namespace onyx::kernels::xnnpack {

Status MulPrepare(PrepareContext& ctx) {
  return PrepareBinary(ctx, "xnn_create_multiply_nd_f32", "xnn_setup_multiply_nd_f32", xnn_setup_multiply_nd_f32,
                       [](xnn_operator_t* op) {
                         return xnn_create_multiply_nd_f32(-std::numeric_limits<float>::infinity(),
                                                           std::numeric_limits<float>::infinity(), 0, op);
                       });
}

}  // namespace onyx::kernels::xnnpack
