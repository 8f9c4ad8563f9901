// RMSNormalization (opset 23): Y = X / sqrt(mean(X^2) + epsilon) * scale,
// the mean taken over X's dims from `axis` (default -1) on and `scale`
// broadcast unidirectionally onto X. Y has scale's dtype (V), which may
// differ from X's (T). The statistic is computed in double and rounded to
// the precision stash_type names.

#include <cmath>
#include <utility>

#include "kernels/ref/internal/norm_util.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct RmsNormParams {
  Dims x_dims;
  int64_t rows = 0, cols = 0;
  double epsilon = 1e-5;
  DType stash = DType::kFloat32;
  ParamLayout scale;
};

}  // namespace

Status RMSNormalizationPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(2, 2));
  RETURN_IF_ERROR(ExpectDType(ctx, 0, kNormTypes));
  RETURN_IF_ERROR(ExpectDType(ctx, 1, kNormTypes));
  const Attributes& attrs = ctx.attrs();
  RmsNormParams p;
  ASSIGN_OR_RETURN(int64_t axis_attr, IntAttr(attrs, "axis", -1));
  ASSIGN_OR_RETURN(float epsilon, FloatAttr(attrs, "epsilon", 1e-5f));
  ASSIGN_OR_RETURN(p.stash, StashTypeAttr(attrs, kNormTypes));
  const ValueInfo& x = ctx.input(0);
  ASSIGN_OR_RETURN(int axis, NormalizeAxisAttr(axis_attr, x, /*allow_negative=*/true));
  p.x_dims = x.dims;
  p.epsilon = epsilon;
  p.rows = NumElements(Dims(x.dims.begin(), x.dims.begin() + axis));
  p.cols = NumElements(Dims(x.dims.begin() + axis, x.dims.end()));
  ASSIGN_OR_RETURN(p.scale, MakeParamLayout(ctx, 1, x.dims, axis));
  ctx.SetOutput(0, ctx.input(1).dtype, x.dims);
  ctx.EmplaceState<RmsNormParams>(std::move(p));
  return Status::Ok();
}

Status RMSNormalizationRun(const RunContext& ctx) {
  const auto& p = ctx.state<RmsNormParams>();
  return DispatchFloat2(ctx.input(0).dtype, ctx.input(1).dtype, [&](auto tx, auto tv) {
    using T = decltype(tx);
    using V = decltype(tv);
    const T* x = ctx.input(0).data_as<const T>();
    const V* scale = ctx.input(1).data_as<const V>();
    V* y = ctx.output(0).data_as<V>();
    for (int64_t r = 0; r < p.rows; ++r) {
      const int64_t base = r * p.cols;
      double sq = 0;
      for (int64_t c = 0; c < p.cols; ++c) sq += LoadD(x[base + c]) * LoadD(x[base + c]);
      const double inv =
          RoundToStash(1.0 / std::sqrt(sq / static_cast<double>(p.cols) + p.epsilon), p.stash);
      for (int64_t c = 0; c < p.cols; ++c) {
        const int64_t at = base + c;
        y[at] = StoreD<V>(RoundToStash(LoadD(x[at]), p.stash) * inv *
                          LoadD(scale[ParamOffset(p.scale, p.x_dims, at, p.cols)]));
      }
    }
    return Status::Ok();
  });
}

}  // namespace onyx::kernels::ref
