// Transpose: output dim i is input dim perm[i]; `perm` defaults to reversing
// the dims. Any rank and any fixed-size dtype: elements move by their size.

#include <algorithm>
#include <vector>

#include "kernels/ref/internal/copy.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct TransposeParams {
  Dims out_dims;
  std::vector<int64_t> in_strides;  // Input element stride of each output dim.
};

// Walks the output in order; `index` (scratch, one entry per dim) is the
// output coordinate, and the input offset follows it like an odometer.
template <typename T>
void TransposeTyped(const T* in, T* out, const TransposeParams& p, int64_t* index) {
  const size_t rank = p.out_dims.size();
  const int64_t n = NumElements(p.out_dims);
  if (n == 0) return;
  if (rank == 0) {
    out[0] = in[0];
    return;
  }
  std::fill(index, index + rank, 0);
  const int64_t inner = p.out_dims[rank - 1];
  const int64_t inner_stride = p.in_strides[rank - 1];
  int64_t offset = 0;
  for (int64_t o = 0; o < n; o += inner) {
    for (int64_t j = 0; j < inner; ++j) out[o + j] = in[offset + j * inner_stride];
    for (size_t d = rank - 1; d-- > 0;) {
      if (++index[d] < p.out_dims[d]) {
        offset += p.in_strides[d];
        break;
      }
      offset -= p.in_strides[d] * (p.out_dims[d] - 1);
      index[d] = 0;
    }
  }
}

}  // namespace

Status TransposePrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, 1));
  RETURN_IF_ERROR(ExpectFixedSizeDType(ctx, 0));
  const ValueInfo& x = ctx.input(0);
  const size_t rank = x.dims.size();
  std::vector<int64_t> perm;
  if (ctx.attrs().Has("perm")) {
    ASSIGN_OR_RETURN(perm, IntsAttr(ctx.attrs(), "perm"));
  } else {
    for (size_t i = 0; i < rank; ++i) perm.push_back(static_cast<int64_t>(rank - 1 - i));
  }
  std::vector<bool> seen(perm.size(), false);
  for (int64_t p : perm) {
    RETURN_ERROR_IF(p < 0 || p >= static_cast<int64_t>(perm.size()) || seen[p],
                    StatusCode::kInvalidModel,
                    "attribute 'perm' is not a permutation (expected each of 0..",
                    static_cast<int64_t>(perm.size()) - 1, " once, got ", IntsToString(perm), ")");
    seen[p] = true;
  }
  RETURN_ERROR_IF(perm.size() != rank, StatusCode::kInvalidArgument,
                  "attribute 'perm' length does not match the rank of input '", x.name,
                  "' of shape ", DimsToString(x.dims), " (expected ", rank, ", got ", perm.size(),
                  ")");
  std::vector<int64_t> strides(rank, 1);
  for (size_t d = rank; d-- > 1;) strides[d - 1] = strides[d] * x.dims[d];
  auto* params = ctx.EmplaceState<TransposeParams>();
  for (size_t i = 0; i < rank; ++i) {
    params->out_dims.push_back(x.dims[perm[i]]);
    params->in_strides.push_back(strides[perm[i]]);
  }
  ctx.RequestScratch(rank * sizeof(int64_t));
  ctx.SetOutput(0, x.dtype, params->out_dims);
  return Status::Ok();
}

Status TransposeRun(const RunContext& ctx) {
  const TransposeParams& p = ctx.state<TransposeParams>();
  return DispatchElementSize(DTypeSize(ctx.input(0).dtype), [&](auto tag) {
    using T = decltype(tag);
    TransposeTyped<T>(ctx.input(0).data_as<const T>(), ctx.output(0).data_as<T>(), p,
                      static_cast<int64_t*>(ctx.scratch));
    return Status::Ok();
  });
}

}  // namespace onyx::kernels::ref
