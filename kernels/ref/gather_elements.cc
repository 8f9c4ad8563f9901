// GatherElements: output[i][j][k] = data[indices[i][j][k]][j][k] for axis 0,
// and likewise on any axis: the output has the shape of indices (int32 or
// int64, same rank as data), and every other coordinate is taken as is, so
// indices may not be wider than data off the axis. Negative indices count
// from the back; one out of range fails Run with kInvalidArgument.

#include <cstring>
#include <vector>

#include "kernels/ref/internal/copy.h"
#include "kernels/ref/internal/index_util.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct GatherElementsParams {
  int axis = 0;
  Dims index_dims;
  std::vector<int64_t> index_strides;
  std::vector<int64_t> data_strides;
};

template <typename T>
Status GatherElementsTyped(const RunContext& ctx, const GatherElementsParams& p) {
  const TensorView& indices = ctx.input(1);
  const T* data = ctx.input(0).data_as<const T>();
  T* out = ctx.output(0).data_as<T>();
  const int64_t extent = ctx.input(0).dims[p.axis];
  const int64_t n = indices.num_elements();
  for (int64_t k = 0; k < n; ++k) {
    int64_t index = IndexAt(indices, k);
    RETURN_IF_ERROR(NormalizeIndex(index, extent, "indices", k, p.axis));
    int64_t offset = index * p.data_strides[p.axis];
    int64_t rest = k;
    for (size_t d = 0; d < p.index_dims.size(); ++d) {
      const int64_t coord = rest / p.index_strides[d];
      rest %= p.index_strides[d];
      if (static_cast<int>(d) != p.axis) offset += coord * p.data_strides[d];
    }
    out[k] = data[offset];
  }
  return Status::Ok();
}

}  // namespace

Status GatherElementsPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(2, 2));
  RETURN_IF_ERROR(ExpectFixedSizeDType(ctx, 0));
  RETURN_IF_ERROR(ExpectIndexDType(ctx, 1, "indices"));
  const ValueInfo& data = ctx.input(0);
  const ValueInfo& indices = ctx.input(1);
  RETURN_ERROR_IF(data.dims.empty(), StatusCode::kInvalidArgument, "input '", data.name,
                  "' is a scalar (expected rank 1 or more, got shape [])");
  RETURN_ERROR_IF(indices.dims.size() != data.dims.size(), StatusCode::kInvalidArgument,
                  "indices input '", indices.name, "' rank differs from input '", data.name,
                  "' (expected ", data.dims.size(), ", got ", indices.dims.size(), ": shapes ",
                  DimsToString(data.dims), " and ", DimsToString(indices.dims), ")");
  ASSIGN_OR_RETURN(int64_t raw_axis, IntAttr(ctx.attrs(), "axis", 0));
  ASSIGN_OR_RETURN(int axis, NormalizeAxisAttr(raw_axis, data, true));
  for (size_t d = 0; d < data.dims.size(); ++d) {
    RETURN_ERROR_IF(static_cast<int>(d) != axis && indices.dims[d] > data.dims[d],
                    StatusCode::kInvalidArgument, "indices input '", indices.name,
                    "' is wider than input '", data.name, "' on dim ", d, " off axis ", axis,
                    " (expected at most ", data.dims[d], ", got ", indices.dims[d], ")");
  }
  auto* p = ctx.EmplaceState<GatherElementsParams>();
  p->axis = axis;
  p->index_dims = indices.dims;
  p->index_strides = RowMajorStrides(indices.dims);
  p->data_strides = RowMajorStrides(data.dims);
  ctx.SetOutput(0, data.dtype, indices.dims);
  return Status::Ok();
}

Status GatherElementsRun(const RunContext& ctx) {
  const GatherElementsParams& p = ctx.state<GatherElementsParams>();
  return DispatchElementSize(DTypeSize(ctx.input(0).dtype),
                             [&](auto tag) { return GatherElementsTyped<decltype(tag)>(ctx, p); });
}

}  // namespace onyx::kernels::ref
