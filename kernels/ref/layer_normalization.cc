// LayerNormalization (opset 17): normalizes X over its dims from `axis`
// (default -1) on, Y = (X - mean) / sqrt(var + epsilon) * Scale + B, with
// Scale and the optional B broadcast unidirectionally onto X. The optional
// outputs Mean and InvStdDev have shape [d0, ..., d(axis-1), 1, ..., 1] and
// the dtype stash_type names (float or bfloat16). Statistics are computed in
// double and rounded to the stash type, as is X where it is subtracted, so
// stage one runs at the stash precision and Y agrees with the returned Mean
// and InvStdDev.

#include <cmath>
#include <utility>

#include "kernels/ref/internal/norm_util.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

enum LayerNormInput { kX = 0, kScale = 1, kBias = 2 };

struct LayerNormParams {
  Dims x_dims;
  int64_t rows = 0, cols = 0;
  double epsilon = 1e-5;
  DType stash = DType::kFloat32;
  bool has_bias = false;
  ParamLayout scale, bias;
};

}  // namespace

Status LayerNormalizationPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(2, 3));
  RETURN_IF_ERROR(ExpectDType(ctx, kX, kNormTypes));
  RETURN_IF_ERROR(ExpectSameDType(ctx, kScale, kX));
  LayerNormParams p;
  p.has_bias = ctx.has_input(kBias);
  if (p.has_bias) RETURN_IF_ERROR(ExpectSameDType(ctx, kBias, kX));
  RETURN_ERROR_IF(ctx.num_outputs() > 3, StatusCode::kInvalidModel,
                  "number of outputs (expected at most 3: Y, Mean, InvStdDev, got ",
                  ctx.num_outputs(), ")");
  const Attributes& attrs = ctx.attrs();
  ASSIGN_OR_RETURN(int64_t axis_attr, IntAttr(attrs, "axis", -1));
  ASSIGN_OR_RETURN(float epsilon, FloatAttr(attrs, "epsilon", 1e-5f));
  ASSIGN_OR_RETURN(p.stash,
                   StashTypeAttr(attrs, DTypeBit(DType::kFloat32) | DTypeBit(DType::kBFloat16)));
  const ValueInfo& x = ctx.input(kX);
  ASSIGN_OR_RETURN(int axis, NormalizeAxisAttr(axis_attr, x, /*allow_negative=*/true));
  p.x_dims = x.dims;
  p.epsilon = epsilon;
  p.rows = NumElements(Dims(x.dims.begin(), x.dims.begin() + axis));
  p.cols = NumElements(Dims(x.dims.begin() + axis, x.dims.end()));
  ASSIGN_OR_RETURN(p.scale, MakeParamLayout(ctx, kScale, x.dims, axis));
  if (p.has_bias) {
    ASSIGN_OR_RETURN(p.bias, MakeParamLayout(ctx, kBias, x.dims, axis));
  }
  Dims stat_dims = x.dims;
  for (size_t d = axis; d < stat_dims.size(); ++d) stat_dims[d] = 1;
  ctx.SetOutput(0, x.dtype, x.dims);
  for (size_t i = 1; i < ctx.num_outputs(); ++i) ctx.SetOutput(i, p.stash, stat_dims);
  ctx.EmplaceState<LayerNormParams>(std::move(p));
  return Status::Ok();
}

Status LayerNormalizationRun(const RunContext& ctx) {
  const auto& p = ctx.state<LayerNormParams>();
  const bool want_mean = HasOutput(ctx, 1), want_inv = HasOutput(ctx, 2);
  return DispatchFloatOrHalf(ctx.input(kX).dtype, [&](auto tag) {
    using T = decltype(tag);
    const T* x = ctx.input(kX).data_as<const T>();
    const T* scale = ctx.input(kScale).data_as<const T>();
    const T* bias = p.has_bias ? ctx.input(kBias).data_as<const T>() : nullptr;
    T* y = ctx.output(0).data_as<T>();
    for (int64_t r = 0; r < p.rows; ++r) {
      const int64_t base = r * p.cols;
      double mean = 0, var = 0;
      RowMoments(x + base, p.cols, 1, &mean, &var);
      mean = RoundToStash(mean, p.stash);
      const double inv = RoundToStash(1.0 / std::sqrt(var + p.epsilon), p.stash);
      if (want_mean) StoreAs(ctx.output(1), r, mean);
      if (want_inv) StoreAs(ctx.output(2), r, inv);
      for (int64_t c = 0; c < p.cols; ++c) {
        const int64_t at = base + c;
        const double normalized = (RoundToStash(LoadD(x[at]), p.stash) - mean) * inv;
        double v = normalized * LoadD(scale[ParamOffset(p.scale, p.x_dims, at, p.cols)]);
        if (bias != nullptr) v += LoadD(bias[ParamOffset(p.bias, p.x_dims, at, p.cols)]);
        y[at] = StoreD<T>(v);
      }
    }
    return Status::Ok();
  });
}

}  // namespace onyx::kernels::ref
