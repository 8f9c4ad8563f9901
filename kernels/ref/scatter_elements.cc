// ScatterElements (and the deprecated Scatter, opsets 9-10, registered to
// the same functions): the output is data with, for every position of
// indices, output[..., indices[pos], ...] (on `axis`) set to updates[pos], or
// combined with it by 'reduction' (opset 16: add, mul; 18: max, min).
// Indices (int32 or int64) and updates share a shape of data's rank, no wider
// than data off the axis. Negative indices count from the back; one out of
// range fails Run with kInvalidArgument. Updates apply in row-major order.

#include <vector>

#include "kernels/ref/internal/copy.h"
#include "kernels/ref/internal/index_util.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/internal/scatter_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct ScatterElementsParams {
  int axis = 0;
  ScatterReduction reduction = ScatterReduction::kNone;
  std::vector<int64_t> index_strides;
  std::vector<int64_t> data_strides;
};

template <typename T>
Status ScatterElementsTyped(const RunContext& ctx, const ScatterElementsParams& p) {
  const TensorView& indices = ctx.input(1);
  const T* updates = ctx.input(2).data_as<const T>();
  T* out = ctx.output(0).data_as<T>();
  const int64_t extent = ctx.input(0).dims[p.axis];
  const int64_t n = indices.num_elements();
  for (int64_t k = 0; k < n; ++k) {
    int64_t index = IndexAt(indices, k);
    RETURN_IF_ERROR(NormalizeIndex(index, extent, "indices", k, p.axis));
    int64_t offset = index * p.data_strides[p.axis];
    int64_t rest = k;
    for (size_t d = 0; d < p.index_strides.size(); ++d) {
      const int64_t coord = rest / p.index_strides[d];
      rest %= p.index_strides[d];
      if (static_cast<int>(d) != p.axis) offset += coord * p.data_strides[d];
    }
    ScatterCombine(out[offset], updates[k], p.reduction);
  }
  return Status::Ok();
}

}  // namespace

Status ScatterElementsPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(3, 3));
  RETURN_IF_ERROR(ExpectFixedSizeDType(ctx, 0));
  RETURN_IF_ERROR(ExpectIndexDType(ctx, 1, "indices"));
  RETURN_IF_ERROR(ExpectSameDType(ctx, 2, 0));
  const ValueInfo& data = ctx.input(0);
  const ValueInfo& indices = ctx.input(1);
  const ValueInfo& updates = ctx.input(2);
  ASSIGN_OR_RETURN(ScatterReduction reduction, ReadScatterReduction(ctx));
  RETURN_ERROR_IF(data.dims.empty(), StatusCode::kInvalidArgument, "input '", data.name,
                  "' is a scalar (expected rank 1 or more, got shape [])");
  RETURN_ERROR_IF(indices.dims.size() != data.dims.size(), StatusCode::kInvalidArgument,
                  "indices input '", indices.name, "' rank differs from input '", data.name,
                  "' (expected ", data.dims.size(), ", got ", indices.dims.size(), ": shapes ",
                  DimsToString(data.dims), " and ", DimsToString(indices.dims), ")");
  RETURN_ERROR_IF(updates.dims != indices.dims, StatusCode::kInvalidArgument, "updates input '",
                  updates.name, "' shape differs from indices input '", indices.name,
                  "' (expected ", DimsToString(indices.dims), ", got ", DimsToString(updates.dims),
                  ")");
  ASSIGN_OR_RETURN(int64_t raw_axis, IntAttr(ctx.attrs(), "axis", 0));
  ASSIGN_OR_RETURN(int axis, NormalizeAxisAttr(raw_axis, data, true));
  for (size_t d = 0; d < data.dims.size(); ++d) {
    RETURN_ERROR_IF(static_cast<int>(d) != axis && indices.dims[d] > data.dims[d],
                    StatusCode::kInvalidArgument, "indices input '", indices.name,
                    "' is wider than input '", data.name, "' on dim ", d, " off axis ", axis,
                    " (expected at most ", data.dims[d], ", got ", indices.dims[d], ")");
  }
  auto* p = ctx.EmplaceState<ScatterElementsParams>();
  p->axis = axis;
  p->reduction = reduction;
  p->index_strides = RowMajorStrides(indices.dims);
  p->data_strides = RowMajorStrides(data.dims);
  ctx.SetOutput(0, data.dtype, data.dims);
  return Status::Ok();
}

Status ScatterElementsRun(const RunContext& ctx) {
  const ScatterElementsParams& p = ctx.state<ScatterElementsParams>();
  CopyUnlessSame(ctx.output(0).data, ctx.input(0).data, ctx.input(0).nbytes());
  return DispatchScatter(ctx.input(0).dtype, p.reduction,
                         [&](auto tag) { return ScatterElementsTyped<decltype(tag)>(ctx, p); });
}

}  // namespace onyx::kernels::ref
