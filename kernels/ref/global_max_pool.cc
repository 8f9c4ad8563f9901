// GlobalMaxPool: the maximum of each [n, c] plane of X [N, C, D1..Dn] over
// all its spatial dims; Y is [N, C, 1, ..., 1]. A NaN in a plane gives NaN,
// as numpy's max does; an empty plane gives -inf. Opset 22 adds bfloat16.

#include <cmath>
#include <limits>

#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/spatial_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status GlobalMaxPoolPrepare(PrepareContext& ctx) {
  ASSIGN_OR_RETURN(PlaneParams p, PrepareGlobalPool(ctx));
  ctx.EmplaceState<PlaneParams>(p);
  return Status::Ok();
}

Status GlobalMaxPoolRun(const RunContext& ctx) {
  const auto& p = ctx.state<PlaneParams>();
  return DispatchFloatOrHalf(ctx.input(0).dtype, [&](auto tag) {
    using T = decltype(tag);
    using Acc = ComputeType<T>;
    const T* x = ctx.input(0).data_as<const T>();
    T* y = ctx.output(0).data_as<T>();
    for (int64_t plane = 0; plane < p.planes; ++plane) {
      const T* xp = x + plane * p.plane_size;
      Acc best = -std::numeric_limits<Acc>::infinity();
      for (int64_t i = 0; i < p.plane_size; ++i) {
        const Acc v = static_cast<Acc>(xp[i]);
        if (std::isnan(v)) {
          best = v;
          break;
        }
        if (v > best) best = v;
      }
      y[plane] = static_cast<T>(best);
    }
    return Status::Ok();
  });
}

}  // namespace onyx::kernels::ref
