// OneHot: output[..., d, ...] (the depth axis inserted at `axis`, default
// -1, range [-r-1, r] for indices of rank r) is values[1] (on) where
// indices[...] == d and values[0] (off) elsewhere. Indices of any numeric
// type are truncated to int64; from opset 11 negative ones count back from
// depth. An index outside the valid range gives an all-off row, as the spec
// says (not an error). Depth, a numeric scalar, decides the output shape, so
// Prepare must know it.

#include <cmath>
#include <vector>

#include "kernels/ref/internal/copy.h"
#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/index_util.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct OneHotParams {
  int64_t depth = 0;
  int64_t outer = 1;  // Index elements before the depth axis.
  int64_t inner = 1;  // Index elements after it.
  bool wrap_negative = true;
};

// Index `v` as a position in [0, depth), or -1 when it has none.
int64_t OneHotPosition(double v, const OneHotParams& p) {
  if (!(v > -9.2e18 && v < 9.2e18)) return -1;  // NaN, infinities, beyond int64.
  int64_t i = static_cast<int64_t>(v);
  if (i < 0 && p.wrap_negative) i += p.depth;
  return i >= 0 && i < p.depth ? i : -1;
}

template <typename T, typename I>
void OneHotTyped(const I* indices, const T* values, T* out, const OneHotParams& p) {
  const T off = values[0], on = values[1];
  for (int64_t o = 0; o < p.outer; ++o) {
    for (int64_t d = 0; d < p.depth; ++d) {
      for (int64_t i = 0; i < p.inner; ++i) out[(o * p.depth + d) * p.inner + i] = off;
    }
    for (int64_t i = 0; i < p.inner; ++i) {
      const int64_t pos = OneHotPosition(static_cast<double>(indices[o * p.inner + i]), p);
      if (pos >= 0) out[(o * p.depth + pos) * p.inner + i] = on;
    }
  }
}

}  // namespace

Status OneHotPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(3, 3));
  const uint64_t index_types = kNumericTypes | kHalfTypes;
  RETURN_IF_ERROR(ExpectDType(ctx, 0, index_types));
  RETURN_IF_ERROR(ExpectDType(ctx, 1, index_types));
  RETURN_IF_ERROR(ExpectFixedSizeDType(ctx, 2));
  const ValueInfo& indices = ctx.input(0);
  const ValueInfo& values = ctx.input(2);
  RETURN_ERROR_IF(values.dims != Dims{2}, StatusCode::kInvalidArgument, "values input '",
                  values.name, "' must hold [off, on] (expected shape [2], got ",
                  DimsToString(values.dims), ")");
  ASSIGN_OR_RETURN(double depth, KnownScalarInput(ctx, 1, "depth"));
  RETURN_ERROR_IF(!(depth >= 0 && depth < 9.2e18), StatusCode::kInvalidArgument, "depth input '",
                  ctx.input(1).name, "' is not a valid extent (expected >= 0, got ", depth, ")");
  const int64_t rank = static_cast<int64_t>(indices.dims.size());
  ASSIGN_OR_RETURN(int64_t axis, IntAttr(ctx.attrs(), "axis", -1));
  RETURN_ERROR_IF(axis < -rank - 1 || axis > rank, StatusCode::kInvalidArgument,
                  "attribute 'axis' is out of range for indices of shape ",
                  DimsToString(indices.dims), " (expected [", -rank - 1, ", ", rank, "], got ",
                  axis, ")");
  if (axis < 0) axis += rank + 1;
  auto* p = ctx.EmplaceState<OneHotParams>();
  p->depth = static_cast<int64_t>(depth);
  p->wrap_negative = ctx.node().opset >= 11;
  for (int64_t d = 0; d < axis; ++d) p->outer *= indices.dims[d];
  for (int64_t d = axis; d < rank; ++d) p->inner *= indices.dims[d];
  Dims out = indices.dims;
  out.insert(out.begin() + axis, p->depth);
  RETURN_IF_ERROR(CheckedNumElements(out).status());
  ctx.SetOutput(0, values.dtype, std::move(out));
  return Status::Ok();
}

Status OneHotRun(const RunContext& ctx) {
  const OneHotParams& p = ctx.state<OneHotParams>();
  const TensorView& indices = ctx.input(0);
  return DispatchElementSize(DTypeSize(ctx.input(2).dtype), [&](auto value_tag) {
    using T = decltype(value_tag);
    return DispatchNumericOrHalf(indices.dtype, [&](auto index_tag) {
      using I = decltype(index_tag);
      OneHotTyped<T, I>(indices.data_as<const I>(), ctx.input(2).data_as<const T>(),
                        ctx.output(0).data_as<T>(), p);
      return Status::Ok();
    });
  });
}

}  // namespace onyx::kernels::ref
