// IsInf: a bool tensor, true where x is +inf (when `detect_positive`, default
// 1) or -inf (when `detect_negative`, default 1). float and double from opset
// 10; float16, bfloat16 and the 8-bit float types from opset 20 (only E5M2 of
// those has infinities).

#include "kernels/ref/internal/unary_math_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct IsInfParams {
  bool positive = true;
  bool negative = true;
};

}  // namespace

Status IsInfPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(PrepareClassify(ctx, kUnaryFloatTypes | kUnaryFloat8Types));
  IsInfParams p;
  ASSIGN_OR_RETURN(p.positive, BoolAttr(ctx.attrs(), "detect_positive", true));
  ASSIGN_OR_RETURN(p.negative, BoolAttr(ctx.attrs(), "detect_negative", true));
  ctx.EmplaceState<IsInfParams>(p);
  return Status::Ok();
}

Status IsInfRun(const RunContext& ctx) {
  const IsInfParams& p = ctx.state<IsInfParams>();
  return RunClassify(ctx, [&](FloatClass c) {
    return (p.positive && c == FloatClass::kPositiveInf) ||
           (p.negative && c == FloatClass::kNegativeInf);
  });
}

}  // namespace onyx::kernels::ref
