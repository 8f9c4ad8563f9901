// MeanVarianceNormalization: Y = (X - mean) / (sqrt(var) + 1e-9), mean and
// population variance taken over `axes` (default [0, 2, 3]: per channel of
// an NCHW tensor), as ONNX's function body defines it (its epsilon is added
// to the standard deviation, not the variance). Opset 13 adds bfloat16.
// An empty axes list normalizes over every dim, as the function body's
// ReduceMean would. Statistics are computed in double, two-pass.

#include <cmath>
#include <utility>
#include <vector>

#include "kernels/ref/internal/norm_util.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/internal/reduce_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status MeanVarianceNormalizationPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, 1));
  RETURN_IF_ERROR(ExpectDType(ctx, 0, kNormTypes));
  std::vector<int64_t> axes{0, 2, 3};
  if (ctx.attrs().Has("axes")) {
    ASSIGN_OR_RETURN(axes, IntsAttr(ctx.attrs(), "axes"));
  }
  const ValueInfo& x = ctx.input(0);
  RETURN_IF_ERROR(NormalizeDistinctAxes(
      axes, static_cast<int64_t>(x.dims.size()), StatusCode::kInvalidArgument,
      StrCat("attribute 'axes' for input '", x.name, "' ", DimsToString(x.dims))));
  ctx.SetOutput(0, x.dtype, x.dims);
  ctx.EmplaceState<ReducePlan>(MakeReducePlan(x.dims, ReducedDims(x.dims, axes, /*noop=*/false)));
  return Status::Ok();
}

Status MeanVarianceNormalizationRun(const RunContext& ctx) {
  const auto& p = ctx.state<ReducePlan>();
  return DispatchFloatOrHalf(ctx.input(0).dtype, [&](auto tag) {
    using T = decltype(tag);
    const T* x = ctx.input(0).data_as<const T>();
    T* y = ctx.output(0).data_as<T>();
    const double n = static_cast<double>(p.reduce_count);
    ForEachOutput(p, [&](int64_t, int64_t base) {
      double sum = 0, sq = 0;
      ForEachReduced(p, base, [&](int64_t i) { sum += LoadD(x[i]); });
      const double mean = sum / n;
      ForEachReduced(p, base, [&](int64_t i) {
        const double d = LoadD(x[i]) - mean;
        sq += d * d;
      });
      const double denom = std::sqrt(sq / n) + 1e-9;
      ForEachReduced(p, base, [&](int64_t i) { y[i] = StoreD<T>((LoadD(x[i]) - mean) / denom); });
    });
    return Status::Ok();
  });
}

}  // namespace onyx::kernels::ref
