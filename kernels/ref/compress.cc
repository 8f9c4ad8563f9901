// Compress: keeps the slices of input along `axis` (or, without the
// attribute, the elements of the flattened input) whose entry in the bool
// 1-D condition is true. A condition shorter than the axis drops the rest;
// a true entry past the end fails with kInvalidArgument, as numpy.compress
// does. The output's extent depends on the condition's values, so it is
// dynamic unless Prepare knows them. Negative axes from opset 11.

#include <cstring>

#include "kernels/ref/internal/copy.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct CompressParams {
  bool dynamic = true;
  bool flatten = false;
  int axis = 0;
  int64_t outer = 1, extent = 0;
  size_t slice_bytes = 0;  // Bytes of one slice along `axis`.
  Dims dims;
};

// How many slices `condition` keeps, or an error for a true entry past `extent`.
Result<int64_t> CountKept(const bool* condition, int64_t length, int64_t extent) {
  int64_t kept = 0;
  for (int64_t i = 0; i < length; ++i) {
    if (!condition[i]) continue;
    RETURN_ERROR_IF(i >= extent, StatusCode::kInvalidArgument, "condition[", i,
                    "] is true past the end of an axis of extent ", extent,
                    " (expected false beyond ", extent - 1, ", got true)");
    ++kept;
  }
  return kept;
}

Dims OutputDims(const CompressParams& p, int64_t kept) {
  if (p.flatten) return Dims{kept};
  Dims dims = p.dims;
  dims[p.axis] = kept;
  return dims;
}

}  // namespace

Status CompressPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(2, 2));
  RETURN_IF_ERROR(ExpectFixedSizeDType(ctx, 0));
  const ValueInfo& x = ctx.input(0);
  const ValueInfo& condition = ctx.input(1);
  RETURN_ERROR_IF(condition.dtype != DType::kBool, StatusCode::kInvalidArgument,
                  "condition input '", condition.name, "' has the wrong dtype (expected bool, got ",
                  DTypeName(condition.dtype), ")");
  RETURN_ERROR_IF(condition.dims.size() != 1, StatusCode::kInvalidArgument, "condition input '",
                  condition.name, "' must be 1-D (expected rank 1, got shape ",
                  DimsToString(condition.dims), ")");
  auto* p = ctx.EmplaceState<CompressParams>();
  p->dims = x.dims;
  int64_t inner = 1;
  if (ctx.attrs().Has("axis")) {
    RETURN_ERROR_IF(x.dims.empty(), StatusCode::kInvalidArgument, "input '", x.name,
                    "' is a scalar (expected rank 1 or more, got shape [])");
    ASSIGN_OR_RETURN(int64_t raw_axis, IntAttr(ctx.attrs(), "axis", 0));
    ASSIGN_OR_RETURN(p->axis, NormalizeAxisAttr(raw_axis, x, ctx.node().opset >= 11));
    for (int d = 0; d < p->axis; ++d) p->outer *= x.dims[d];
    for (size_t d = p->axis + 1; d < x.dims.size(); ++d) inner *= x.dims[d];
    p->extent = x.dims[p->axis];
  } else {
    p->flatten = true;
    p->extent = NumElements(x.dims);
  }
  p->slice_bytes = static_cast<size_t>(inner) * DTypeSize(x.dtype);
  if (condition.data == nullptr) {
    ctx.SetDynamicOutput(0, x.dtype);
    return Status::Ok();
  }
  p->dynamic = false;
  ASSIGN_OR_RETURN(int64_t kept, CountKept(static_cast<const bool*>(condition.data),
                                           condition.dims[0], p->extent));
  ctx.SetOutput(0, x.dtype, OutputDims(*p, kept));
  return Status::Ok();
}

Status CompressRun(const RunContext& ctx) {
  const CompressParams& p = ctx.state<CompressParams>();
  const bool* condition = ctx.input(1).data_as<const bool>();
  const int64_t length = ctx.input(1).num_elements();
  ASSIGN_OR_RETURN(int64_t kept, CountKept(condition, length, p.extent));
  if (p.dynamic) {
    RETURN_IF_ERROR(ctx.AllocateOutput(0, OutputDims(p, kept)));
  } else {
    RETURN_ERROR_IF(ctx.output(0).dims != OutputDims(p, kept), StatusCode::kInternal,
                    "condition changed after Prepare read it (expected output shape ",
                    DimsToString(ctx.output(0).dims), ", got ", DimsToString(OutputDims(p, kept)),
                    ")");
  }
  if (p.slice_bytes == 0 || kept == 0) return Status::Ok();
  const uint8_t* in = ctx.input(0).data_as<const uint8_t>();
  uint8_t* out = ctx.output(0).data_as<uint8_t>();
  const int64_t usable = length < p.extent ? length : p.extent;
  for (int64_t o = 0; o < p.outer; ++o) {
    for (int64_t i = 0; i < usable; ++i) {
      if (!condition[i]) continue;
      std::memcpy(out, in + (o * p.extent + i) * p.slice_bytes, p.slice_bytes);
      out += p.slice_bytes;
    }
  }
  return Status::Ok();
}

}  // namespace onyx::kernels::ref
