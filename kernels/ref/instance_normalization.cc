// InstanceNormalization: normalizes each (sample, channel) of X [N, C, D...]
// over its spatial dims, Y = scale * (X - mean) / sqrt(var + epsilon) + B,
// with scale and B of shape [C]. Opset 1's consumed_inputs (a legacy
// optimization hint) is ignored; opset 22 adds bfloat16. Statistics are
// computed in double.

#include <cmath>

#include "kernels/ref/internal/norm_util.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct InstanceNormParams {
  int64_t batch = 0, channels = 0, spatial = 1;
  double epsilon = 1e-5;
};

}  // namespace

Status InstanceNormalizationPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(3, 3));
  RETURN_IF_ERROR(ExpectDType(ctx, 0, kNormTypes));
  RETURN_IF_ERROR(ExpectSameDType(ctx, 1, 0));
  RETURN_IF_ERROR(ExpectSameDType(ctx, 2, 0));
  RETURN_ERROR_IF(ctx.node().opset >= 6 && ctx.attrs().Has("consumed_inputs"),
                  StatusCode::kInvalidModel,
                  "attribute 'consumed_inputs' was removed in opset 6 (expected absent, got it at "
                  "opset ",
                  ctx.node().opset, ")");
  InstanceNormParams p;
  ASSIGN_OR_RETURN(float epsilon, FloatAttr(ctx.attrs(), "epsilon", 1e-5f));
  p.epsilon = epsilon;
  const ValueInfo& x = ctx.input(0);
  RETURN_ERROR_IF(x.dims.size() < 2, StatusCode::kInvalidArgument, "input '", x.name,
                  "' rank (expected >= 2: [N, C, ...], got ", DimsToString(x.dims), ")");
  p.batch = x.dims[0];
  p.channels = x.dims[1];
  p.spatial = NumElements(Dims(x.dims.begin() + 2, x.dims.end()));
  for (size_t i = 1; i <= 2; ++i) {
    const ValueInfo& v = ctx.input(i);
    RETURN_ERROR_IF(v.dims != Dims{p.channels}, StatusCode::kInvalidArgument, "input '", v.name,
                    "' shape (expected [", p.channels, "], one per channel, got ",
                    DimsToString(v.dims), ")");
  }
  ctx.SetOutput(0, x.dtype, x.dims);
  ctx.EmplaceState<InstanceNormParams>(p);
  return Status::Ok();
}

Status InstanceNormalizationRun(const RunContext& ctx) {
  const auto& p = ctx.state<InstanceNormParams>();
  return DispatchFloatOrHalf(ctx.input(0).dtype, [&](auto tag) {
    using T = decltype(tag);
    const T* x = ctx.input(0).data_as<const T>();
    const T* scale = ctx.input(1).data_as<const T>();
    const T* bias = ctx.input(2).data_as<const T>();
    T* y = ctx.output(0).data_as<T>();
    for (int64_t n = 0; n < p.batch; ++n) {
      for (int64_t c = 0; c < p.channels; ++c) {
        const int64_t base = (n * p.channels + c) * p.spatial;
        double mean = 0, var = 0;
        RowMoments(x + base, p.spatial, 1, &mean, &var);
        const double a = LoadD(scale[c]) / std::sqrt(var + p.epsilon);
        const double b = LoadD(bias[c]);
        for (int64_t i = 0; i < p.spatial; ++i) {
          y[base + i] = StoreD<T>((LoadD(x[base + i]) - mean) * a + b);
        }
      }
    }
    return Status::Ok();
  });
}

}  // namespace onyx::kernels::ref
