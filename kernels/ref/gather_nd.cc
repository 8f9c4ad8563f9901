// GatherND: indices (int64; int32 accepted too) of shape [..., m] are
// tuples of coordinates into the first m axes of data after the leading
// `batch_dims` axes (opset 12), which indices and data share; each tuple
// picks the slice data[batch, tuple, :]. The output shape is
// indices.shape[:-1] + data.shape[batch_dims + m:]. Negative coordinates
// count from the back; one out of range fails Run with kInvalidArgument.

#include <algorithm>
#include <cstring>
#include <vector>

#include "kernels/ref/internal/copy.h"
#include "kernels/ref/internal/index_util.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct GatherNDParams {
  int64_t batch_dims = 0;
  int64_t batches = 1;         // Product of the batch extents.
  int64_t tuples = 1;          // Index tuples per batch.
  int64_t m = 0;               // Coordinates per tuple.
  size_t slice_bytes = 0;      // Bytes of one gathered slice.
  int64_t batch_elements = 0;  // Data elements per batch.
  Dims data_dims;
  std::vector<int64_t> data_strides;
};

}  // namespace

Status GatherNDPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(2, 2));
  RETURN_IF_ERROR(ExpectFixedSizeDType(ctx, 0));
  RETURN_IF_ERROR(ExpectIndexDType(ctx, 1, "indices"));
  const ValueInfo& data = ctx.input(0);
  const ValueInfo& indices = ctx.input(1);
  RETURN_IF_ERROR(RejectAttrBefore(ctx.attrs(), "batch_dims", ctx.node().opset, 12));
  ASSIGN_OR_RETURN(int64_t b, IntAttr(ctx.attrs(), "batch_dims", 0));
  const int64_t r = static_cast<int64_t>(data.dims.size());
  const int64_t q = static_cast<int64_t>(indices.dims.size());
  RETURN_ERROR_IF(r < 1 || q < 1, StatusCode::kInvalidArgument,
                  "data and indices must have rank 1 or more (expected shapes of rank >= 1, got ",
                  DimsToString(data.dims), " and ", DimsToString(indices.dims), ")");
  RETURN_ERROR_IF(b < 0 || b >= std::min(q, r), StatusCode::kInvalidArgument,
                  "attribute 'batch_dims' is out of range for ranks ", r, " and ", q,
                  " (expected [0, ", std::min(q, r) - 1, "], got ", b, ")");
  const int64_t m = indices.dims[q - 1];
  RETURN_ERROR_IF(m > r - b, StatusCode::kInvalidArgument, "indices input '", indices.name,
                  "' of shape ", DimsToString(indices.dims), " has tuples longer than the ", r - b,
                  " axes of input '", data.name, "' after batch_dims (expected at most ", r - b,
                  ", got ", m, ")");
  auto* p = ctx.EmplaceState<GatherNDParams>();
  for (int64_t d = 0; d < b; ++d) {
    RETURN_ERROR_IF(indices.dims[d] != data.dims[d], StatusCode::kInvalidArgument, "batch dim ", d,
                    " of indices input '", indices.name, "' differs from input '", data.name,
                    "' (expected ", data.dims[d], ", got ", indices.dims[d], ")");
    p->batches *= data.dims[d];
  }
  for (int64_t d = b; d < q - 1; ++d) p->tuples *= indices.dims[d];
  int64_t slice = 1;
  for (int64_t d = b + m; d < r; ++d) slice *= data.dims[d];
  p->batch_elements = 1;
  for (int64_t d = b; d < r; ++d) p->batch_elements *= data.dims[d];
  p->batch_dims = b;
  p->m = m;
  p->slice_bytes = static_cast<size_t>(slice) * DTypeSize(data.dtype);
  p->data_dims = data.dims;
  p->data_strides = RowMajorStrides(data.dims);
  Dims out(indices.dims.begin(), indices.dims.end() - 1);
  out.insert(out.end(), data.dims.begin() + b + m, data.dims.end());
  ctx.SetOutput(0, data.dtype, std::move(out));
  return Status::Ok();
}

Status GatherNDRun(const RunContext& ctx) {
  const GatherNDParams& p = ctx.state<GatherNDParams>();
  const TensorView& indices = ctx.input(1);
  const uint8_t* data = ctx.input(0).data_as<const uint8_t>();
  uint8_t* out = ctx.output(0).data_as<uint8_t>();
  const size_t esize = DTypeSize(ctx.input(0).dtype);
  int64_t k = 0;  // Position in indices.
  for (int64_t batch = 0; batch < p.batches; ++batch) {
    for (int64_t t = 0; t < p.tuples; ++t) {
      int64_t offset = batch * p.batch_elements;
      for (int64_t j = 0; j < p.m; ++j, ++k) {
        const int64_t axis = p.batch_dims + j;
        int64_t index = IndexAt(indices, k);
        RETURN_IF_ERROR(NormalizeIndex(index, p.data_dims[axis], "indices", k, axis));
        offset += index * p.data_strides[axis];
      }
      if (p.slice_bytes != 0) std::memcpy(out, data + offset * esize, p.slice_bytes);
      out += p.slice_bytes;
    }
  }
  return Status::Ok();
}

}  // namespace onyx::kernels::ref
