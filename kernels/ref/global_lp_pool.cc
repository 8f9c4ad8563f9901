// GlobalLpPool: the Lp norm, (sum |x|^p)^(1/p), of each [n, c] plane of X
// [N, C, D1..Dn] over all its spatial dims; Y is [N, C, 1, ..., 1]. 'p' is a
// float at opset 1 and an int from opset 2 on; 22 adds bfloat16. Sums are
// taken in double for every dtype.

#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/spatial_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct GlobalLpPoolParams {
  PlaneParams planes;
  double p = 2;
};

}  // namespace

Status GlobalLpPoolPrepare(PrepareContext& ctx) {
  GlobalLpPoolParams params;
  ASSIGN_OR_RETURN(params.p, ReadLpNorm(ctx.attrs(), ctx.node().opset));
  ASSIGN_OR_RETURN(params.planes, PrepareGlobalPool(ctx));
  ctx.EmplaceState<GlobalLpPoolParams>(params);
  return Status::Ok();
}

Status GlobalLpPoolRun(const RunContext& ctx) {
  const auto& params = ctx.state<GlobalLpPoolParams>();
  const PlaneParams& p = params.planes;
  return DispatchFloatOrHalf(ctx.input(0).dtype, [&](auto tag) {
    using T = decltype(tag);
    const T* x = ctx.input(0).data_as<const T>();
    T* y = ctx.output(0).data_as<T>();
    for (int64_t plane = 0; plane < p.planes; ++plane) {
      const T* xp = x + plane * p.plane_size;
      double sum = 0;
      for (int64_t i = 0; i < p.plane_size; ++i) {
        sum += LpTerm(static_cast<double>(xp[i]), params.p);
      }
      y[plane] = static_cast<T>(LpFinish(sum, params.p));
    }
    return Status::Ok();
  });
}

}  // namespace onyx::kernels::ref
