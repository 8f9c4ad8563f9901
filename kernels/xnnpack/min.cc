// Min of exactly two inputs (opset 8 on: numpy broadcasting), xnn minimum_nd.
// More inputs go to the reference kernel.

#include "kernels/xnnpack/binary.h"
#include "kernels/xnnpack/ops.h"

namespace onyx::kernels::xnnpack {

Status MinPrepare(PrepareContext& ctx) {
  return PrepareBinary(ctx, "xnn_create_minimum_nd_f32", "xnn_setup_minimum_nd_f32", xnn_setup_minimum_nd_f32,
                       [](xnn_operator_t* op) { return xnn_create_minimum_nd_f32(0, op); });
}

}  // namespace onyx::kernels::xnnpack
