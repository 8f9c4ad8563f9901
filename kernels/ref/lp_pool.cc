// LpPool: the Lp norm, (sum |x|^p)^(1/p), of each window over the spatial
// dims of X [N, C, D1..Dn]. Padding adds zeros, so only the window elements
// inside the input count. Opset history: 2 made 'p' an int (a float at 1);
// 18 added ceil_mode and dilations; 22 bfloat16. Sums are taken in double.

#include <utility>

#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/pool_util.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/internal/spatial_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct LpPoolParams {
  WindowGeometry geom;
  int64_t planes = 0;  // N * C.
  double p = 2;
};

}  // namespace

Status LpPoolPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, 1));
  RETURN_IF_ERROR(ExpectSpatialFloat(ctx, 0));
  RETURN_IF_ERROR(ExpectImageRank(ctx, 0));
  const Attributes& attrs = ctx.attrs();
  const int opset = ctx.node().opset;
  RETURN_IF_ERROR(RejectAttrBefore(attrs, "ceil_mode", opset, 18));
  RETURN_IF_ERROR(RejectAttrBefore(attrs, "dilations", opset, 18));
  const ValueInfo& x = ctx.input(0);
  ASSIGN_OR_RETURN(Dims kernel, ReadPoolKernelShape(attrs, x.dims.size() - 2));
  ASSIGN_OR_RETURN(WindowAttrs w, ReadWindowAttrs(attrs, std::move(kernel)));
  ASSIGN_OR_RETURN(w.ceil_mode, BoolAttr(attrs, "ceil_mode", false));

  LpPoolParams p;
  ASSIGN_OR_RETURN(p.p, ReadLpNorm(attrs, opset));
  ASSIGN_OR_RETURN(p.geom, ResolveWindow(w, Dims(x.dims.begin() + 2, x.dims.end()), x.name));
  p.planes = x.dims[0] * x.dims[1];
  Dims out{x.dims[0], x.dims[1]};
  out.insert(out.end(), p.geom.out.begin(), p.geom.out.end());
  ctx.SetOutput(0, x.dtype, std::move(out));
  ctx.EmplaceState<LpPoolParams>(std::move(p));
  return Status::Ok();
}

Status LpPoolRun(const RunContext& ctx) {
  const auto& p = ctx.state<LpPoolParams>();
  return DispatchFloatOrHalf(ctx.input(0).dtype, [&](auto tag) {
    using T = decltype(tag);
    const WindowGeometry& g = p.geom;
    const T* x = ctx.input(0).data_as<const T>();
    T* y = ctx.output(0).data_as<T>();
    for (int64_t plane = 0; plane < p.planes; ++plane) {
      const T* xp = x + plane * g.in_size;
      for (int64_t o = 0; o < g.out_size; ++o) {
        double sum = 0;
        ForEachTap(g, o,
                   [&](const Tap& t) { sum += LpTerm(static_cast<double>(xp[t.offset]), p.p); });
        y[plane * g.out_size + o] = static_cast<T>(LpFinish(sum, p.p));
      }
    }
    return Status::Ok();
  });
}

}  // namespace onyx::kernels::ref
