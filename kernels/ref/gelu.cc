// Gelu (opset 20): x * Phi(x) = x / 2 * (1 + erf(x / sqrt(2))) with
// `approximate` = "none" (default), or x / 2 * (1 + tanh(sqrt(2 / pi) *
// (x + 0.044715 x^3))) with "tanh". float, double, float16 and bfloat16.

#include <cmath>
#include <string>

#include "kernels/ref/internal/unary_math_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct GeluParams {
  bool tanh = false;
};

}  // namespace

Status GeluPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(PrepareUnaryOf(ctx, kUnaryFloatTypes));
  ASSIGN_OR_RETURN(std::string approximate, StringAttr(ctx.attrs(), "approximate", "none"));
  RETURN_ERROR_IF(approximate != "none" && approximate != "tanh", StatusCode::kInvalidModel,
                  "attribute 'approximate' (expected \"none\" or \"tanh\", got \"", approximate,
                  "\")");
  ctx.EmplaceState<GeluParams>(GeluParams{approximate == "tanh"});
  return Status::Ok();
}

Status GeluRun(const RunContext& ctx) {
  if (ctx.state<GeluParams>().tanh) {
    return RunUnaryFloat(ctx, [](auto x) {
      using C = decltype(x);
      const C k = static_cast<C>(0.79788456080286535587989);  // sqrt(2 / pi)
      return C(0.5) * x * (C(1) + std::tanh(k * (x + C(0.044715) * x * x * x)));
    });
  }
  return RunUnaryFloat(ctx, [](auto x) {
    using C = decltype(x);
    return C(0.5) * x * (C(1) + std::erf(x * static_cast<C>(0.70710678118654752440)));
  });
}

}  // namespace onyx::kernels::ref
