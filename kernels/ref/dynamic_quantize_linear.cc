// DynamicQuantizeLinear (opset 11): uint8 quantization of float x with a
// scale and zero point computed from x: the range [min(0, min x),
// max(0, max x)] maps onto [0, 255] (scale = range / 255, or 1/255 for an
// empty range), zero point = round(-min / scale) clamped to [0, 255]. All
// arithmetic in float, rounding half to even, as ONNX's reference does.

#include <cmath>

#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status DynamicQuantizeLinearPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, 1));
  RETURN_IF_ERROR(ExpectDType(ctx, 0, DTypeBit(DType::kFloat32)));
  ctx.SetOutput(0, DType::kUInt8, ctx.input(0).dims);
  if (ctx.has_output(1)) ctx.SetOutput(1, DType::kFloat32, Dims{});
  if (ctx.has_output(2)) ctx.SetOutput(2, DType::kUInt8, Dims{});
  return Status::Ok();
}

Status DynamicQuantizeLinearRun(const RunContext& ctx) {
  const float* x = ctx.input(0).data_as<const float>();
  const int64_t n = ctx.input(0).num_elements();
  float hi = 0, lo = 0;
  for (int64_t i = 0; i < n; ++i) {
    hi = std::fmax(hi, x[i]);
    lo = std::fmin(lo, x[i]);
  }
  const float scale = (hi == lo ? 1.0f : hi - lo) / 255.0f;
  const float zp = std::nearbyint(std::fmin(255.0f, std::fmax(0.0f, 0.0f - lo / scale)));
  uint8_t* y = ctx.output(0).data_as<uint8_t>();
  for (int64_t i = 0; i < n; ++i) {
    const float q = std::nearbyint(x[i] / scale) + zp;
    y[i] = static_cast<uint8_t>(std::isnan(q) ? 0.0f : std::fmin(255.0f, std::fmax(0.0f, q)));
  }
  if (ctx.outputs.size() > 1 && ctx.outputs[1] != nullptr) *ctx.output(1).data_as<float>() = scale;
  if (ctx.outputs.size() > 2 && ctx.outputs[2] != nullptr) {
    *ctx.output(2).data_as<uint8_t>() = static_cast<uint8_t>(zp);
  }
  return Status::Ok();
}

}  // namespace onyx::kernels::ref
