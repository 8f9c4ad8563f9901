// LpNormalization: x / ||x||_p along `axis` (default -1) for p = 1 or 2
// (default 2); where the norm is 0 the output is 0. Opset 22 adds bfloat16.
// Norms are computed in double.

#include <cmath>

#include "kernels/ref/internal/axis_util.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct LpNormParams {
  AxisSplit split;
  int64_t p = 2;
};

}  // namespace

Status LpNormalizationPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, 1));
  RETURN_IF_ERROR(ExpectDType(ctx, 0, kFloatTypes | kHalfTypes));
  LpNormParams params;
  ASSIGN_OR_RETURN(params.p, IntAttr(ctx.attrs(), "p", 2));
  RETURN_ERROR_IF(params.p != 1 && params.p != 2, StatusCode::kInvalidModel,
                  "attribute 'p' (expected 1 or 2, got ", params.p, ")");
  ASSIGN_OR_RETURN(int64_t axis_attr, IntAttr(ctx.attrs(), "axis", -1));
  const ValueInfo& x = ctx.input(0);
  ASSIGN_OR_RETURN(int axis, NormalizeAxisAttr(axis_attr, x, /*allow_negative=*/true));
  params.split = SplitAtAxis(x.dims, axis);
  ctx.SetOutput(0, x.dtype, x.dims);
  ctx.EmplaceState<LpNormParams>(params);
  return Status::Ok();
}

Status LpNormalizationRun(const RunContext& ctx) {
  const auto& params = ctx.state<LpNormParams>();
  const AxisSplit& s = params.split;
  return DispatchFloatOrHalf(ctx.input(0).dtype, [&](auto tag) {
    using T = decltype(tag);
    const T* x = ctx.input(0).data_as<const T>();
    T* y = ctx.output(0).data_as<T>();
    for (int64_t o = 0; o < s.outer; ++o) {
      for (int64_t in = 0; in < s.inner; ++in) {
        const int64_t base = o * s.len * s.inner + in;
        double norm = 0;
        for (int64_t i = 0; i < s.len; ++i) {
          const double v = static_cast<double>(ToAccum(x[base + i * s.inner]));
          norm += params.p == 1 ? std::abs(v) : v * v;
        }
        if (params.p == 2) norm = std::sqrt(norm);
        for (int64_t i = 0; i < s.len; ++i) {
          const int64_t at = base + i * s.inner;
          const double v = static_cast<double>(ToAccum(x[at]));
          y[at] = FromAccum<T>(norm == 0 ? 0.0 : v / norm);
        }
      }
    }
    return Status::Ok();
  });
}

}  // namespace onyx::kernels::ref
