// EyeLike: a 2-D tensor shaped like the input, ones on the k-th diagonal
// (k > 0 above the main one, k < 0 below) and zeros elsewhere. The output
// dtype is attribute 'dtype' (a TensorProto data type), else the input's.

#include <cstring>

#include "kernels/ref/internal/copy.h"
#include "kernels/ref/internal/index_util.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct EyeLikeParams {
  int64_t k = 0;
};

}  // namespace

Status EyeLikePrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, 1));
  RETURN_IF_ERROR(ExpectDType(ctx, 0, kValueTypes));
  RETURN_IF_ERROR(ctx.ExpectRank(0, 2, 2));
  const ValueInfo& x = ctx.input(0);
  DType dtype = x.dtype;
  if (ctx.attrs().Has("dtype")) {
    ASSIGN_OR_RETURN(int64_t code, IntAttr(ctx.attrs(), "dtype", 0));
    const bool known = code > 0 && code <= kMaxDType;
    RETURN_ERROR_IF(!known || (kValueTypes & DTypeBit(static_cast<DType>(code))) == 0,
                    StatusCode::kInvalidModel,
                    "attribute 'dtype' is not supported (expected one of ", DTypeList(kValueTypes),
                    ", got ", known ? DTypeName(static_cast<DType>(code)) : "an unknown type", " (",
                    code, "))");
    dtype = static_cast<DType>(code);
  }
  auto* p = ctx.EmplaceState<EyeLikeParams>();
  ASSIGN_OR_RETURN(p->k, IntAttr(ctx.attrs(), "k", 0));
  ctx.SetOutput(0, dtype, x.dims);
  return Status::Ok();
}

Status EyeLikeRun(const RunContext& ctx) {
  const EyeLikeParams& p = ctx.state<EyeLikeParams>();
  TensorView& out = ctx.output(0);
  std::memset(out.data, 0, out.nbytes());
  const int64_t rows = out.dims[0], cols = out.dims[1];
  auto set_ones = [&](auto tag) {
    using T = decltype(tag);
    T* data = out.data_as<T>();
    // Row i holds its one at column i + k; only rows where that column exists.
    if (p.k >= cols || p.k <= -rows) return Status::Ok();
    const int64_t first = p.k < 0 ? -p.k : 0;
    for (int64_t i = first; i < rows && i + p.k < cols; ++i) data[i * cols + i + p.k] = T(1);
    return Status::Ok();
  };
  if (out.dtype == DType::kBool) return set_ones(bool{});
  return DispatchNumericOrHalf(out.dtype, set_ones);
}

}  // namespace onyx::kernels::ref
