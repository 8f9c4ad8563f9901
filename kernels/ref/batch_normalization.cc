// BatchNormalization:
//   Y = (X - mean) / sqrt(var + epsilon) * scale + B, per channel of X [N, C, ...].
// Opset 7 has `spatial` (0: the parameters are [C, D1..Dn], one per element of
// a sample); opset 9 drops it. Before opset 14 extra outputs mean training
// mode (not supported: those opsets leave its outputs loosely defined); from 14
// on `training_mode` says so and mean/var may have their own float type; from
// 15 on scale/B may too. Training mode (opset 14+) normalizes with the batch's
// own mean and population variance and outputs the updated running statistics
//   running = input * momentum + batch * (1 - momentum).

#include <cmath>
#include <cstring>
#include <utility>

#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

enum BnInput { kX = 0, kScale = 1, kBias = 2, kMean = 3, kVar = 4 };

struct BatchNormParams {
  int64_t batch = 0, channels = 0, inner = 0;  // X is [batch, channels, inner...].
  int64_t num_params = 0;                      // C, or C * inner when not spatial.
  double epsilon = 0;
  double momentum = 0.9;
  bool training = false;
  // Opset 14+: which of running_mean, running_var are declared. Inference
  // copies input_mean, input_var into them; training updates them.
  bool write_stats[2] = {false, false};
};

Status CheckBnDTypes(const PrepareContext& ctx, int opset) {
  RETURN_IF_ERROR(ExpectDType(ctx, kX, kFloatTypes));
  if (opset < 14) {
    for (size_t i = kScale; i <= kVar; ++i) RETURN_IF_ERROR(ExpectSameDType(ctx, i, kX));
    return Status::Ok();
  }
  // Opset 14: scale and B are T like X, mean and var are U. Opset 15: scale and B are T1.
  RETURN_IF_ERROR(ExpectDType(ctx, kScale, kFloatTypes));
  RETURN_IF_ERROR(ExpectSameDType(ctx, kBias, kScale));
  if (opset == 14) RETURN_IF_ERROR(ExpectSameDType(ctx, kScale, kX));
  RETURN_IF_ERROR(ExpectDType(ctx, kMean, kFloatTypes));
  return ExpectSameDType(ctx, kVar, kMean);
}

// Rejects the legacy training outputs of opsets 7-13; sets `training` from
// the attribute (opset 14+) and returns whether running_mean/var outputs are
// declared and must be filled.
Result<bool> CheckBnMode(const PrepareContext& ctx, int opset, bool* training) {
  size_t extra = 0;
  for (size_t i = 1; i < ctx.num_outputs(); ++i) extra += ctx.has_output(i);
  if (opset < 14) {
    RETURN_ERROR_IF(ctx.num_outputs() > 5, StatusCode::kInvalidModel,
                    "number of outputs (expected at most 5, got ", ctx.num_outputs(), ")");
    RETURN_ERROR_IF(extra > 0, StatusCode::kUnsupported,
                    "outputs beyond Y select training mode, which is not supported (expected 1 "
                    "output, got ",
                    1 + extra, ")");
    return false;
  }
  ASSIGN_OR_RETURN(*training, BoolAttr(ctx.attrs(), "training_mode", false));
  RETURN_ERROR_IF(ctx.num_outputs() > 3, StatusCode::kInvalidModel,
                  "number of outputs (expected at most 3, got ", ctx.num_outputs(), ")");
  return extra > 0;
}

Status CheckBnAttrs(const Attributes& attrs, int opset, bool& spatial, float& momentum) {
  RETURN_IF_ERROR(RejectAttrBefore(attrs, "training_mode", opset, 14));
  RETURN_ERROR_IF(opset >= 9 && attrs.Has("spatial"), StatusCode::kInvalidModel,
                  "attribute 'spatial' was removed in opset 9 (expected absent, got it at opset ",
                  opset, ")");
  ASSIGN_OR_RETURN(momentum, FloatAttr(attrs, "momentum", 0.9f));
  ASSIGN_OR_RETURN(spatial, BoolAttr(attrs, "spatial", true));
  return Status::Ok();
}

// Element `i` of a float or double tensor, as double.
double LoadDouble(const TensorView& t, int64_t i) {
  return t.dtype == DType::kFloat64 ? t.data_as<const double>()[i]
                                    : static_cast<double>(t.data_as<const float>()[i]);
}

}  // namespace

Status BatchNormalizationPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(5, 5));
  const int opset = ctx.node().opset;
  RETURN_IF_ERROR(CheckBnDTypes(ctx, opset));
  bool spatial = true, training = false;
  float momentum = 0.9f;
  RETURN_IF_ERROR(CheckBnAttrs(ctx.attrs(), opset, spatial, momentum));
  ASSIGN_OR_RETURN(bool write_stats, CheckBnMode(ctx, opset, &training));
  ASSIGN_OR_RETURN(float epsilon, FloatAttr(ctx.attrs(), "epsilon", 1e-5f));
  const ValueInfo& x = ctx.input(kX);
  RETURN_ERROR_IF(x.dims.size() < 2, StatusCode::kInvalidArgument, "input '", x.name,
                  "' rank (expected >= 2: [N, C, ...], got ", DimsToString(x.dims), ")");

  const Dims param_dims = spatial ? Dims{x.dims[1]} : Dims(x.dims.begin() + 1, x.dims.end());
  for (size_t i = kScale; i <= kVar; ++i) {
    const ValueInfo& v = ctx.input(i);
    RETURN_ERROR_IF(v.dims != param_dims, StatusCode::kInvalidArgument, "input '", v.name,
                    "' shape (expected ", DimsToString(param_dims),
                    (spatial ? ", [C]" : ", X's dims after N"), ", got ", DimsToString(v.dims),
                    ")");
  }
  BatchNormParams p;
  p.batch = x.dims[0];
  p.channels = x.dims[1];
  p.inner = NumElements(Dims(x.dims.begin() + 2, x.dims.end()));
  p.num_params = NumElements(param_dims);
  p.epsilon = epsilon;
  p.momentum = momentum;
  p.training = training;
  for (size_t i = 0; i < 2; ++i) p.write_stats[i] = write_stats && ctx.has_output(i + 1);
  // a, b, and in training the batch mean and variance.
  ctx.RequestScratch(static_cast<size_t>(4 * p.num_params) * sizeof(double));
  ctx.SetOutput(0, x.dtype, x.dims);
  for (size_t i = 1; i < ctx.num_outputs(); ++i) {
    const ValueInfo& stat = ctx.input(i == 1 ? kMean : kVar);
    ctx.SetOutput(i, stat.dtype, stat.dims);
  }
  ctx.EmplaceState<BatchNormParams>(p);
  return Status::Ok();
}

namespace {

// The batch's per-channel mean and population variance (training mode).
void BatchStatistics(const TensorView& x, const BatchNormParams& p, double* mean, double* var) {
  const double count = static_cast<double>(p.batch * p.inner);
  for (int64_t c = 0; c < p.channels; ++c) {
    double sum = 0, sum_sq = 0;
    for (int64_t n = 0; n < p.batch; ++n) {
      const int64_t base = (n * p.channels + c) * p.inner;
      for (int64_t s = 0; s < p.inner; ++s) sum += LoadDouble(x, base + s);
    }
    mean[c] = count > 0 ? sum / count : 0.0;
    for (int64_t n = 0; n < p.batch; ++n) {
      const int64_t base = (n * p.channels + c) * p.inner;
      for (int64_t s = 0; s < p.inner; ++s) {
        const double d = LoadDouble(x, base + s) - mean[c];
        sum_sq += d * d;
      }
    }
    var[c] = count > 0 ? sum_sq / count : 0.0;
  }
}

// running_mean / running_var: a copy of the input statistic in inference,
// input * momentum + batch * (1 - momentum) in training.
Status WriteStatistic(const TensorView& input, const double* batch, const BatchNormParams& p, TensorView& out) {
  return DispatchFloat(out.dtype, [&](auto tag) {
    using T = decltype(tag);
    T* o = out.data_as<T>();
    for (int64_t i = 0; i < p.num_params; ++i) {
      const double v = LoadDouble(input, i);
      o[i] = static_cast<T>(p.training ? v * p.momentum + batch[i] * (1.0 - p.momentum) : v);
    }
    return Status::Ok();
  });
}

}  // namespace

Status BatchNormalizationRun(const RunContext& ctx) {
  const auto& p = ctx.state<BatchNormParams>();
  // Fold each parameter set into Y = X * a + b, in double.
  double* a = static_cast<double*>(ctx.scratch);
  double* b = a + p.num_params;
  double* batch_mean = b + p.num_params;
  double* batch_var = batch_mean + p.num_params;
  if (p.training) BatchStatistics(ctx.input(kX), p, batch_mean, batch_var);
  for (int64_t i = 0; i < p.num_params; ++i) {
    const double mean = p.training ? batch_mean[i] : LoadDouble(ctx.input(kMean), i);
    const double var = p.training ? batch_var[i] : LoadDouble(ctx.input(kVar), i);
    a[i] = LoadDouble(ctx.input(kScale), i) / std::sqrt(var + p.epsilon);
    b[i] = LoadDouble(ctx.input(kBias), i) - mean * a[i];
  }
  const bool per_channel = p.num_params == p.channels;
  RETURN_IF_ERROR(DispatchFloat(ctx.input(kX).dtype, [&](auto tag) {
    using T = decltype(tag);
    const T* x = ctx.input(kX).data_as<const T>();
    T* y = ctx.output(0).data_as<T>();
    for (int64_t n = 0; n < p.batch; ++n) {
      for (int64_t c = 0; c < p.channels; ++c) {
        const int64_t base = (n * p.channels + c) * p.inner;
        for (int64_t s = 0; s < p.inner; ++s) {
          const int64_t k = per_channel ? c : c * p.inner + s;
          y[base + s] = static_cast<T>(static_cast<double>(x[base + s]) * a[k] + b[k]);
        }
      }
    }
    return Status::Ok();
  }));
  if (p.write_stats[0]) RETURN_IF_ERROR(WriteStatistic(ctx.input(kMean), batch_mean, p, ctx.output(1)));
  if (p.write_stats[1]) RETURN_IF_ERROR(WriteStatistic(ctx.input(kVar), batch_var, p, ctx.output(2)));
  return Status::Ok();
}

}  // namespace onyx::kernels::ref
