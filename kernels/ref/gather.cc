// Gather: picks slices of `data` along `axis` at the positions in `indices`
// (int32 or int64, any rank); the output shape is
// data.dims[:axis] + indices.dims + data.dims[axis+1:]. Negative indices
// count from the back ([-s, s-1] for an axis of extent s). ONNX spells this
// out from opset 11; earlier opsets get the same reading, as ONNX Runtime
// gives them. An index out of range fails Run with kInvalidArgument.

#include <cstring>

#include "kernels/ref/internal/copy.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct GatherParams {
  int axis = 0;
  int64_t outer = 1;       // Product of data's extents before `axis`.
  int64_t extent = 0;      // data.dims[axis].
  size_t slice_bytes = 0;  // Bytes of one slice after `axis`.
};

template <typename I>
Status GatherTyped(const RunContext& ctx, const GatherParams& p) {
  const I* indices = ctx.input(1).data_as<const I>();
  const int64_t n = ctx.input(1).num_elements();
  // Check every index before writing, so a bad one leaves no partial output.
  for (int64_t k = 0; k < n; ++k) {
    const int64_t index = static_cast<int64_t>(indices[k]);
    RETURN_ERROR_IF(index < -p.extent || index >= p.extent, StatusCode::kInvalidArgument,
                    "indices[", k, "] is out of range for axis ", p.axis, " of extent ", p.extent,
                    " (expected [", -p.extent, ", ", p.extent - 1, "], got ", index, ")");
  }
  if (p.slice_bytes == 0) return Status::Ok();
  const uint8_t* data = ctx.input(0).data_as<const uint8_t>();
  uint8_t* out = ctx.output(0).data_as<uint8_t>();
  for (int64_t o = 0; o < p.outer; ++o) {
    const uint8_t* block = data + o * p.extent * p.slice_bytes;
    for (int64_t k = 0; k < n; ++k) {
      int64_t index = static_cast<int64_t>(indices[k]);
      if (index < 0) index += p.extent;
      std::memcpy(out, block + index * p.slice_bytes, p.slice_bytes);
      out += p.slice_bytes;
    }
  }
  return Status::Ok();
}

}  // namespace

Status GatherPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(2, 2));
  RETURN_IF_ERROR(ExpectFixedSizeDType(ctx, 0));
  const ValueInfo& data = ctx.input(0);
  const ValueInfo& indices = ctx.input(1);
  RETURN_ERROR_IF(indices.dtype != DType::kInt32 && indices.dtype != DType::kInt64,
                  StatusCode::kInvalidArgument, "input '", indices.name,
                  "' has the wrong dtype for indices (expected int32 or int64, got ",
                  DTypeName(indices.dtype), ")");
  RETURN_ERROR_IF(data.dims.empty(), StatusCode::kInvalidArgument, "input '", data.name,
                  "' is a scalar (expected rank 1 or more, got shape [])");
  ASSIGN_OR_RETURN(int64_t raw_axis, IntAttr(ctx.attrs(), "axis", 0));
  ASSIGN_OR_RETURN(int axis, NormalizeAxisAttr(raw_axis, data, true));
  auto* p = ctx.EmplaceState<GatherParams>();
  p->axis = axis;
  p->extent = data.dims[axis];
  int64_t inner = 1;
  for (int d = 0; d < axis; ++d) p->outer *= data.dims[d];
  for (size_t d = axis + 1; d < data.dims.size(); ++d) inner *= data.dims[d];
  p->slice_bytes = static_cast<size_t>(inner) * DTypeSize(data.dtype);
  Dims out(data.dims.begin(), data.dims.begin() + axis);
  out.insert(out.end(), indices.dims.begin(), indices.dims.end());
  out.insert(out.end(), data.dims.begin() + axis + 1, data.dims.end());
  ctx.SetOutput(0, data.dtype, std::move(out));
  return Status::Ok();
}

Status GatherRun(const RunContext& ctx) {
  const GatherParams& p = ctx.state<GatherParams>();
  if (ctx.input(1).dtype == DType::kInt32) return GatherTyped<int32_t>(ctx, p);
  return GatherTyped<int64_t>(ctx, p);
}

}  // namespace onyx::kernels::ref
