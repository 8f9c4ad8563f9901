// Elu: y = x < 0 ? alpha * (exp(x) - 1) : x, alpha default 1 (xnn elu;
// XNNPACK takes only a positive normal alpha: others decline the node).

#include "kernels/xnnpack/ops.h"
#include "kernels/xnnpack/unary.h"

namespace onyx::kernels::xnnpack {

Status EluPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(XnnPrepare(ctx, 1, 1));
  RETURN_IF_ERROR(OnlyAttrs(ctx, {"alpha"}));
  ASSIGN_OR_RETURN(const float alpha, FloatAttr(ctx, "alpha", 1.0f));
  return PrepareUnary(ctx, "xnn_create_elu_nc_f32", "xnn_setup_elu_nc_f32", xnn_setup_elu_nc_f32,
                      [alpha](size_t channels, size_t in_stride, size_t out_stride, xnn_operator_t* op) {
                        return xnn_create_elu_nc_f32(channels, in_stride, out_stride, alpha, 0, op);
                      });
}

}  // namespace onyx::kernels::xnnpack
