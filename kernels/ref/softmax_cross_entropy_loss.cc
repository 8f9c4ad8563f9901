// SoftmaxCrossEntropyLoss: log-softmax of scores [N, C, d1..dk] over the
// class axis 1, then the negative log-likelihood loss of labels [N, d1..dk]
// with optional per-class weights (loss_util.h). The optional second output
// log_prob holds the log-softmax itself, shaped like scores. Log-softmax is
// computed as x - max - log(sum(exp(x - max))), so it stays finite where
// softmax underflows. Opset 12 takes float, double and float16; opset 13
// adds bfloat16.

#include <cmath>

#include "kernels/ref/internal/loss_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

// max and log(sum(exp(x - max))) of the C scores at (n, d).
template <typename T>
void LogSumExp(const T* x, const LossParams& p, int64_t n, int64_t d, double* max, double* lse) {
  const T* base = x + n * p.c * p.d + d;
  double m = -INFINITY;
  for (int64_t c = 0; c < p.c; ++c) m = std::fmax(m, static_cast<double>(base[c * p.d]));
  double sum = 0;
  for (int64_t c = 0; c < p.c; ++c) sum += std::exp(static_cast<double>(base[c * p.d]) - m);
  *max = m;
  *lse = std::log(sum);
}

}  // namespace

Status SoftmaxCrossEntropyLossPrepare(PrepareContext& ctx) {
  const uint64_t types = ctx.node().opset >= 13 ? kFloatTypes | kHalfTypes
                                                 : kFloatTypes | DTypeBit(DType::kFloat16);
  ASSIGN_OR_RETURN(LossParams p, PrepareLoss(ctx, types));
  RETURN_ERROR_IF(ctx.num_outputs() > 2, StatusCode::kInvalidModel,
                  "too many outputs (expected 1 or 2, got ", ctx.num_outputs(), ")");
  if (ctx.has_output(1)) ctx.SetOutput(1, ctx.input(0).dtype, ctx.input(0).dims);
  ctx.EmplaceState<LossParams>(p);
  return Status::Ok();
}

Status SoftmaxCrossEntropyLossRun(const RunContext& ctx) {
  const LossParams& p = ctx.state<LossParams>();
  return DispatchLoss(ctx.input(0).dtype, ctx.input(1).dtype, [&](auto t, auto i) {
    using T = decltype(t);
    using I = decltype(i);
    const T* x = ctx.input(0).data_as<const T>();
    const I* labels = ctx.input(1).data_as<const I>();
    RETURN_IF_ERROR(CheckTargets(labels, p, "labels"));
    const T* weight = ctx.has_input(2) ? ctx.input(2).data_as<const T>() : nullptr;
    auto logp = [&](int64_t n, int64_t c, int64_t d) {
      double max, lse;
      LogSumExp(x, p, n, d, &max, &lse);
      return static_cast<double>(x[(n * p.c + c) * p.d + d]) - max - lse;
    };
    ReduceLoss(labels, weight, p, logp, ctx.output(0).data_as<T>());
    if (ctx.outputs.size() > 1 && ctx.outputs[1] != nullptr) {
      T* log_prob = ctx.output(1).data_as<T>();
      for (int64_t n = 0; n < p.n; ++n) {
        for (int64_t d = 0; d < p.d; ++d) {
          double max, lse;
          LogSumExp(x, p, n, d, &max, &lse);
          for (int64_t c = 0; c < p.c; ++c) {
            const int64_t at = (n * p.c + c) * p.d + d;
            log_prob[at] = static_cast<T>(static_cast<double>(x[at]) - max - lse);
          }
        }
      }
    }
    return Status::Ok();
  });
}

}  // namespace onyx::kernels::ref
