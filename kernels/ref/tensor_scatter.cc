// TensorScatter (opset 24): a KV-cache update. The output is past_cache with,
// for every prefix index p of the axes before `axis` (default -2, never the
// batch axis 0), the update's sequence written at positions
// write_indices[p[0]] + s along `axis` (write_indices: int64 [batch], zeros
// when absent). Mode 'linear' requires every position inside the cache;
// 'circular' wraps them modulo the cache's extent. A position out of range
// fails Run with kInvalidArgument.

#include <cstring>
#include <string>

#include "kernels/ref/internal/copy.h"
#include "kernels/ref/internal/index_util.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct TensorScatterParams {
  bool circular = false;
  int64_t prefixes = 1;      // Product of the extents before `axis`.
  int64_t per_batch = 1;     // Prefixes per batch entry (extents 1..axis-1).
  int64_t max_sequence = 0;  // Cache extent on `axis`.
  int64_t sequence = 0;      // Update extent on `axis`.
  size_t row_bytes = 0;      // Bytes of one position (extents after `axis`).
};

}  // namespace

Status TensorScatterPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(2, 3));
  RETURN_IF_ERROR(ExpectFixedSizeDType(ctx, 0));
  RETURN_IF_ERROR(ExpectSameDType(ctx, 1, 0));
  const ValueInfo& cache = ctx.input(0);
  const ValueInfo& update = ctx.input(1);
  ASSIGN_OR_RETURN(std::string mode, StringAttr(ctx.attrs(), "mode", "linear"));
  RETURN_ERROR_IF(mode != "linear" && mode != "circular", StatusCode::kInvalidModel,
                  "attribute 'mode' is not supported (expected linear or circular, got '", mode,
                  "')");
  RETURN_ERROR_IF(cache.dims.size() < 2, StatusCode::kInvalidArgument, "input '", cache.name,
                  "' needs a batch and a sequence axis (expected rank 2 or more, got shape ",
                  DimsToString(cache.dims), ")");
  ASSIGN_OR_RETURN(int64_t raw_axis, IntAttr(ctx.attrs(), "axis", -2));
  ASSIGN_OR_RETURN(int axis, NormalizeAxisAttr(raw_axis, cache, true));
  RETURN_ERROR_IF(axis == 0, StatusCode::kInvalidArgument,
                  "attribute 'axis' names the batch axis of input '", cache.name, "' of shape ",
                  DimsToString(cache.dims), " (expected an axis after 0, got ", raw_axis, ")");
  bool compatible = update.dims.size() == cache.dims.size();
  for (size_t d = 0; compatible && d < cache.dims.size(); ++d) {
    compatible = static_cast<int>(d) == axis ? update.dims[d] <= cache.dims[d]
                                             : update.dims[d] == cache.dims[d];
  }
  RETURN_ERROR_IF(!compatible, StatusCode::kInvalidArgument, "update input '", update.name,
                  "' does not fit input '", cache.name, "' (expected the shape ",
                  DimsToString(cache.dims), " with at most ", cache.dims[axis], " on axis ", axis,
                  ", got ", DimsToString(update.dims), ")");
  if (ctx.has_input(2)) {
    const ValueInfo& w = ctx.input(2);
    RETURN_ERROR_IF(w.dtype != DType::kInt64, StatusCode::kInvalidArgument, "write_indices input '",
                    w.name, "' has the wrong dtype (expected int64, got ", DTypeName(w.dtype), ")");
    RETURN_ERROR_IF(w.dims != Dims{cache.dims[0]}, StatusCode::kInvalidArgument,
                    "write_indices input '", w.name, "' needs one index per batch entry (expected ",
                    DimsToString(Dims{cache.dims[0]}), ", got ", DimsToString(w.dims), ")");
  }
  auto* p = ctx.EmplaceState<TensorScatterParams>();
  p->circular = mode == "circular";
  for (int d = 0; d < axis; ++d) p->prefixes *= cache.dims[d];
  for (int d = 1; d < axis; ++d) p->per_batch *= cache.dims[d];
  p->max_sequence = cache.dims[axis];
  p->sequence = update.dims[axis];
  int64_t row = 1;
  for (size_t d = axis + 1; d < cache.dims.size(); ++d) row *= cache.dims[d];
  p->row_bytes = static_cast<size_t>(row) * DTypeSize(cache.dtype);
  ctx.SetOutput(0, cache.dtype, cache.dims);
  return Status::Ok();
}

Status TensorScatterRun(const RunContext& ctx) {
  const TensorScatterParams& p = ctx.state<TensorScatterParams>();
  CopyUnlessSame(ctx.output(0).data, ctx.input(0).data, ctx.input(0).nbytes());
  if (p.row_bytes == 0 || p.sequence == 0) return Status::Ok();
  const uint8_t* update = ctx.input(1).data_as<const uint8_t>();
  uint8_t* out = ctx.output(0).data_as<uint8_t>();
  const int64_t* write = ctx.has_input(2) ? ctx.input(2).data_as<const int64_t>() : nullptr;
  for (int64_t prefix = 0; prefix < p.prefixes; ++prefix) {
    const int64_t batch = prefix / p.per_batch;
    const int64_t start = write != nullptr ? write[batch] : 0;
    RETURN_ERROR_IF(start < 0, StatusCode::kInvalidArgument, "write_indices[", batch,
                    "] is negative (expected >= 0, got ", start, ")");
    RETURN_ERROR_IF(!p.circular && start > p.max_sequence - p.sequence,
                    StatusCode::kInvalidArgument, "write_indices[", batch,
                    "] leaves no room for the update of ", p.sequence,
                    " positions in linear mode (expected [0, ", p.max_sequence - p.sequence,
                    "], got ", start, ")");
    for (int64_t s = 0; s < p.sequence; ++s) {
      const int64_t position = p.circular ? (start + s) % p.max_sequence : start + s;
      std::memcpy(out + (prefix * p.max_sequence + position) * p.row_bytes,
                  update + (prefix * p.sequence + s) * p.row_bytes, p.row_bytes);
    }
  }
  return Status::Ok();
}

}  // namespace onyx::kernels::ref
