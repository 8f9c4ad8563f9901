// PRelu: x for x >= 0, slope * x for x < 0, with `slope` broadcast to X's
// shape (unidirectional broadcasting, opset 7 on). Opsets 1 and 6 described a
// slope of size 1 shared by all channels or one value per channel: a 1-D slope
// of extent X.dims[1] applies along axis 1 there (ONNX Runtime starts at
// opset 7); other slopes broadcast as from opset 7. float, double and float16
// from opset 1; int32, int64, uint32 and uint64 from opset 9; bfloat16 from
// opset 16. The slope has X's dtype.

#include <cstdint>
#include <type_traits>
#include <vector>

#include "kernels/ref/internal/broadcast.h"
#include "kernels/ref/internal/unary_math_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

constexpr uint64_t kPReluTypes = kUnaryFloatTypes | DTypeBit(DType::kInt32) |
                                 DTypeBit(DType::kInt64) | DTypeBit(DType::kUInt32) |
                                 DTypeBit(DType::kUInt64);

// Where each element of X finds its slope: element i has coordinate
// (i / x_strides[d]) % x_dims[d] along d, and its slope sits at the sum of
// those coordinates times slope_strides[d] (0 along broadcast dims). Computed
// in Prepare so that Run neither allocates nor re-derives shapes.
struct PReluParams {
  std::vector<int64_t> x_dims;
  std::vector<int64_t> x_strides;
  std::vector<int64_t> slope_strides;
};

template <typename T>
T PReluOne(T x, T slope) {
  using C = ComputeType<T>;
  if constexpr (std::is_unsigned_v<C>) {
    return x;
  } else {
    const C v = static_cast<C>(x);
    return static_cast<T>(v < C(0) ? static_cast<C>(slope) * v : v);
  }
}

}  // namespace

Status PReluPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(2, 2));
  RETURN_IF_ERROR(ExpectDType(ctx, 0, kPReluTypes));
  RETURN_IF_ERROR(ExpectSameDType(ctx, 1, 0));
  const ValueInfo& x = ctx.input(0);
  const ValueInfo& slope = ctx.input(1);
  const bool per_channel = ctx.node().opset < 7 && x.dims.size() >= 2 &&
                           slope.dims.size() == 1 && slope.dims[0] == x.dims[1];
  // Opsets 1 and 6: a 1-D slope of extent C reads as [C, 1, ..., 1] after N.
  Dims slope_dims = slope.dims;
  if (per_channel) {
    slope_dims.assign(x.dims.size() - 1, 1);
    slope_dims[0] = x.dims[1];
  }
  Result<Dims> dims = BroadcastDims(x.dims, slope_dims);
  RETURN_ERROR_IF(!dims.ok() || dims.value() != x.dims, StatusCode::kInvalidArgument, "input '",
                  slope.name, "' shape must broadcast to input '", x.name,
                  "' shape (expected one that broadcasts to ", DimsToString(x.dims), ", got ",
                  DimsToString(slope.dims), ")");
  PReluParams p;
  p.x_dims = x.dims;
  p.slope_strides = BroadcastStrides(slope_dims, x.dims);
  p.x_strides.assign(x.dims.size(), 1);
  for (size_t d = x.dims.size(); d-- > 1;) p.x_strides[d - 1] = p.x_strides[d] * x.dims[d];
  ctx.SetOutput(0, x.dtype, x.dims);
  ctx.EmplaceState<PReluParams>(p);
  return Status::Ok();
}

Status PReluRun(const RunContext& ctx) {
  const PReluParams& p = ctx.state<PReluParams>();
  const size_t rank = p.x_dims.size();
  return DispatchNumericOrHalf(ctx.input(0).dtype, [&](auto tag) {
    using T = decltype(tag);
    const T* x = ctx.input(0).data_as<const T>();
    const T* slope = ctx.input(1).data_as<const T>();
    T* y = ctx.output(0).data_as<T>();
    const int64_t n = ctx.input(0).num_elements();
    for (int64_t i = 0; i < n; ++i) {
      int64_t offset = 0;
      for (size_t d = 0; d < rank; ++d) {
        offset += (i / p.x_strides[d]) % p.x_dims[d] * p.slope_strides[d];
      }
      y[i] = PReluOne(x[i], slope[offset]);
    }
    return Status::Ok();
  });
}

}  // namespace onyx::kernels::ref
