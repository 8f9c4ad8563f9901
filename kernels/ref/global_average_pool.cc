// GlobalAveragePool: the mean of each [n, c] plane of X [N, C, D1..Dn] over
// all its spatial dims; Y is [N, C, 1, ..., 1]. An empty plane gives NaN
// (0 / 0), as numpy's mean does. Sums are taken in double for every dtype;
// opset 22 adds bfloat16.

#include <utility>

#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/internal/spatial_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct GlobalPoolParams {
  int64_t planes = 0;      // N * C.
  int64_t plane_size = 0;  // D1 * ... * Dn.
};

}  // namespace

Status GlobalAveragePoolPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, 1));
  RETURN_IF_ERROR(ExpectSpatialFloat(ctx, 0));
  const ValueInfo& x = ctx.input(0);
  RETURN_ERROR_IF(x.dims.size() < 3, StatusCode::kInvalidArgument, "input '", x.name,
                  "' rank (expected >= 3: [N, C, D1, ...], got ", DimsToString(x.dims), ")");
  GlobalPoolParams p;
  p.planes = x.dims[0] * x.dims[1];
  p.plane_size = NumElements(Dims(x.dims.begin() + 2, x.dims.end()));
  Dims out(x.dims.size(), 1);
  out[0] = x.dims[0];
  out[1] = x.dims[1];
  ctx.SetOutput(0, x.dtype, std::move(out));
  ctx.EmplaceState<GlobalPoolParams>(p);
  return Status::Ok();
}

Status GlobalAveragePoolRun(const RunContext& ctx) {
  const auto& p = ctx.state<GlobalPoolParams>();
  return DispatchFloatOrHalf(ctx.input(0).dtype, [&](auto tag) {
    using T = decltype(tag);
    const T* x = ctx.input(0).data_as<const T>();
    T* y = ctx.output(0).data_as<T>();
    for (int64_t plane = 0; plane < p.planes; ++plane) {
      const T* xp = x + plane * p.plane_size;
      double sum = 0;
      for (int64_t i = 0; i < p.plane_size; ++i) sum += static_cast<double>(xp[i]);
      y[plane] = static_cast<T>(sum / static_cast<double>(p.plane_size));
    }
    return Status::Ok();
  });
}

}  // namespace onyx::kernels::ref
