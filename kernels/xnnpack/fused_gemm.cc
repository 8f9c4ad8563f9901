// FusedGemm (com.microsoft): Gemm then an activation, as the converter's
// fusion emits it. The activations that are a clamp become the fully
// connected operator's output bounds: Relu [0, +inf) and Clip
// [activation_min, activation_max] (defaults -+FLT_MAX, as the reference's);
// none at all is a plain Gemm. Other activations, and a Clip whose bounds do
// not increase, are declined.

#include <limits>
#include <string>

#include "kernels/xnnpack/fully_connected.h"
#include "kernels/xnnpack/ops.h"

namespace onyx::kernels::xnnpack {

Status FusedGemmPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(Initialize());
  ASSIGN_OR_RETURN(const std::string activation, StringAttr(ctx, "activation", ""));
  const float inf = std::numeric_limits<float>::infinity();
  float lo = -inf, hi = inf;
  if (activation == "Relu") {
    RETURN_IF_ERROR(OnlyAttrs(ctx, {"alpha", "beta", "transA", "transB", "activation"}));
    lo = 0.0f;
  } else if (activation == "Clip") {
    RETURN_IF_ERROR(
        OnlyAttrs(ctx, {"alpha", "beta", "transA", "transB", "activation", "activation_min", "activation_max"}));
    ASSIGN_OR_RETURN(lo, FloatAttr(ctx, "activation_min", std::numeric_limits<float>::lowest()));
    ASSIGN_OR_RETURN(hi, FloatAttr(ctx, "activation_max", std::numeric_limits<float>::max()));
    if (!(lo < hi)) return Decline("Clip bounds min ", lo, " and max ", hi, " are not increasing");
  } else if (activation.empty()) {
    RETURN_IF_ERROR(OnlyAttrs(ctx, {"alpha", "beta", "transA", "transB", "activation"}));
  } else {
    return Decline("activation '", activation, "' is not a clamp");
  }
  return PrepareGemmAsFullyConnected(ctx, lo, hi);
}

}  // namespace onyx::kernels::xnnpack
