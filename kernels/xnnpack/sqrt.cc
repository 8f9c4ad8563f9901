// Sqrt (xnn square_root); negative inputs give NaN, as in the reference.

#include "kernels/xnnpack/ops.h"
#include "kernels/xnnpack/unary.h"

namespace onyx::kernels::xnnpack {

Status SqrtPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(XnnPrepare(ctx, 1, 1));
  RETURN_IF_ERROR(OnlyAttrs(ctx, {}));
  return PrepareUnary(ctx, "xnn_create_square_root_nc_f32", "xnn_setup_square_root_nc_f32",
                      xnn_setup_square_root_nc_f32,
                      [](size_t channels, size_t in_stride, size_t out_stride, xnn_operator_t* op) {
                        return xnn_create_square_root_nc_f32(channels, in_stride, out_stride, 0, op);
                      });
}

}  // namespace onyx::kernels::xnnpack
