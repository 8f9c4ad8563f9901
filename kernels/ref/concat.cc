// Concat: joins inputs along `axis`. All inputs share dtype, rank and every
// extent except the one on `axis`; zero-size inputs are allowed. Opset 1 makes
// `axis` optional (default 1) and float-only; opset 4 requires it and takes
// all types; opset 11 adds negative axes.

#include <cstring>
#include <vector>

#include "kernels/ref/internal/copy.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct ConcatParams {
  int64_t outer = 1;                // Product of the extents before `axis`.
  std::vector<size_t> chunk_bytes;  // Per input: bytes of one outer slice.
};

Result<int64_t> ReadAxis(const PrepareContext& ctx) {
  const int opset = ctx.node().opset;
  RETURN_ERROR_IF(opset >= 4 && !ctx.attrs().Has("axis"), StatusCode::kInvalidModel,
                  "attribute 'axis' is missing (expected an int from opset 4 on, got nothing)");
  return IntAttr(ctx.attrs(), "axis", 1);
}

// Input `i` against input 0: same dtype, rank, and extents off `axis`.
Status CheckMatches(const PrepareContext& ctx, size_t i, int axis) {
  const ValueInfo& first = ctx.input(0);
  const ValueInfo& v = ctx.input(i);
  RETURN_ERROR_IF(v.dtype != first.dtype, StatusCode::kInvalidArgument, "input '", v.name,
                  "' dtype differs from input '", first.name, "' (expected ",
                  DTypeName(first.dtype), ", got ", DTypeName(v.dtype), ")");
  RETURN_ERROR_IF(v.dims.size() != first.dims.size(), StatusCode::kInvalidArgument, "input '",
                  v.name, "' rank differs from input '", first.name, "' (expected ",
                  first.dims.size(), ", got ", v.dims.size(), ": shapes ", DimsToString(first.dims),
                  " and ", DimsToString(v.dims), ")");
  for (size_t d = 0; d < v.dims.size(); ++d) {
    RETURN_ERROR_IF(static_cast<int>(d) != axis && v.dims[d] != first.dims[d],
                    StatusCode::kInvalidArgument, "input '", v.name, "' dim ", d,
                    " differs from input '", first.name, "' off the concat axis ", axis,
                    " (expected ", first.dims[d], ", got ", v.dims[d], ")");
  }
  return Status::Ok();
}

}  // namespace

Status ConcatPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, ctx.num_inputs() > 0 ? ctx.num_inputs() : 1));
  for (size_t i = 0; i < ctx.num_inputs(); ++i) {
    RETURN_ERROR_IF(!ctx.has_input(i), StatusCode::kInvalidModel, "input #", i,
                    " is missing (expected every Concat input present, got an empty name)");
  }
  RETURN_IF_ERROR(ExpectFixedSizeDType(ctx, 0));
  ASSIGN_OR_RETURN(int64_t raw_axis, ReadAxis(ctx));
  const ValueInfo& first = ctx.input(0);
  RETURN_ERROR_IF(first.dims.empty(), StatusCode::kInvalidArgument, "input '", first.name,
                  "' is a scalar (expected rank 1 or more, got shape [])");
  ASSIGN_OR_RETURN(int axis, NormalizeAxisAttr(raw_axis, first, ctx.node().opset >= 11));
  Dims out_dims = first.dims;
  out_dims[axis] = 0;
  auto* params = ctx.EmplaceState<ConcatParams>();
  const size_t esize = DTypeSize(first.dtype);
  for (int d = 0; d < axis; ++d) params->outer *= first.dims[d];
  for (size_t i = 0; i < ctx.num_inputs(); ++i) {
    RETURN_IF_ERROR(CheckMatches(ctx, i, axis));
    const Dims& dims = ctx.input(i).dims;
    out_dims[axis] += dims[axis];
    int64_t chunk = 1;
    for (size_t d = axis; d < dims.size(); ++d) chunk *= dims[d];
    params->chunk_bytes.push_back(static_cast<size_t>(chunk) * esize);
  }
  ctx.SetOutput(0, first.dtype, std::move(out_dims));
  return Status::Ok();
}

Status ConcatRun(const RunContext& ctx) {
  const ConcatParams& p = ctx.state<ConcatParams>();
  uint8_t* out = ctx.output(0).data_as<uint8_t>();
  for (int64_t o = 0; o < p.outer; ++o) {
    for (size_t i = 0; i < p.chunk_bytes.size(); ++i) {
      const size_t bytes = p.chunk_bytes[i];
      if (bytes == 0) continue;
      std::memcpy(out, ctx.input(i).data_as<const uint8_t>() + o * bytes, bytes);
      out += bytes;
    }
  }
  return Status::Ok();
}

}  // namespace onyx::kernels::ref
