// MaxPool over the spatial dims of X [N, C, D1..Dn], with the optional second
// output Indices (int64, opset 8+): the flat index of each maximum in the
// whole input, spatial dims flattened row-major (storage_order 0) or
// column-major (storage_order 1), plus (n * C + c) times the spatial size.
// Opset history: 8 added storage_order and Indices; 10 dilations and
// ceil_mode; 12 int8 and uint8; 22 bfloat16. float16 and bfloat16 compare
// exactly as floats, so no wider type is needed.

#include <limits>
#include <utility>

#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/pool_util.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/internal/spatial_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct MaxPoolParams {
  WindowGeometry geom;
  int64_t planes = 0;  // N * C.
  bool column_major = false;
  bool indices = false;
};

Status CheckMaxPoolOpset(const PrepareContext& ctx) {
  const int opset = ctx.node().opset;
  const Attributes& attrs = ctx.attrs();
  RETURN_IF_ERROR(RejectAttrBefore(attrs, "storage_order", opset, 8));
  RETURN_IF_ERROR(RejectAttrBefore(attrs, "dilations", opset, 10));
  RETURN_IF_ERROR(RejectAttrBefore(attrs, "ceil_mode", opset, 10));
  const size_t max_outputs = opset >= 8 ? 2 : 1;
  RETURN_ERROR_IF(ctx.num_outputs() > max_outputs, StatusCode::kInvalidModel,
                  "number of outputs at opset ", opset, " (expected at most ", max_outputs,
                  ", got ", ctx.num_outputs(), ")");
  return Status::Ok();
}

// Returns the max over the window at output `o` of plane `x` and stores the
// chosen element's flat spatial index in `index`. The first maximum wins; a
// window with no element inside the input (possible only with pads at least
// as large as the dilated gaps) yields lowest() and index -1.
template <typename T>
T WindowMax(const MaxPoolParams& p, const T* x, int64_t o, int64_t& index) {
  T best = std::numeric_limits<T>::lowest();
  index = -1;
  ForEachTap(p.geom, o, [&](const Tap& t) {
    const T v = x[t.offset];
    if (index < 0 || v > best) {
      best = v;
      index = p.column_major ? t.col_major_offset : t.offset;
    }
  });
  return best;
}

}  // namespace

Status MaxPoolPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, 1));
  const int opset = ctx.node().opset;
  const uint64_t allowed = SpatialFloatTypes(opset) |
                           (opset >= 12 ? DTypeBit(DType::kInt8) | DTypeBit(DType::kUInt8) : 0);
  RETURN_IF_ERROR(ExpectDType(ctx, 0, allowed));
  RETURN_IF_ERROR(CheckMaxPoolOpset(ctx));
  const ValueInfo& x = ctx.input(0);
  RETURN_ERROR_IF(x.dims.size() < 3, StatusCode::kInvalidArgument, "input '", x.name,
                  "' rank (expected >= 3: [N, C, D1, ...], got ", DimsToString(x.dims), ")");
  ASSIGN_OR_RETURN(Dims kernel, ReadPoolKernelShape(ctx.attrs(), x.dims.size() - 2));
  ASSIGN_OR_RETURN(WindowAttrs w, ReadWindowAttrs(ctx.attrs(), std::move(kernel)));
  ASSIGN_OR_RETURN(w.ceil_mode, BoolAttr(ctx.attrs(), "ceil_mode", false));

  MaxPoolParams p;
  ASSIGN_OR_RETURN(p.geom, ResolveWindow(w, Dims(x.dims.begin() + 2, x.dims.end()), x.name));
  ASSIGN_OR_RETURN(p.column_major, BoolAttr(ctx.attrs(), "storage_order", false));
  p.planes = x.dims[0] * x.dims[1];
  p.indices = ctx.has_output(1);
  Dims out{x.dims[0], x.dims[1]};
  out.insert(out.end(), p.geom.out.begin(), p.geom.out.end());
  ctx.SetOutput(0, x.dtype, out);
  if (ctx.num_outputs() > 1) ctx.SetOutput(1, DType::kInt64, out);
  ctx.EmplaceState<MaxPoolParams>(std::move(p));
  return Status::Ok();
}

Status MaxPoolRun(const RunContext& ctx) {
  const auto& p = ctx.state<MaxPoolParams>();
  return DispatchNumericOrHalf(ctx.input(0).dtype, [&](auto tag) {
    using T = decltype(tag);
    const WindowGeometry& g = p.geom;
    const T* x = ctx.input(0).data_as<const T>();
    T* y = ctx.output(0).data_as<T>();
    int64_t* indices = p.indices ? ctx.output(1).data_as<int64_t>() : nullptr;
    for (int64_t plane = 0; plane < p.planes; ++plane) {
      const T* xp = x + plane * g.in_size;
      for (int64_t o = 0; o < g.out_size; ++o) {
        int64_t index;
        const int64_t out = plane * g.out_size + o;
        y[out] = WindowMax(p, xp, o, index);
        if (indices) indices[out] = index < 0 ? -1 : plane * g.in_size + index;
      }
    }
    return Status::Ok();
  });
}

}  // namespace onyx::kernels::ref
