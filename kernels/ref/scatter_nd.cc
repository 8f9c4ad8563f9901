// ScatterND: the output is data with, for every tuple of indices (int64;
// int32 accepted too) of shape [..., k], the slice output[tuple] (of shape
// data.shape[k:]) set to the matching slice of updates, whose shape is
// indices.shape[:-1] + data.shape[k:], or combined with it by 'reduction'
// (opset 16: add, mul; 18: max, min). Negative coordinates count from the
// back; one out of range fails Run with kInvalidArgument. Tuples apply in
// order.

#include <vector>

#include "kernels/ref/internal/copy.h"
#include "kernels/ref/internal/index_util.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/internal/scatter_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct ScatterNDParams {
  ScatterReduction reduction = ScatterReduction::kNone;
  int64_t tuples = 1;  // Index tuples.
  int64_t k = 0;       // Coordinates per tuple.
  int64_t slice = 1;   // Elements per updated slice.
  Dims data_dims;
  std::vector<int64_t> data_strides;
};

template <typename T>
Status ScatterNDTyped(const RunContext& ctx, const ScatterNDParams& p) {
  const TensorView& indices = ctx.input(1);
  const T* updates = ctx.input(2).data_as<const T>();
  T* out = ctx.output(0).data_as<T>();
  for (int64_t t = 0; t < p.tuples; ++t) {
    int64_t offset = 0;
    for (int64_t j = 0; j < p.k; ++j) {
      int64_t index = IndexAt(indices, t * p.k + j);
      RETURN_IF_ERROR(NormalizeIndex(index, p.data_dims[j], "indices", t * p.k + j, j));
      offset += index * p.data_strides[j];
    }
    const T* src = updates + t * p.slice;
    for (int64_t e = 0; e < p.slice; ++e) ScatterCombine(out[offset + e], src[e], p.reduction);
  }
  return Status::Ok();
}

}  // namespace

Status ScatterNDPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(3, 3));
  RETURN_IF_ERROR(ExpectFixedSizeDType(ctx, 0));
  RETURN_IF_ERROR(ExpectIndexDType(ctx, 1, "indices"));
  RETURN_IF_ERROR(ExpectSameDType(ctx, 2, 0));
  const ValueInfo& data = ctx.input(0);
  const ValueInfo& indices = ctx.input(1);
  const ValueInfo& updates = ctx.input(2);
  ASSIGN_OR_RETURN(ScatterReduction reduction, ReadScatterReduction(ctx));
  RETURN_ERROR_IF(data.dims.empty() || indices.dims.empty(), StatusCode::kInvalidArgument,
                  "data and indices must have rank 1 or more (expected shapes of rank >= 1, got ",
                  DimsToString(data.dims), " and ", DimsToString(indices.dims), ")");
  const int64_t k = indices.dims.back();
  RETURN_ERROR_IF(k > static_cast<int64_t>(data.dims.size()), StatusCode::kInvalidArgument,
                  "indices input '", indices.name, "' of shape ", DimsToString(indices.dims),
                  " has tuples longer than the rank of input '", data.name, "' (expected at most ",
                  data.dims.size(), ", got ", k, ")");
  Dims expected(indices.dims.begin(), indices.dims.end() - 1);
  expected.insert(expected.end(), data.dims.begin() + k, data.dims.end());
  RETURN_ERROR_IF(updates.dims != expected, StatusCode::kInvalidArgument, "updates input '",
                  updates.name, "' has the wrong shape for indices of shape ",
                  DimsToString(indices.dims), " into data of shape ", DimsToString(data.dims),
                  " (expected ", DimsToString(expected), ", got ", DimsToString(updates.dims), ")");
  auto* p = ctx.EmplaceState<ScatterNDParams>();
  p->reduction = reduction;
  p->k = k;
  for (size_t d = 0; d + 1 < indices.dims.size(); ++d) p->tuples *= indices.dims[d];
  for (size_t d = k; d < data.dims.size(); ++d) p->slice *= data.dims[d];
  p->data_dims = data.dims;
  p->data_strides = RowMajorStrides(data.dims);
  ctx.SetOutput(0, data.dtype, data.dims);
  return Status::Ok();
}

Status ScatterNDRun(const RunContext& ctx) {
  const ScatterNDParams& p = ctx.state<ScatterNDParams>();
  CopyUnlessSame(ctx.output(0).data, ctx.input(0).data, ctx.input(0).nbytes());
  return DispatchScatter(ctx.input(0).dtype, p.reduction,
                         [&](auto tag) { return ScatterNDTyped<decltype(tag)>(ctx, p); });
}

}  // namespace onyx::kernels::ref
