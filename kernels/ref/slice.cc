// Slice: numpy's data[start:end:step] on some axes. Opset 1 reads starts,
// ends and axes from attributes (step 1); opset 10 from inputs (int32 or
// int64) with optional axes and steps; opset 11 allows negative axes. Starts
// and ends count from the back when negative and are clamped to the axis
// (to [0, dim] for a positive step, [-1, dim - 1] for a negative one), so
// INT64_MAX and INT64_MIN mean "to the end". The values decide the output
// shape, so Prepare must know them; the output is one strided view of data.

#include <algorithm>
#include <vector>

#include "kernels/ref/internal/copy.h"
#include "kernels/ref/internal/index_util.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct SliceSpec {
  std::vector<int64_t> starts, ends, axes, steps;
  StatusCode code = StatusCode::kInvalidArgument;  // kInvalidModel for attributes.
  const char* source = "input";                    // How messages name the lists.
};

Status ReadAttrSpec(const PrepareContext& ctx, SliceSpec& s) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, 1));
  s.code = StatusCode::kInvalidModel;
  s.source = "attribute";
  for (const char* name : {"starts", "ends"}) {
    RETURN_ERROR_IF(!ctx.attrs().Has(name), StatusCode::kInvalidModel, "attribute '", name,
                    "' is missing (expected ints before opset 10, got nothing)");
  }
  ASSIGN_OR_RETURN(s.starts, IntsAttr(ctx.attrs(), "starts"));
  ASSIGN_OR_RETURN(s.ends, IntsAttr(ctx.attrs(), "ends"));
  if (ctx.attrs().Has("axes")) {
    ASSIGN_OR_RETURN(s.axes, IntsAttr(ctx.attrs(), "axes"));
  } else {
    for (size_t i = 0; i < s.starts.size(); ++i) s.axes.push_back(static_cast<int64_t>(i));
  }
  s.steps.assign(s.starts.size(), 1);
  return Status::Ok();
}

Status ReadInputSpec(const PrepareContext& ctx, SliceSpec& s) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(3, 5));
  ASSIGN_OR_RETURN(s.starts, KnownIndexInput(ctx, 1, "starts"));
  ASSIGN_OR_RETURN(s.ends, KnownIndexInput(ctx, 2, "ends"));
  RETURN_IF_ERROR(ExpectSameDType(ctx, 2, 1));
  if (ctx.has_input(3)) {
    ASSIGN_OR_RETURN(s.axes, KnownIndexInput(ctx, 3, "axes"));
    RETURN_IF_ERROR(ExpectSameDType(ctx, 3, 1));
  } else {
    for (size_t i = 0; i < s.starts.size(); ++i) s.axes.push_back(static_cast<int64_t>(i));
  }
  if (ctx.has_input(4)) {
    ASSIGN_OR_RETURN(s.steps, KnownIndexInput(ctx, 4, "steps"));
    RETURN_IF_ERROR(ExpectSameDType(ctx, 4, 1));
  } else {
    s.steps.assign(s.starts.size(), 1);
  }
  return Status::Ok();
}

Status CheckLengths(const SliceSpec& s) {
  const size_t n = s.starts.size();
  RETURN_ERROR_IF(s.ends.size() != n || s.axes.size() != n || s.steps.size() != n, s.code, s.source,
                  "s starts, ends, axes and steps differ in length (expected ", n,
                  " each like starts, got ", s.ends.size(), ", ", s.axes.size(), " and ",
                  s.steps.size(), ")");
  return Status::Ok();
}

// Element count of start:end:step on an axis of extent `dim`; clamps `start`.
int64_t SliceLength(int64_t& start, int64_t end, int64_t step, int64_t dim) {
  if (dim == 0) return 0;
  if (start < 0) start += dim;
  if (end < 0) end += dim;
  if (step > 0) {
    start = std::clamp<int64_t>(start, 0, dim);
    end = std::clamp<int64_t>(end, 0, dim);
    if (end <= start) return 0;
    const uint64_t diff = static_cast<uint64_t>(end - start);
    return static_cast<int64_t>((diff + static_cast<uint64_t>(step) - 1) / step);
  }
  start = std::clamp<int64_t>(start, 0, dim - 1);
  end = std::clamp<int64_t>(end, -1, dim - 1);
  if (start <= end) return 0;
  const uint64_t diff = static_cast<uint64_t>(start - end);
  const uint64_t abs_step = 0 - static_cast<uint64_t>(step);  // Safe for INT64_MIN.
  return static_cast<int64_t>((diff + abs_step - 1) / abs_step);
}

}  // namespace

Status SlicePrepare(PrepareContext& ctx) {
  const int opset = ctx.node().opset;
  SliceSpec s;
  RETURN_IF_ERROR(opset < 10 ? ReadAttrSpec(ctx, s) : ReadInputSpec(ctx, s));
  RETURN_IF_ERROR(ExpectFixedSizeDType(ctx, 0));
  RETURN_IF_ERROR(CheckLengths(s));
  const ValueInfo& data = ctx.input(0);
  const int64_t rank = static_cast<int64_t>(data.dims.size());
  RETURN_IF_ERROR(NormalizeAxes(s.axes, rank, opset >= 11, s.code,
                                StrCat(s.source, " 'axes' ", IntsToString(s.axes))));
  std::vector<bool> seen(rank, false);
  const std::vector<int64_t> in_strides = RowMajorStrides(data.dims);
  auto* view = ctx.EmplaceState<StridedView>();
  view->dims = data.dims;
  view->strides = in_strides;
  for (size_t i = 0; i < s.axes.size(); ++i) {
    const int64_t axis = s.axes[i];
    RETURN_ERROR_IF(seen[axis], s.code, s.source, " 'axes' repeats axis ", axis,
                    " (expected distinct axes, got ", IntsToString(s.axes), ")");
    seen[axis] = true;
    RETURN_ERROR_IF(s.steps[i] == 0, s.code, s.source, " 'steps' has a zero at position ", i,
                    " (expected a nonzero step, got ", IntsToString(s.steps), ")");
    int64_t start = s.starts[i];
    const int64_t length = SliceLength(start, s.ends[i], s.steps[i], data.dims[axis]);
    view->dims[axis] = length;
    // A step past the extent only matters for one element; keep it finite.
    view->strides[axis] = length > 1 ? s.steps[i] * in_strides[axis] : 0;
    if (length > 0) view->offset += start * in_strides[axis];
  }
  ctx.SetOutput(0, data.dtype, view->dims);
  return Status::Ok();
}

Status SliceRun(const RunContext& ctx) { return RunStridedCopy(ctx); }

}  // namespace onyx::kernels::ref
