// MaxUnpool: the partial inverse of MaxPool. X [N, C, D1..Dn] and I (int64,
// X's shape, MaxPool's Indices) give Y, zero except Y[I[j]] = X[j], where
// I[j] is a flat index into the unpooled shape
// [N, C, (D - 1) * stride - pad_begin - pad_end + kernel, ...].
//
// The optional input output_shape (all of Y's dims) gives a larger Y: the
// unpooled tensor is placed at its start (index 0 in every dim) and the rest
// is zero, as ONNX's reference does; the indices stay relative to the
// unpooled shape. Opsets 9 and 11 differ only in wording; 22 adds bfloat16.

#include <cstring>
#include <utility>

#include "kernels/ref/internal/copy.h"
#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/pool_util.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/internal/spatial_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct MaxUnpoolParams {
  Dims unpooled;  // The shape the indices address.
  Dims out;       // Y's shape: `unpooled` or output_shape.
  int64_t unpooled_size = 0;
};

Result<Dims> UnpooledShape(const PrepareContext& ctx) {
  const ValueInfo& x = ctx.input(0);
  const size_t n = x.dims.size() - 2;
  ASSIGN_OR_RETURN(Dims kernel, ReadPoolKernelShape(ctx.attrs(), n));
  ASSIGN_OR_RETURN(Dims strides, ReadSpatialInts(ctx.attrs(), "strides", n, 1, 1));
  ASSIGN_OR_RETURN(Dims pads, ReadSpatialInts(ctx.attrs(), "pads", 2 * n, 0, 0));
  Dims shape{x.dims[0], x.dims[1]};
  for (size_t d = 0; d < n; ++d) {
    const int64_t e = (x.dims[d + 2] - 1) * strides[d] - pads[d] - pads[n + d] + kernel[d];
    RETURN_ERROR_IF(e < 0, StatusCode::kInvalidArgument, "input '", x.name, "' spatial dim ", d,
                    " with kernel_shape, strides and pads gives a negative extent (expected >= 0, ",
                    "got ", e, ")");
    shape.push_back(e);
  }
  return shape;
}

// output_shape: Y's dims, each at least the unpooled extent.
Result<Dims> OutputShape(const PrepareContext& ctx, const Dims& unpooled) {
  ASSIGN_OR_RETURN(Dims out, KnownInt64Input(ctx, 2, "output_shape"));
  RETURN_ERROR_IF(out.size() != unpooled.size(), StatusCode::kInvalidArgument,
                  "output_shape input '", ctx.input(2).name, "' length (expected ", unpooled.size(),
                  ", the rank of X, got ", out.size(), ")");
  for (size_t d = 0; d < out.size(); ++d) {
    RETURN_ERROR_IF(out[d] < unpooled[d], StatusCode::kInvalidArgument, "output_shape input '",
                    ctx.input(2).name, "' (expected each dim >= the unpooled shape ",
                    DimsToString(unpooled), ", got ", IntsToString(out), ")");
  }
  return out;
}

// The offset in Y of flat index `index` of the unpooled shape.
int64_t OutputOffset(const MaxUnpoolParams& p, int64_t index) {
  int64_t offset = 0, stride = 1;
  for (size_t d = p.out.size(); d-- > 0;) {
    offset += index % p.unpooled[d] * stride;
    index /= p.unpooled[d];
    stride *= p.out[d];
  }
  return offset;
}

}  // namespace

Status MaxUnpoolPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(2, 3));
  RETURN_IF_ERROR(ExpectSpatialFloat(ctx, 0));
  RETURN_IF_ERROR(ExpectDType(ctx, 1, DTypeBit(DType::kInt64)));
  RETURN_IF_ERROR(ExpectImageRank(ctx, 0));
  const ValueInfo& x = ctx.input(0);
  RETURN_IF_ERROR(ExpectDims(ctx, 1, x.dims, "the shape of X"));
  MaxUnpoolParams p;
  ASSIGN_OR_RETURN(p.unpooled, UnpooledShape(ctx));
  p.out = p.unpooled;
  if (ctx.has_input(2)) {
    ASSIGN_OR_RETURN(p.out, OutputShape(ctx, p.unpooled));
  }
  RETURN_IF_ERROR(CheckedNumElements(p.out).status());
  p.unpooled_size = NumElements(p.unpooled);
  ctx.SetOutput(0, x.dtype, p.out);
  ctx.EmplaceState<MaxUnpoolParams>(std::move(p));
  return Status::Ok();
}

Status MaxUnpoolRun(const RunContext& ctx) {
  const auto& p = ctx.state<MaxUnpoolParams>();
  const TensorView& x = ctx.input(0);
  const int64_t* indices = ctx.input(1).data_as<const int64_t>();
  const int64_t n = x.num_elements();
  for (int64_t j = 0; j < n; ++j) {
    RETURN_ERROR_IF(indices[j] < 0 || indices[j] >= p.unpooled_size, StatusCode::kInvalidArgument,
                    "input 1 (I) value ", indices[j], " at ", j, " (expected in [0, ",
                    p.unpooled_size, "), the unpooled shape ", DimsToString(p.unpooled), ")");
  }
  return DispatchElementSize(DTypeSize(x.dtype), [&](auto tag) {
    using E = decltype(tag);
    E* y = ctx.output(0).data_as<E>();
    const E* xv = x.data_as<const E>();
    std::memset(static_cast<void*>(y), 0, ctx.output(0).nbytes());
    for (int64_t j = 0; j < n; ++j) y[OutputOffset(p, indices[j])] = xv[j];
    return Status::Ok();
  });
}

}  // namespace onyx::kernels::ref
