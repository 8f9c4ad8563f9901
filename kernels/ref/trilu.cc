// Trilu: keeps the upper (upper=1, the default) or lower triangle of each
// matrix in the last two axes and zeroes the rest. Element (i, j) stays when
// j - i >= k (upper) or j - i <= k (lower); k, an optional int64 scalar
// input, defaults to 0 and is read in Run (it does not change the shape).

#include <cstring>

#include "kernels/ref/internal/copy.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct TriluParams {
  bool upper = true;
  int64_t matrices = 1, rows = 0, cols = 0;
};

template <typename T>
void TriluTyped(const T* in, T* out, const TriluParams& p, int64_t k) {
  for (int64_t m = 0; m < p.matrices; ++m) {
    for (int64_t i = 0; i < p.rows; ++i) {
      for (int64_t j = 0; j < p.cols; ++j) {
        // j - i cannot overflow; compare as `j - i >= k` without computing i + k.
        const bool keep = p.upper ? j - i >= k : j - i <= k;
        *out++ = keep ? *in : T{};
        ++in;
      }
    }
  }
}

}  // namespace

Status TriluPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, 2));
  RETURN_IF_ERROR(ExpectFixedSizeDType(ctx, 0));
  RETURN_IF_ERROR(ctx.ExpectRank(0, 2, 1 << 20));
  if (ctx.has_input(1)) {
    const ValueInfo& k = ctx.input(1);
    RETURN_ERROR_IF(k.dtype != DType::kInt64, StatusCode::kInvalidArgument, "k input '", k.name,
                    "' has the wrong dtype (expected int64, got ", DTypeName(k.dtype), ")");
    RETURN_ERROR_IF(NumElements(k.dims) != 1 || k.dims.size() > 1, StatusCode::kInvalidArgument,
                    "k input '", k.name, "' must be a scalar (expected shape [], got ",
                    DimsToString(k.dims), ")");
  }
  const ValueInfo& x = ctx.input(0);
  auto* p = ctx.EmplaceState<TriluParams>();
  ASSIGN_OR_RETURN(p->upper, BoolAttr(ctx.attrs(), "upper", true));
  const size_t rank = x.dims.size();
  p->rows = x.dims[rank - 2];
  p->cols = x.dims[rank - 1];
  for (size_t d = 0; d + 2 < rank; ++d) p->matrices *= x.dims[d];
  ctx.SetOutput(0, x.dtype, x.dims);
  return Status::Ok();
}

Status TriluRun(const RunContext& ctx) {
  const TriluParams& p = ctx.state<TriluParams>();
  const int64_t k = ctx.has_input(1) ? *ctx.input(1).data_as<const int64_t>() : 0;
  return DispatchElementSize(DTypeSize(ctx.input(0).dtype), [&](auto tag) {
    using T = decltype(tag);
    TriluTyped<T>(ctx.input(0).data_as<const T>(), ctx.output(0).data_as<T>(), p, k);
    return Status::Ok();
  });
}

}  // namespace onyx::kernels::ref
