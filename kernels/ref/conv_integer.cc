// ConvInteger (opset 10): int32 Y = Conv(x - x_zero_point, w - w_zero_point)
// for int8/uint8 x and w, with Conv's attributes (auto_pad, dilations, group,
// kernel_shape, pads, strides). x_zero_point is one value, w_zero_point one
// value or one per output channel. Sums wrap modulo 2^32 like int32.

#include <utility>

#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/quant_conv_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

constexpr uint64_t kInt8Types = DTypeBit(DType::kInt8) | DTypeBit(DType::kUInt8);

}  // namespace

Status ConvIntegerPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(2, 4));
  RETURN_IF_ERROR(ExpectDType(ctx, 0, kInt8Types));
  RETURN_IF_ERROR(ExpectDType(ctx, 1, kInt8Types));
  ASSIGN_OR_RETURN(IntConv c, PrepareIntConv(ctx, 0, 1));
  if (ctx.has_input(2)) {
    RETURN_IF_ERROR(ExpectSameDType(ctx, 2, 0));
    RETURN_IF_ERROR(ExpectScalarOrPerMap(ctx, 2, 0));
  }
  if (ctx.has_input(3)) {
    RETURN_IF_ERROR(ExpectSameDType(ctx, 3, 1));
    RETURN_IF_ERROR(ExpectScalarOrPerMap(ctx, 3, c.maps));
    c.w_zero_per_map = NumElements(ctx.input(3).dims) > 1 || c.maps == 1;
  }
  ctx.SetOutput(0, DType::kInt32, c.OutDims());
  ctx.EmplaceState<IntConv>(std::move(c));
  return Status::Ok();
}

Status ConvIntegerRun(const RunContext& ctx) {
  const auto& c = ctx.state<IntConv>();
  int32_t* y = ctx.output(0).data_as<int32_t>();
  ForEachIntConvOutput(c, ctx.input(0).data, ctx.input(1).data,
                       ctx.has_input(2) ? ctx.input(2).data : nullptr,
                       ctx.has_input(3) ? ctx.input(3).data : nullptr,
                       [&](int64_t i, int64_t, int64_t sum) {
                         y[i] = static_cast<int32_t>(static_cast<uint32_t>(sum));
                       });
  return Status::Ok();
}

}  // namespace onyx::kernels::ref
