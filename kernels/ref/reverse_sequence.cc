// ReverseSequence: for each batch entry b (on `batch_axis`, default 1), the
// first sequence_lens[b] positions on `time_axis` (default 0) come out in
// reverse order and the rest unchanged. The two axes are 0 and 1 in either
// order; the input has rank 2 or more. A length outside [0, time extent]
// fails Run with kInvalidArgument.

#include <cstring>

#include "kernels/ref/internal/copy.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct ReverseSequenceParams {
  int batch_axis = 1;
  int64_t batch = 0, time = 0;
  int64_t dim1 = 0;        // Extent of axis 1.
  size_t block_bytes = 0;  // Bytes of one (axis 0, axis 1) position.
};

}  // namespace

Status ReverseSequencePrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(2, 2));
  RETURN_IF_ERROR(ExpectFixedSizeDType(ctx, 0));
  RETURN_IF_ERROR(ctx.ExpectRank(0, 2, 1 << 20));
  const ValueInfo& x = ctx.input(0);
  const ValueInfo& lens = ctx.input(1);
  ASSIGN_OR_RETURN(int64_t batch_axis, IntAttr(ctx.attrs(), "batch_axis", 1));
  ASSIGN_OR_RETURN(int64_t time_axis, IntAttr(ctx.attrs(), "time_axis", 0));
  RETURN_ERROR_IF((batch_axis != 0 && batch_axis != 1) || time_axis + batch_axis != 1,
                  StatusCode::kInvalidModel,
                  "attributes 'batch_axis' and 'time_axis' must be 0 and 1 in some order "
                  "(expected {0, 1}, got ",
                  batch_axis, " and ", time_axis, ")");
  RETURN_ERROR_IF(lens.dtype != DType::kInt64, StatusCode::kInvalidArgument,
                  "sequence_lens input '", lens.name, "' has the wrong dtype (expected int64, got ",
                  DTypeName(lens.dtype), ")");
  RETURN_ERROR_IF(lens.dims != Dims{x.dims[batch_axis]}, StatusCode::kInvalidArgument,
                  "sequence_lens input '", lens.name,
                  "' needs one length per batch entry (expected ",
                  DimsToString(Dims{x.dims[batch_axis]}), ", got ", DimsToString(lens.dims), ")");
  auto* p = ctx.EmplaceState<ReverseSequenceParams>();
  p->batch_axis = static_cast<int>(batch_axis);
  p->batch = x.dims[batch_axis];
  p->time = x.dims[time_axis];
  p->dim1 = x.dims[1];
  int64_t inner = 1;
  for (size_t d = 2; d < x.dims.size(); ++d) inner *= x.dims[d];
  p->block_bytes = static_cast<size_t>(inner) * DTypeSize(x.dtype);
  ctx.SetOutput(0, x.dtype, x.dims);
  return Status::Ok();
}

Status ReverseSequenceRun(const RunContext& ctx) {
  const ReverseSequenceParams& p = ctx.state<ReverseSequenceParams>();
  const int64_t* lens = ctx.input(1).data_as<const int64_t>();
  for (int64_t b = 0; b < p.batch; ++b) {
    RETURN_ERROR_IF(lens[b] < 0 || lens[b] > p.time, StatusCode::kInvalidArgument, "sequence_lens[",
                    b, "] is out of range for a time axis of extent ", p.time, " (expected [0, ",
                    p.time, "], got ", lens[b], ")");
  }
  CopyUnlessSame(ctx.output(0).data, ctx.input(0).data, ctx.input(0).nbytes());
  if (p.block_bytes == 0) return Status::Ok();
  const uint8_t* in = ctx.input(0).data_as<const uint8_t>();
  uint8_t* out = ctx.output(0).data_as<uint8_t>();
  auto block = [&](int64_t b, int64_t t) {
    const int64_t a0 = p.batch_axis == 0 ? b : t, a1 = p.batch_axis == 0 ? t : b;
    return (a0 * p.dim1 + a1) * static_cast<int64_t>(p.block_bytes);
  };
  for (int64_t b = 0; b < p.batch; ++b) {
    for (int64_t t = 0; t < lens[b]; ++t) {
      std::memcpy(out + block(b, t), in + block(b, lens[b] - 1 - t), p.block_bytes);
    }
  }
  return Status::Ok();
}

}  // namespace onyx::kernels::ref
