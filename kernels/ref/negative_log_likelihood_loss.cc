// NegativeLogLikelihoodLoss: input [N, C, d1..dk] holds log-probabilities,
// target [N, d1..dk] the class of each element; the loss of an element is
// -input[n, target, d] times the optional per-class weight, reduced as
// loss_util.h describes. Opsets 12 and 13 take float, double and float16;
// opset 22 adds bfloat16. A target that is neither a class nor ignore_index
// fails Run with kInvalidArgument before anything is written.

#include "kernels/ref/internal/loss_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status NegativeLogLikelihoodLossPrepare(PrepareContext& ctx) {
  const uint64_t types = ctx.node().opset >= 22 ? kFloatTypes | kHalfTypes
                                                 : kFloatTypes | DTypeBit(DType::kFloat16);
  ASSIGN_OR_RETURN(LossParams p, PrepareLoss(ctx, types));
  ctx.EmplaceState<LossParams>(p);
  return Status::Ok();
}

Status NegativeLogLikelihoodLossRun(const RunContext& ctx) {
  const LossParams& p = ctx.state<LossParams>();
  return DispatchLoss(ctx.input(0).dtype, ctx.input(1).dtype, [&](auto t, auto i) {
    using T = decltype(t);
    using I = decltype(i);
    const T* x = ctx.input(0).data_as<const T>();
    const I* target = ctx.input(1).data_as<const I>();
    RETURN_IF_ERROR(CheckTargets(target, p, "target"));
    const T* weight = ctx.has_input(2) ? ctx.input(2).data_as<const T>() : nullptr;
    auto logp = [&](int64_t n, int64_t c, int64_t d) {
      return static_cast<double>(x[(n * p.c + c) * p.d + d]);
    };
    ReduceLoss(target, weight, p, logp, ctx.output(0).data_as<T>());
    return Status::Ok();
  });
}

}  // namespace onyx::kernels::ref
