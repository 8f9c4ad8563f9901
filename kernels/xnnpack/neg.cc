// Neg: y = -x (xnn negate).

#include "kernels/xnnpack/ops.h"
#include "kernels/xnnpack/unary.h"

namespace onyx::kernels::xnnpack {

Status NegPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(XnnPrepare(ctx, 1, 1));
  RETURN_IF_ERROR(OnlyAttrs(ctx, {}));
  return PrepareUnary(ctx, "xnn_create_negate_nc_f32", "xnn_setup_negate_nc_f32", xnn_setup_negate_nc_f32,
                      [](size_t channels, size_t in_stride, size_t out_stride, xnn_operator_t* op) {
                        return xnn_create_negate_nc_f32(channels, in_stride, out_stride, 0, op);
                      });
}

}  // namespace onyx::kernels::xnnpack
