// Div (opset 7 on: numpy broadcasting), xnn divide_nd: IEEE division.

#include <limits>

#include "kernels/xnnpack/binary.h"
#include "kernels/xnnpack/ops.h"

namespace onyx::kernels::xnnpack {

Status DivPrepare(PrepareContext& ctx) {
  return PrepareBinary(ctx, "xnn_create_divide_nd_f32", "xnn_setup_divide_nd_f32", xnn_setup_divide_nd_f32,
                       [](xnn_operator_t* op) {
                         return xnn_create_divide_nd_f32(-std::numeric_limits<float>::infinity(),
                                                         std::numeric_limits<float>::infinity(), 0, op);
                       });
}

}  // namespace onyx::kernels::xnnpack
