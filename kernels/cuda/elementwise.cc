// Unary ops and activations: one kernel (LaunchUnary) applying an Act.

#include "kernels/cuda/cuda_util.h"
#include "kernels/cuda/launch.h"
#include "kernels/cuda/ops.h"
#include "kernels/cuda/registry.h"

namespace onyx::kernels::cuda {
namespace {

Status PrepareAct(PrepareContext& ctx, Act act) {
  RETURN_IF_ERROR(RequireFloat(ctx, 1));
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, ctx.num_inputs()));
  ctx.SetOutput(0, DType::kFloat32, ctx.input(0).dims);
  *ctx.EmplaceState<Act>() = act;
  return Status::Ok();
}

Status PrepareOp(PrepareContext& ctx, ActOp op, float a = 0.0f, float b = 0.0f) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, 1));
  return PrepareAct(ctx, Act{op, a, b});
}

// Clip's bound from input `i` (opset 11 on), or from attribute `name` before.
Status ClipBound(const PrepareContext& ctx, size_t i, const char* name, float fallback, float* bound) {
  *bound = fallback;
  if (ctx.node().opset < 11) {
    *bound = ctx.attrs().GetFloat(name, fallback);
    return Status::Ok();
  }
  if (!ctx.has_input(i)) return Status::Ok();
  const ValueInfo& v = ctx.input(i);
  if (v.dtype != DType::kFloat32 || v.data == nullptr || NumElements(v.dims) != 1) {
    return Decline("Clip's ", name,
                     " is not a float32 scalar known ahead");
  }
  *bound = *static_cast<const float*>(v.data);
  return Status::Ok();
}

}  // namespace

Status ReluPrepare(PrepareContext& ctx) { return PrepareOp(ctx, ActOp::kRelu); }
Status SigmoidPrepare(PrepareContext& ctx) { return PrepareOp(ctx, ActOp::kSigmoid); }
Status TanhPrepare(PrepareContext& ctx) { return PrepareOp(ctx, ActOp::kTanh); }
Status HardSwishPrepare(PrepareContext& ctx) { return PrepareOp(ctx, ActOp::kHardSwish); }
Status HardSigmoidPrepare(PrepareContext& ctx) {
  return PrepareOp(ctx, ActOp::kHardSigmoid, ctx.attrs().GetFloat("alpha", 0.2f), ctx.attrs().GetFloat("beta", 0.5f));
}
Status LeakyReluPrepare(PrepareContext& ctx) {
  return PrepareOp(ctx, ActOp::kLeakyRelu, ctx.attrs().GetFloat("alpha", 0.01f));
}
Status EluPrepare(PrepareContext& ctx) { return PrepareOp(ctx, ActOp::kElu, ctx.attrs().GetFloat("alpha", 1.0f)); }
Status AbsPrepare(PrepareContext& ctx) { return PrepareOp(ctx, ActOp::kAbs); }
Status NegPrepare(PrepareContext& ctx) { return PrepareOp(ctx, ActOp::kNeg); }
Status SqrtPrepare(PrepareContext& ctx) { return PrepareOp(ctx, ActOp::kSqrt); }
Status ExpPrepare(PrepareContext& ctx) { return PrepareOp(ctx, ActOp::kExp); }
Status LogPrepare(PrepareContext& ctx) { return PrepareOp(ctx, ActOp::kLog); }
Status ErfPrepare(PrepareContext& ctx) { return PrepareOp(ctx, ActOp::kErf); }
Status SoftplusPrepare(PrepareContext& ctx) { return PrepareOp(ctx, ActOp::kSoftplus); }
Status ReciprocalPrepare(PrepareContext& ctx) { return PrepareOp(ctx, ActOp::kReciprocal); }
Status FloorPrepare(PrepareContext& ctx) { return PrepareOp(ctx, ActOp::kFloor); }
Status CeilPrepare(PrepareContext& ctx) { return PrepareOp(ctx, ActOp::kCeil); }
Status RoundPrepare(PrepareContext& ctx) { return PrepareOp(ctx, ActOp::kRound); }
Status SinPrepare(PrepareContext& ctx) { return PrepareOp(ctx, ActOp::kSin); }
Status CosPrepare(PrepareContext& ctx) { return PrepareOp(ctx, ActOp::kCos); }

Status GeluPrepare(PrepareContext& ctx) {
  const std::string approximate = ctx.attrs().GetString("approximate", "none");
  RETURN_ERROR_IF(approximate != "none" && approximate != "tanh", StatusCode::kUnsupported, kProviderName,
                  " declines: Gelu approximate '", approximate, "'");
  return PrepareOp(ctx, ActOp::kGelu, 0.0f, approximate == "tanh" ? 1.0f : 0.0f);
}

Status ClipPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, 3));
  float lo = 0, hi = 0;
  RETURN_IF_ERROR(ClipBound(ctx, 1, "min", -3.402823466e+38f, &lo));
  RETURN_IF_ERROR(ClipBound(ctx, 2, "max", 3.402823466e+38f, &hi));
  ctx.SkipInputInRun(1);
  ctx.SkipInputInRun(2);
  return PrepareAct(ctx, Act{ActOp::kClip, lo, hi});
}

Status UnaryRun(const RunContext& ctx) {
  ONYX_CUDA_RETURN_IF_ERROR(LaunchUnary(ctx.input(0).data_as<float>(), ctx.output(0).data_as<float>(),
                                        ctx.output(0).num_elements(), ctx.state<Act>(), ContextOf(ctx).stream));
  return Status::Ok();
}

}  // namespace onyx::kernels::cuda
