// AveragePool over the spatial dims of X [N, C, D1..Dn]. The divisor is the
// number of window elements inside the input, or with count_include_pad the
// number inside the input plus its explicit pads (elements past the end pad,
// which ceil_mode can create, never count: PyTorch and ONNX's reference agree).
// Opset history: 7 added count_include_pad; 10 ceil_mode; 19 dilations; 22
// bfloat16. Sums are taken in double for every dtype.

#include <utility>

#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/pool_util.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/internal/spatial_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct AveragePoolParams {
  WindowGeometry geom;
  int64_t planes = 0;  // N * C.
  bool count_include_pad = false;
};

Status CheckAveragePoolOpset(const Attributes& attrs, int opset) {
  RETURN_IF_ERROR(RejectAttrBefore(attrs, "count_include_pad", opset, 7));
  RETURN_IF_ERROR(RejectAttrBefore(attrs, "ceil_mode", opset, 10));
  RETURN_IF_ERROR(RejectAttrBefore(attrs, "dilations", opset, 19));
  return Status::Ok();
}

}  // namespace

Status AveragePoolPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, 1));
  RETURN_IF_ERROR(ExpectSpatialFloat(ctx, 0));
  const Attributes& attrs = ctx.attrs();
  RETURN_IF_ERROR(CheckAveragePoolOpset(attrs, ctx.node().opset));
  const ValueInfo& x = ctx.input(0);
  RETURN_ERROR_IF(x.dims.size() < 3, StatusCode::kInvalidArgument, "input '", x.name,
                  "' rank (expected >= 3: [N, C, D1, ...], got ", DimsToString(x.dims), ")");
  ASSIGN_OR_RETURN(Dims kernel, ReadPoolKernelShape(attrs, x.dims.size() - 2));
  ASSIGN_OR_RETURN(WindowAttrs w, ReadWindowAttrs(attrs, std::move(kernel)));
  ASSIGN_OR_RETURN(w.ceil_mode, BoolAttr(attrs, "ceil_mode", false));

  AveragePoolParams p;
  ASSIGN_OR_RETURN(p.geom, ResolveWindow(w, Dims(x.dims.begin() + 2, x.dims.end()), x.name));
  ASSIGN_OR_RETURN(p.count_include_pad, BoolAttr(attrs, "count_include_pad", false));
  p.planes = x.dims[0] * x.dims[1];
  Dims out{x.dims[0], x.dims[1]};
  out.insert(out.end(), p.geom.out.begin(), p.geom.out.end());
  ctx.SetOutput(0, x.dtype, std::move(out));
  ctx.EmplaceState<AveragePoolParams>(std::move(p));
  return Status::Ok();
}

Status AveragePoolRun(const RunContext& ctx) {
  const auto& p = ctx.state<AveragePoolParams>();
  return DispatchFloatOrHalf(ctx.input(0).dtype, [&](auto tag) {
    using T = decltype(tag);
    const WindowGeometry& g = p.geom;
    const T* x = ctx.input(0).data_as<const T>();
    T* y = ctx.output(0).data_as<T>();
    for (int64_t plane = 0; plane < p.planes; ++plane) {
      const T* xp = x + plane * g.in_size;
      for (int64_t o = 0; o < g.out_size; ++o) {
        double sum = 0;
        int64_t inside = 0;
        ForEachTap(g, o, [&](const Tap& t) {
          sum += static_cast<double>(xp[t.offset]);
          ++inside;
        });
        const int64_t count = p.count_include_pad ? PaddedTapCount(g, o) : inside;
        // A window with no element to count (only possible when pads exceed
        // the dilated gaps) gives 0 / 0 = NaN, as ONNX's reference does.
        y[plane * g.out_size + o] = static_cast<T>(sum / static_cast<double>(count));
      }
    }
    return Status::Ok();
  });
}

}  // namespace onyx::kernels::ref
