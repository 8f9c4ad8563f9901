// Pow with a constant scalar exponent XNNPACK has an operator for:
// 2 (xnn square) and 0.5 (xnn square_root). Other exponents, and exponents
// known only at run time, go to the reference kernel. The exponent may be
// float32, int32 or int64 (opset 12 on); it must not raise the rank.

#include "kernels/xnnpack/ops.h"
#include "kernels/xnnpack/unary.h"

namespace onyx::kernels::xnnpack {
namespace {

// The exponent's value, or a decline.
Result<double> Exponent(const PrepareContext& ctx) {
  const ValueInfo& y = ctx.input(1);
  if (!ctx.has_input(1) || y.data == nullptr) return Decline("exponent is not a constant");
  if (NumElements(y.dims) != 1 || y.dims.size() > ctx.input(0).dims.size()) {
    return Decline("exponent '", y.name, "' of shape ", DimsToString(y.dims), " is not a scalar");
  }
  switch (y.dtype) {
    case DType::kFloat32:
      return static_cast<double>(*static_cast<const float*>(y.data));
    case DType::kInt32:
      return static_cast<double>(*static_cast<const int32_t*>(y.data));
    case DType::kInt64:
      return static_cast<double>(*static_cast<const int64_t*>(y.data));
    default:
      return Decline("exponent dtype ", DTypeName(y.dtype));
  }
}

}  // namespace

Status PowPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(XnnPrepare(ctx, 2, 2));
  RETURN_IF_ERROR(OnlyAttrs(ctx, {}));
  ASSIGN_OR_RETURN(const double exponent, Exponent(ctx));
  if (exponent == 2.0) {
    return PrepareUnary(ctx, "xnn_create_square_nc_f32", "xnn_setup_square_nc_f32", xnn_setup_square_nc_f32,
                        [](size_t channels, size_t in_stride, size_t out_stride, xnn_operator_t* op) {
                          return xnn_create_square_nc_f32(channels, in_stride, out_stride, 0, op);
                        });
  }
  if (exponent == 0.5) {
    return PrepareUnary(ctx, "xnn_create_square_root_nc_f32", "xnn_setup_square_root_nc_f32",
                        xnn_setup_square_root_nc_f32,
                        [](size_t channels, size_t in_stride, size_t out_stride, xnn_operator_t* op) {
                          return xnn_create_square_root_nc_f32(channels, in_stride, out_stride, 0, op);
                        });
  }
  return Decline("exponent ", exponent, " (XNNPACK has operators for 2 and 0.5)");
}

}  // namespace onyx::kernels::xnnpack
