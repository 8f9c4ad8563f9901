#pragma once

// What NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss share: the
// validation of (input [N, C, d1..dk], target [N, d1..dk], weight [C]) and of
// the attributes 'reduction' and 'ignore_index', and the weighted gather and
// reduction of the per-element losses.
//
//   loss[n, d] = -weight[t] * logp[n, t, d] with t = target[n, d],
//                and 0 (weight 0) where t == ignore_index;
//   reduction 'none': loss, shaped like target;
//             'sum':  the sum of loss;
//             'mean': the sum of loss / the sum of the weights used
//                     (without 'weight', the number of elements not ignored).
// Sums accumulate in double whatever the element type.

#include <cstdint>
#include <string>

#include "kernels/api/kernel.h"
#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/prepare_util.h"
#include "runtime/core/status.h"

namespace onyx::kernels::ref {

enum class LossReduction { kNone, kSum, kMean };

// The input seen as [n, c, d] (d: the product of d1..dk, 1 without them).
struct LossParams {
  int64_t n = 0, c = 0, d = 1;
  LossReduction reduction = LossReduction::kMean;
  bool has_ignore = false;
  int64_t ignore_index = 0;
};

// Validates inputs 0 (scores of a dtype in `types`), 1 (int32/int64 target)
// and the optional 2 (weight of input 0's dtype, shape [C]), reads the
// attributes, and sets output 0 (target's shape, or a scalar when reduced).
inline Result<LossParams> PrepareLoss(PrepareContext& ctx, uint64_t types) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(2, 3));
  RETURN_IF_ERROR(ExpectDType(ctx, 0, types));
  const ValueInfo& x = ctx.input(0);
  const ValueInfo& target = ctx.input(1);
  RETURN_ERROR_IF(target.dtype != DType::kInt32 && target.dtype != DType::kInt64,
                  StatusCode::kInvalidArgument, "input '", target.name,
                  "' dtype (expected int32 or int64, got ", DTypeName(target.dtype), ")");
  RETURN_ERROR_IF(x.dims.size() < 2, StatusCode::kInvalidArgument, "input '", x.name,
                  "' rank (expected 2 or more, [N, C, d1, ..., dk], got shape ",
                  DimsToString(x.dims), ")");
  Dims want_target = x.dims;
  want_target.erase(want_target.begin() + 1);
  RETURN_ERROR_IF(target.dims != want_target, StatusCode::kInvalidArgument, "input '", target.name,
                  "' shape (expected ", DimsToString(want_target), " for input '", x.name, "' ",
                  DimsToString(x.dims), ", got ", DimsToString(target.dims), ")");
  LossParams p;
  p.n = x.dims[0];
  p.c = x.dims[1];
  for (size_t i = 2; i < x.dims.size(); ++i) p.d *= x.dims[i];
  if (ctx.has_input(2)) {
    RETURN_IF_ERROR(ExpectSameDType(ctx, 2, 0));
    const ValueInfo& w = ctx.input(2);
    RETURN_ERROR_IF(w.dims != Dims{p.c}, StatusCode::kInvalidArgument, "input '", w.name,
                    "' shape (expected [", p.c, "], one weight per class, got ",
                    DimsToString(w.dims), ")");
  }
  ASSIGN_OR_RETURN(std::string reduction, StringAttr(ctx.attrs(), "reduction", "mean"));
  if (reduction == "none") {
    p.reduction = LossReduction::kNone;
  } else if (reduction == "sum") {
    p.reduction = LossReduction::kSum;
  } else {
    RETURN_ERROR_IF(reduction != "mean", StatusCode::kInvalidModel,
                    "attribute 'reduction' (expected 'none', 'sum' or 'mean', got '", reduction,
                    "')");
  }
  p.has_ignore = ctx.attrs().Has("ignore_index");
  ASSIGN_OR_RETURN(p.ignore_index, IntAttr(ctx.attrs(), "ignore_index", 0));
  ctx.SetOutput(0, x.dtype, p.reduction == LossReduction::kNone ? target.dims : Dims{});
  return p;
}

// Checks every target value (a class in [0, C) or ignore_index) before
// anything is written.
template <typename I>
Status CheckTargets(const I* target, const LossParams& p, const char* role) {
  const int64_t count = p.n * p.d;
  for (int64_t k = 0; k < count; ++k) {
    const int64_t t = static_cast<int64_t>(target[k]);
    if (p.has_ignore && t == p.ignore_index) continue;
    RETURN_ERROR_IF(t < 0 || t >= p.c, StatusCode::kInvalidArgument, role, " value at flat index ",
                    k, " is not a class (expected [0, ", p.c - 1, "] or ignore_index, got ", t,
                    ")");
  }
  return Status::Ok();
}

// Writes the loss of `p` to `out`. `logp(n, c, d)` is the log-probability of
// class c at (n, d), as a double; `weight` may be nullptr.
template <typename T, typename I, typename LogP>
void ReduceLoss(const I* target, const T* weight, const LossParams& p, LogP logp, T* out) {
  double sum = 0, weight_sum = 0;
  for (int64_t n = 0; n < p.n; ++n) {
    for (int64_t d = 0; d < p.d; ++d) {
      const int64_t k = n * p.d + d;
      const int64_t t = static_cast<int64_t>(target[k]);
      double loss = 0, w = 0;
      if (!(p.has_ignore && t == p.ignore_index)) {
        w = weight != nullptr ? static_cast<double>(weight[t]) : 1.0;
        loss = -w * logp(n, t, d);
      }
      if (p.reduction == LossReduction::kNone) out[k] = static_cast<T>(loss);
      sum += loss;
      weight_sum += w;
    }
  }
  if (p.reduction == LossReduction::kSum) out[0] = static_cast<T>(sum);
  // An all-ignored batch divides 0 by 0: NaN, as numpy and PyTorch give.
  if (p.reduction == LossReduction::kMean) out[0] = static_cast<T>(sum / weight_sum);
}

// Calls f(T{}, I{}) with the score type (float, double, float16, bfloat16)
// and the target type (int32, int64).
template <typename F>
Status DispatchLoss(DType scores, DType target, F&& f) {
  return DispatchFloatOrHalf(scores, [&](auto t) {
    if (target == DType::kInt32) return f(t, int32_t{});
    return f(t, int64_t{});
  });
}

}  // namespace onyx::kernels::ref
