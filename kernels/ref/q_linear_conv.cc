// QLinearConv (opset 10): y = saturate(round((Conv(x - x_zero_point,
// w - w_zero_point) + B) * x_scale * w_scale / y_scale) + y_zero_point) with
// Conv's attributes. w_scale and w_zero_point are one value or one per output
// channel; the others one value. The factor is rounded to float step by step
// and rounding is half to even, as ONNX's reference computes it.

#include <cmath>
#include <utility>

#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/quant_conv_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

enum Input { kX, kXScale, kXZero, kW, kWScale, kWZero, kYScale, kYZero, kBias };

constexpr uint64_t kInt8Types = DTypeBit(DType::kInt8) | DTypeBit(DType::kUInt8);

struct QLinearConvParams {
  IntConv conv;
  DType y_dtype = DType::kUndefined;
  bool w_scale_per_map = false, has_bias = false;
};

}  // namespace

Status QLinearConvPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(8, 9));
  for (Input i : {kX, kW, kYZero}) RETURN_IF_ERROR(ExpectDType(ctx, i, kInt8Types));
  for (Input i : {kXScale, kWScale, kYScale}) {
    RETURN_IF_ERROR(ExpectDType(ctx, i, DTypeBit(DType::kFloat32)));
  }
  RETURN_IF_ERROR(ExpectSameDType(ctx, kXZero, kX));
  RETURN_IF_ERROR(ExpectSameDType(ctx, kWZero, kW));
  QLinearConvParams p;
  ASSIGN_OR_RETURN(p.conv, PrepareIntConv(ctx, kX, kW));
  const int64_t maps = p.conv.maps;
  for (Input i : {kXScale, kXZero, kYScale, kYZero}) RETURN_IF_ERROR(ExpectScalarOrPerMap(ctx, i, 0));
  for (Input i : {kWScale, kWZero}) RETURN_IF_ERROR(ExpectScalarOrPerMap(ctx, i, maps));
  p.conv.w_zero_per_map = NumElements(ctx.input(kWZero).dims) > 1 || maps == 1;
  p.w_scale_per_map = NumElements(ctx.input(kWScale).dims) > 1 || maps == 1;
  p.has_bias = ctx.has_input(kBias);
  if (p.has_bias) {
    const ValueInfo& b = ctx.input(kBias);
    RETURN_IF_ERROR(ExpectDType(ctx, kBias, DTypeBit(DType::kInt32)));
    RETURN_ERROR_IF(b.dims != Dims{maps}, StatusCode::kInvalidArgument, "input '", b.name,
                    "' shape (expected [", maps, "], the output channels, got ",
                    DimsToString(b.dims), ")");
  }
  p.y_dtype = ctx.input(kYZero).dtype;
  ctx.SetOutput(0, p.y_dtype, p.conv.OutDims());
  ctx.EmplaceState<QLinearConvParams>(std::move(p));
  return Status::Ok();
}

Status QLinearConvRun(const RunContext& ctx) {
  const auto& p = ctx.state<QLinearConvParams>();
  const float xs = *ctx.input(kXScale).data_as<const float>();
  const float ys = *ctx.input(kYScale).data_as<const float>();
  const float* ws = ctx.input(kWScale).data_as<const float>();
  const double yz = LoadAsDouble(p.y_dtype, ctx.input(kYZero).data, 0);
  const int32_t* bias = p.has_bias ? ctx.input(kBias).data_as<const int32_t>() : nullptr;
  IntRange range{0, 0};
  IntRangeOf(p.y_dtype, &range);
  ForEachIntConvOutput(
      p.conv, ctx.input(kX).data, ctx.input(kW).data, ctx.input(kXZero).data,
      ctx.input(kWZero).data, [&](int64_t i, int64_t m, int64_t sum) {
        const float factor = xs * ws[p.w_scale_per_map ? m : 0] / ys;
        // The reference sums in int32, then scales in double.
        const int32_t acc = static_cast<int32_t>(
            static_cast<uint32_t>(sum) + static_cast<uint32_t>(bias ? bias[m] : 0));
        double r = static_cast<double>(acc) * factor + yz;
        r = r < range.lo ? range.lo : r > range.hi ? range.hi : r;
        StoreInt(p.y_dtype, ctx.output(0).data, i, static_cast<int64_t>(std::nearbyint(r)));
      });
  return Status::Ok();
}

}  // namespace onyx::kernels::ref
