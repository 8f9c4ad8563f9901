// CausalConvWithState (opset 27): depthwise causal 1-D convolution of input
// [B, C, L] with weight [C, 1, k] over [past_state | input], past_state
// [B, C, k - 1] defaulting to zeros, plus an optional bias [C] and a fused
// SiLU ('silu' or 'swish'). present_state holds the last k - 1 positions of
// that concatenation. Rounding follows ONNX's reference: the sum and the bias
// addition round to the element type, SiLU is computed in float.

#include <cmath>
#include <string>

#include "kernels/ref/internal/attention_util.h"
#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct CausalConvParams {
  DType dtype = DType::kUndefined;
  int64_t batch = 0, channels = 0, length = 0, k = 0;
  bool has_bias = false, has_past = false, silu = false, out_state = false;
};

template <typename T>
Status RunCausalConv(const RunContext& ctx, const CausalConvParams& p) {
  const T* x = ctx.input(0).data_as<const T>();
  const T* w = ctx.input(1).data_as<const T>();
  const T* bias = p.has_bias ? ctx.input(2).data_as<const T>() : nullptr;
  const T* past = p.has_past ? ctx.input(3).data_as<const T>() : nullptr;
  T* y = ctx.output(0).data_as<T>();
  T* state = p.out_state ? ctx.output(1).data_as<T>() : nullptr;
  const int64_t pad = p.k - 1;
  for (int64_t b = 0; b < p.batch; ++b) {
    for (int64_t c = 0; c < p.channels; ++c) {
      const T* xc = x + (b * p.channels + c) * p.length;
      const T* pc = past != nullptr ? past + (b * p.channels + c) * pad : nullptr;
      // Position j of the padded sequence [past | input].
      auto padded = [&](int64_t j) -> double {
        if (j >= pad) return xc[j - pad];
        return pc != nullptr ? static_cast<double>(pc[j]) : 0.0;
      };
      for (int64_t t = 0; t < p.length; ++t) {
        double sum = 0;
        for (int64_t i = 0; i < p.k; ++i) sum += static_cast<double>(w[c * p.k + i]) * padded(t + i);
        double v = RoundTo<T>(sum);
        if (bias != nullptr) v = RoundTo<T>(v + static_cast<double>(bias[c]));
        if (p.silu) {
          const double e = RoundTo<float>(std::exp(-v));
          v = RoundTo<float>(v * RoundTo<float>(1.0 / RoundTo<float>(1.0 + e)));
        }
        y[(b * p.channels + c) * p.length + t] = StoreAs<T>(v);
      }
      if (state == nullptr) continue;
      for (int64_t j = 0; j < pad; ++j) {
        state[(b * p.channels + c) * pad + j] = StoreAs<T>(padded(p.length + j));
      }
    }
  }
  return Status::Ok();
}

}  // namespace

Status CausalConvWithStatePrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(2, 4));
  RETURN_IF_ERROR(ExpectDType(ctx, 0, DTypeBit(DType::kFloat32) | kHalfTypes));
  RETURN_IF_ERROR(ExpectSameDType(ctx, 1, 0));
  RETURN_IF_ERROR(ctx.ExpectRank(0, 3, 3));
  RETURN_IF_ERROR(ctx.ExpectRank(1, 3, 3));
  const ValueInfo& x = ctx.input(0);
  const ValueInfo& w = ctx.input(1);
  CausalConvParams p;
  p.dtype = x.dtype;
  p.batch = x.dims[0];
  p.channels = x.dims[1];
  p.length = x.dims[2];
  p.k = w.dims[2];
  RETURN_ERROR_IF(w.dims[0] != p.channels || w.dims[1] != 1 || p.k < 1,
                  StatusCode::kInvalidArgument, "input '", w.name, "' shape (expected [",
                  p.channels, ", 1, k >= 1], got ", DimsToString(w.dims), ")");
  p.has_bias = ctx.has_input(2);
  if (p.has_bias) {
    RETURN_IF_ERROR(ExpectSameDType(ctx, 2, 0));
    RETURN_ERROR_IF(ctx.input(2).dims != Dims{p.channels}, StatusCode::kInvalidArgument,
                    "input '", ctx.input(2).name, "' shape (expected [", p.channels, "], got ",
                    DimsToString(ctx.input(2).dims), ")");
  }
  const Dims state_dims{p.batch, p.channels, p.k - 1};
  p.has_past = ctx.has_input(3);
  if (p.has_past) {
    RETURN_IF_ERROR(ExpectSameDType(ctx, 3, 0));
    RETURN_ERROR_IF(ctx.input(3).dims != state_dims, StatusCode::kInvalidArgument, "input '",
                    ctx.input(3).name, "' shape (expected ", DimsToString(state_dims), ", got ",
                    DimsToString(ctx.input(3).dims), ")");
  }
  ASSIGN_OR_RETURN(std::string act, StringAttr(ctx.attrs(), "activation", "none"));
  RETURN_ERROR_IF(act != "none" && act != "silu" && act != "swish", StatusCode::kInvalidModel,
                  "attribute 'activation' (expected 'none', 'silu' or 'swish', got '", act, "')");
  p.silu = act != "none";
  p.out_state = ctx.has_output(1);
  ctx.SetOutput(0, x.dtype, x.dims);
  if (p.out_state) ctx.SetOutput(1, x.dtype, state_dims);
  ctx.EmplaceState<CausalConvParams>(p);
  return Status::Ok();
}

Status CausalConvWithStateRun(const RunContext& ctx) {
  const auto& p = ctx.state<CausalConvParams>();
  return DispatchFloatOrHalf(p.dtype, [&](auto tag) {
    return RunCausalConv<decltype(tag)>(ctx, p);
  });
}

}  // namespace onyx::kernels::ref
