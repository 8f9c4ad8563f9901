#pragma once

// Numpy-style (multidirectional) broadcasting for elementwise kernels.

#include <algorithm>
#include <cstdint>
#include <vector>

#include "kernels/api/kernel.h"
#include "runtime/core/shape.h"
#include "runtime/core/status.h"

namespace onyx::kernels::ref {

// The broadcast shape of a and b, or kInvalidArgument naming both shapes.
inline Result<Dims> BroadcastDims(const Dims& a, const Dims& b) {
  size_t rank = std::max(a.size(), b.size());
  Dims out(rank);
  for (size_t i = 0; i < rank; ++i) {
    int64_t da = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
    int64_t db = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
    RETURN_ERROR_IF(da != db && da != 1 && db != 1, StatusCode::kInvalidArgument, "shapes ",
                    DimsToString(a), " and ", DimsToString(b), " cannot be broadcast");
    out[i] = da == 1 ? db : da;
  }
  return out;
}

// Element strides of `in` laid over `out` (0 where `in` is broadcast).
inline std::vector<int64_t> BroadcastStrides(const Dims& in, const Dims& out) {
  std::vector<int64_t> strides(out.size(), 0);
  int64_t stride = 1;
  for (size_t k = 0; k < in.size(); ++k) {
    size_t i = in.size() - 1 - k;
    size_t o = out.size() - 1 - k;
    strides[o] = in[i] == 1 ? 0 : stride;
    stride *= in[i];
  }
  return strides;
}

// out[i] = op(a[ia], b[ib]) over the broadcast shape of `out`. The innermost
// dimension runs as a tight loop; outer dimensions step like an odometer.
template <typename T, typename U, typename F>
void BroadcastBinary(const TensorView& a, const TensorView& b, const TensorView& out, F op) {
  const T* pa = a.data_as<const T>();
  const T* pb = b.data_as<const T>();
  U* po = out.data_as<U>();
  const int64_t n = out.num_elements();
  if (n == 0) return;
  if (a.dims == b.dims) {
    for (int64_t i = 0; i < n; ++i) po[i] = op(pa[i], pb[i]);
    return;
  }
  if (b.num_elements() == 1) {
    for (int64_t i = 0; i < n; ++i) po[i] = op(pa[i], pb[0]);
    return;
  }
  if (a.num_elements() == 1) {
    for (int64_t i = 0; i < n; ++i) po[i] = op(pa[0], pb[i]);
    return;
  }
  const Dims& dims = out.dims;
  const size_t rank = dims.size();
  std::vector<int64_t> sa = BroadcastStrides(a.dims, dims);
  std::vector<int64_t> sb = BroadcastStrides(b.dims, dims);
  std::vector<int64_t> index(rank, 0);
  const int64_t inner = dims[rank - 1];
  const int64_t ia_step = sa[rank - 1], ib_step = sb[rank - 1];
  int64_t offset_a = 0, offset_b = 0;
  for (int64_t o = 0; o < n; o += inner) {
    for (int64_t j = 0; j < inner; ++j) po[o + j] = op(pa[offset_a + j * ia_step], pb[offset_b + j * ib_step]);
    for (size_t d = rank - 1; d-- > 0;) {
      if (++index[d] < dims[d]) {
        offset_a += sa[d];
        offset_b += sb[d];
        break;
      }
      offset_a -= sa[d] * (dims[d] - 1);
      offset_b -= sb[d] * (dims[d] - 1);
      index[d] = 0;
    }
  }
}

// Prepare shared by binary elementwise ops: both inputs of one dtype, output
// of `out_dtype` (kUndefined: the inputs' dtype) with the broadcast shape.
inline Status PrepareBroadcastBinary(PrepareContext& ctx, DType out_dtype = DType::kUndefined) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(2, 2));
  const ValueInfo& a = ctx.input(0);
  const ValueInfo& b = ctx.input(1);
  RETURN_ERROR_IF(a.dtype != b.dtype, StatusCode::kInvalidArgument, "inputs '", a.name, "' and '",
                  b.name, "' have different dtypes (", DTypeName(a.dtype), " and ", DTypeName(b.dtype), ")");
  ASSIGN_OR_RETURN(Dims dims, BroadcastDims(a.dims, b.dims));
  ctx.SetOutput(0, out_dtype == DType::kUndefined ? a.dtype : out_dtype, std::move(dims));
  return Status::Ok();
}

}  // namespace onyx::kernels::ref
