// Clip as an XNNPACK clamp. Opset 6 to 10 take the bounds from attributes
// `min` and `max`; opset 11 on from optional inputs 1 and 2, which must be
// known constants here (else the node is declined). XNNPACK wants
// min < max: equal or crossed bounds go to the reference kernel.

#include <limits>

#include "kernels/xnnpack/ops.h"
#include "kernels/xnnpack/unary.h"

namespace onyx::kernels::xnnpack {
namespace {

// Bound input `i` (a scalar or one-element tensor), `fallback` when omitted.
Result<float> BoundInput(const PrepareContext& ctx, size_t i, float fallback) {
  if (!ctx.has_input(i)) return fallback;
  const ValueInfo& v = ctx.input(i);
  if (v.dtype != DType::kFloat32 || NumElements(v.dims) != 1) {
    return Decline("bound '", v.name, "' is not a float scalar");
  }
  const float* value = ConstantFloats(ctx, i);
  if (value == nullptr) return Decline("bound '", v.name, "' is not a constant");
  return *value;
}

}  // namespace

Status ClipPrepare(PrepareContext& ctx) {
  const bool from_inputs = ctx.node().opset >= 11;
  RETURN_IF_ERROR(XnnPrepare(ctx, 1, from_inputs ? 3 : 1));
  float lo = -std::numeric_limits<float>::infinity();
  float hi = std::numeric_limits<float>::infinity();
  if (from_inputs) {
    RETURN_IF_ERROR(OnlyAttrs(ctx, {}));
    ASSIGN_OR_RETURN(lo, BoundInput(ctx, 1, lo));
    ASSIGN_OR_RETURN(hi, BoundInput(ctx, 2, hi));
  } else {
    RETURN_IF_ERROR(OnlyAttrs(ctx, {"min", "max"}));
    ASSIGN_OR_RETURN(lo, FloatAttr(ctx, "min", std::numeric_limits<float>::lowest()));
    ASSIGN_OR_RETURN(hi, FloatAttr(ctx, "max", std::numeric_limits<float>::max()));
  }
  if (!(lo < hi)) return Decline("bounds min ", lo, " and max ", hi, " are not increasing");
  return PrepareUnary(ctx, "xnn_create_clamp_nc_f32", "xnn_setup_clamp_nc_f32", xnn_setup_clamp_nc_f32,
                      [lo, hi](size_t channels, size_t in_stride, size_t out_stride, xnn_operator_t* op) {
                        return xnn_create_clamp_nc_f32(channels, in_stride, out_stride, lo, hi, 0, op);
                      });
}

}  // namespace onyx::kernels::xnnpack
