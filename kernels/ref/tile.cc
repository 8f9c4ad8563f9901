// Tile: numpy.tile with one repeat count per axis (opset 6+: an int64
// input of length rank). Opset 1 repeats along one axis: scalar inputs
// 'tiles' and 'axis'. The counts decide the output shape, so Prepare must
// know them.

#include <algorithm>
#include <vector>

#include "kernels/ref/internal/copy.h"
#include "kernels/ref/internal/index_util.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct TileParams {
  Dims in_dims;
  std::vector<int64_t> in_strides;
  std::vector<int64_t> repeats;
};

// Opset 1: 'tiles' copies along 'axis', both scalars.
Result<std::vector<int64_t>> LegacyRepeats(const PrepareContext& ctx) {
  ASSIGN_OR_RETURN(double tiles, KnownScalarInput(ctx, 1, "tiles"));
  ASSIGN_OR_RETURN(double axis_value, KnownScalarInput(ctx, 2, "axis"));
  const ValueInfo& x = ctx.input(0);
  ASSIGN_OR_RETURN(int axis, NormalizeAxisAttr(static_cast<int64_t>(axis_value), x, false));
  std::vector<int64_t> repeats(x.dims.size(), 1);
  repeats[axis] = static_cast<int64_t>(tiles);
  return repeats;
}

template <typename T>
void TileAxis(const TileParams& p, size_t d, const T* in, T*& out) {
  const int64_t n = p.in_dims[d];
  if (d + 1 == p.in_dims.size()) {
    for (int64_t r = 0; r < p.repeats[d]; ++r) out = std::copy(in, in + n, out);
    return;
  }
  for (int64_t r = 0; r < p.repeats[d]; ++r) {
    for (int64_t i = 0; i < n; ++i) TileAxis(p, d + 1, in + i * p.in_strides[d], out);
  }
}

}  // namespace

Status TilePrepare(PrepareContext& ctx) {
  const int opset = ctx.node().opset;
  RETURN_IF_ERROR(ctx.ExpectInputCount(opset < 6 ? 3 : 2, opset < 6 ? 3 : 2));
  RETURN_IF_ERROR(ExpectFixedSizeDType(ctx, 0));
  const ValueInfo& x = ctx.input(0);
  std::vector<int64_t> repeats;
  if (opset < 6) {
    ASSIGN_OR_RETURN(repeats, LegacyRepeats(ctx));
  } else {
    ASSIGN_OR_RETURN(repeats, KnownInt64Input(ctx, 1, "repeats"));
  }
  RETURN_ERROR_IF(repeats.size() != x.dims.size(), StatusCode::kInvalidArgument,
                  "repeats needs one count per axis of input '", x.name, "' of shape ",
                  DimsToString(x.dims), " (expected ", x.dims.size(), ", got ",
                  IntsToString(repeats), ")");
  Dims out = x.dims;
  for (size_t d = 0; d < out.size(); ++d) {
    RETURN_ERROR_IF(repeats[d] < 0, StatusCode::kInvalidArgument,
                    "repeats has a negative count (expected counts >= 0, got ",
                    IntsToString(repeats), ")");
    RETURN_ERROR_IF(__builtin_mul_overflow(out[d], repeats[d], &out[d]), StatusCode::kOutOfMemory,
                    "repeats ", IntsToString(repeats), " overflow the extent of axis ", d,
                    " (expected a product below 2^63, got ", x.dims[d], " x ", repeats[d], ")");
  }
  RETURN_IF_ERROR(CheckedNumElements(out).status());
  auto* p = ctx.EmplaceState<TileParams>();
  p->in_dims = x.dims;
  p->in_strides = RowMajorStrides(x.dims);
  p->repeats = std::move(repeats);
  ctx.SetOutput(0, x.dtype, std::move(out));
  return Status::Ok();
}

Status TileRun(const RunContext& ctx) {
  const TileParams& p = ctx.state<TileParams>();
  if (ctx.output(0).num_elements() == 0) return Status::Ok();
  return DispatchElementSize(DTypeSize(ctx.input(0).dtype), [&](auto tag) {
    using T = decltype(tag);
    const T* in = ctx.input(0).data_as<const T>();
    T* out = ctx.output(0).data_as<T>();
    if (p.in_dims.empty()) {
      *out = *in;
    } else {
      TileAxis(p, 0, in, out);
    }
    return Status::Ok();
  });
}

}  // namespace onyx::kernels::ref
