// CenterCropPad: resizes the axes named by attribute 'axes' (default all;
// negative count from the back) to the extents in the 'shape' input (int32
// or int64), cropping a centered window where the input is larger and
// zero-padding around it where smaller; an odd difference puts the extra
// element at the end in both cases. The shape must be known to Prepare.

#include <vector>

#include "kernels/ref/internal/copy.h"
#include "kernels/ref/internal/index_util.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status CenterCropPadPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(2, 2));
  RETURN_IF_ERROR(ExpectFixedSizeDType(ctx, 0));
  const ValueInfo& x = ctx.input(0);
  const int64_t rank = static_cast<int64_t>(x.dims.size());
  ASSIGN_OR_RETURN(std::vector<int64_t> shape, KnownIndexInput(ctx, 1, "shape"));
  std::vector<int64_t> axes;
  if (ctx.attrs().Has("axes")) {
    ASSIGN_OR_RETURN(axes, IntsAttr(ctx.attrs(), "axes"));
    RETURN_IF_ERROR(NormalizeAxes(axes, rank, true, StatusCode::kInvalidArgument,
                                  StrCat("attribute 'axes' ", IntsToString(axes))));
  } else {
    for (int64_t d = 0; d < rank; ++d) axes.push_back(d);
  }
  RETURN_ERROR_IF(shape.size() != axes.size(), StatusCode::kInvalidArgument, "shape input '",
                  ctx.input(1).name, "' needs one extent per axis in ", IntsToString(axes),
                  " (expected ", axes.size(), ", got ", IntsToString(shape), ")");
  auto* m = ctx.EmplaceState<CoordinateMaps>();
  m->out_dims = x.dims;
  std::vector<int64_t> begin(rank, 0);
  std::vector<bool> seen(rank, false);
  for (size_t k = 0; k < axes.size(); ++k) {
    const int64_t axis = axes[k];
    RETURN_ERROR_IF(seen[axis], StatusCode::kInvalidArgument, "attribute 'axes' repeats axis ",
                    axis, " (expected distinct axes, got ", IntsToString(axes), ")");
    seen[axis] = true;
    RETURN_ERROR_IF(shape[k] < 0, StatusCode::kInvalidArgument, "shape input '", ctx.input(1).name,
                    "' has a negative extent (expected extents >= 0, got ", IntsToString(shape),
                    ")");
    const int64_t diff = shape[k] - x.dims[axis];
    // Output position o reads input o - begin: begin > 0 pads, begin < 0 crops.
    begin[axis] = diff >= 0 ? diff / 2 : -((-diff) / 2);
    m->out_dims[axis] = shape[k];
  }
  m->in_strides = RowMajorStrides(x.dims);
  m->out_blocks = RowMajorStrides(m->out_dims);
  m->maps.resize(rank);
  for (int64_t d = 0; d < rank; ++d) {
    for (int64_t o = 0; o < m->out_dims[d]; ++o) {
      const int64_t i = o - begin[d];
      m->maps[d].push_back(i >= 0 && i < x.dims[d] ? i : -1);
    }
  }
  ctx.SetOutput(0, x.dtype, m->out_dims);
  return Status::Ok();
}

Status CenterCropPadRun(const RunContext& ctx) {
  return RunMapped(ctx.input(0), ctx.output(0), ctx.state<CoordinateMaps>(), nullptr);
}

}  // namespace onyx::kernels::ref
