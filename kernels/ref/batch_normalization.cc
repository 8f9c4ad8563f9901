// BatchNormalization:
//   Y = (X - mean) / sqrt(var + epsilon) * scale + B, per channel of X [N, C, ...].
// Opsets 1 to 8 have `spatial` (0: the parameters are [C, D1..Dn], one per
// element of a sample); opset 9 drops it. In opsets 1 and 6 `is_test` = 0, its
// default, selects training (opset 1 also carries `consumed_inputs`, a hint
// for in-place buffers that inference ignores). From 7 to 13 extra outputs
// mean training mode (not supported: those opsets leave its outputs loosely
// defined); from 14 on `training_mode` says so and mean/var may have their own
// float type; from 15 on scale/B may too. Training normalizes with the batch's
// own mean and population variance (per channel; per element of a sample when
// not spatial) and outputs the updated running statistics
//   running = input * momentum + batch * (1 - momentum);
// opsets 1 and 6 also output the batch statistics themselves (saved_mean,
// saved_var), as the ONNX reference implementation does.

#include <algorithm>
#include <cmath>
#include <cstring>
#include <utility>

#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

enum BnInput { kX = 0, kScale = 1, kBias = 2, kMean = 3, kVar = 4 };

// What a statistics output receives. kRunning: in inference a copy of the
// input statistic, in training its momentum update; kBatch: the batch's own.
enum class StatOutput { kNone, kRunning, kBatch };

struct BatchNormParams {
  int64_t batch = 0, channels = 0, inner = 0;  // X is [batch, channels, inner...].
  int64_t num_params = 0;                      // C, or C * inner when not spatial.
  double epsilon = 0;
  double momentum = 0.9;
  bool training = false;
  // Outputs 1 to 4: running_mean, running_var, then (opsets 1 and 6)
  // saved_mean, saved_var; kNone where not declared.
  StatOutput stat_outputs[4] = {StatOutput::kNone, StatOutput::kNone, StatOutput::kNone,
                                StatOutput::kNone};
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

// Opsets 1 and 6: training unless is_test = 1; in test mode only Y is defined.
Status CheckBnMode6(const PrepareContext& ctx, BatchNormParams& p) {
  RETURN_ERROR_IF(ctx.num_outputs() > 5, StatusCode::kInvalidModel,
                  "number of outputs (expected at most 5, got ", ctx.num_outputs(), ")");
  ASSIGN_OR_RETURN(bool is_test, BoolAttr(ctx.attrs(), "is_test", false));
  p.training = !is_test;
  for (size_t i = 1; i < ctx.num_outputs(); ++i) {
    if (!ctx.has_output(i)) continue;
    RETURN_ERROR_IF(is_test, StatusCode::kUnsupported, "output #", i,
                    " is a training output, undefined when is_test = 1 (expected 1 output, got ",
                    ctx.num_outputs(), ")");
    p.stat_outputs[i - 1] = i <= 2 ? StatOutput::kRunning : StatOutput::kBatch;
  }
  return Status::Ok();
}

// Sets the mode and which statistics outputs to fill: rejects the legacy
// training outputs of opsets 7-13; from 14 on reads `training_mode` and fills
// running_mean/var whenever they are declared.
Status CheckBnMode(const PrepareContext& ctx, int opset, BatchNormParams& p) {
  if (opset < 7) return CheckBnMode6(ctx, p);
  size_t extra = 0;
  for (size_t i = 1; i < ctx.num_outputs(); ++i) extra += ctx.has_output(i);
  if (opset < 14) {
    RETURN_ERROR_IF(ctx.num_outputs() > 5, StatusCode::kInvalidModel,
                    "number of outputs (expected at most 5, got ", ctx.num_outputs(), ")");
    RETURN_ERROR_IF(extra > 0, StatusCode::kUnsupported,
                    "outputs beyond Y select training mode, which is not supported (expected 1 "
                    "output, got ",
                    1 + extra, ")");
    return Status::Ok();
  }
  ASSIGN_OR_RETURN(p.training, BoolAttr(ctx.attrs(), "training_mode", false));
  RETURN_ERROR_IF(ctx.num_outputs() > 3, StatusCode::kInvalidModel,
                  "number of outputs (expected at most 3, got ", ctx.num_outputs(), ")");
  for (size_t i = 1; i < ctx.num_outputs(); ++i) {
    if (ctx.has_output(i)) p.stat_outputs[i - 1] = StatOutput::kRunning;
  }
  return Status::Ok();
}

// kInvalidModel when `name` is set at an opset that no longer defines it.
Status RejectAttrFrom(const Attributes& attrs, const char* name, int opset, int removed) {
  RETURN_ERROR_IF(opset >= removed && attrs.Has(name), StatusCode::kInvalidModel, "attribute '",
                  name, "' was removed in opset ", removed, " (expected absent, got it at opset ",
                  opset, ")");
  return Status::Ok();
}

Status CheckBnAttrs(const Attributes& attrs, int opset, bool& spatial, float& momentum) {
  RETURN_IF_ERROR(RejectAttrBefore(attrs, "training_mode", opset, 14));
  RETURN_IF_ERROR(RejectAttrFrom(attrs, "consumed_inputs", opset, 6));
  RETURN_IF_ERROR(RejectAttrFrom(attrs, "is_test", opset, 7));
  RETURN_IF_ERROR(RejectAttrFrom(attrs, "spatial", opset, 9));
  RETURN_IF_ERROR(IntsAttr(attrs, "consumed_inputs").status());  // Only its type is checked.
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
  bool spatial = true;
  float momentum = 0.9f;
  RETURN_IF_ERROR(CheckBnAttrs(ctx.attrs(), opset, spatial, momentum));
  BatchNormParams p;
  RETURN_IF_ERROR(CheckBnMode(ctx, opset, p));
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
  p.batch = x.dims[0];
  p.channels = x.dims[1];
  p.inner = NumElements(Dims(x.dims.begin() + 2, x.dims.end()));
  p.num_params = NumElements(param_dims);
  p.epsilon = epsilon;
  p.momentum = momentum;
  // a, b, and in training the batch mean and variance.
  ctx.RequestScratch(static_cast<size_t>(4 * p.num_params) * sizeof(double));
  ctx.SetOutput(0, x.dtype, x.dims);
  // Outputs 1 and 3 are means, 2 and 4 variances.
  for (size_t i = 1; i < ctx.num_outputs(); ++i) {
    const ValueInfo& stat = ctx.input(i % 2 == 1 ? kMean : kVar);
    ctx.SetOutput(i, stat.dtype, stat.dims);
  }
  ctx.EmplaceState<BatchNormParams>(p);
  return Status::Ok();
}

namespace {

// The batch's mean and population variance per parameter: per channel over
// N and the spatial dims, or (not spatial) per element of a sample over N.
void BatchStatistics(const TensorView& x, const BatchNormParams& p, double* mean, double* var) {
  const bool per_channel = p.num_params == p.channels;
  auto param = [&](int64_t c, int64_t s) { return per_channel ? c : c * p.inner + s; };
  std::fill(mean, mean + p.num_params, 0.0);
  std::fill(var, var + p.num_params, 0.0);
  const int64_t total = p.batch * p.channels * p.inner;
  const double count = p.num_params > 0 ? static_cast<double>(total / p.num_params) : 0.0;
  if (count == 0) return;
  for (int64_t n = 0; n < p.batch; ++n) {
    for (int64_t c = 0; c < p.channels; ++c) {
      const int64_t base = (n * p.channels + c) * p.inner;
      for (int64_t s = 0; s < p.inner; ++s) mean[param(c, s)] += LoadDouble(x, base + s);
    }
  }
  for (int64_t k = 0; k < p.num_params; ++k) mean[k] /= count;
  for (int64_t n = 0; n < p.batch; ++n) {
    for (int64_t c = 0; c < p.channels; ++c) {
      const int64_t base = (n * p.channels + c) * p.inner;
      for (int64_t s = 0; s < p.inner; ++s) {
        const double d = LoadDouble(x, base + s) - mean[param(c, s)];
        var[param(c, s)] += d * d;
      }
    }
  }
  for (int64_t k = 0; k < p.num_params; ++k) var[k] /= count;
}

// A statistics output: the batch's statistic, a copy of the input statistic
// (inference), or input * momentum + batch * (1 - momentum) (training).
Status WriteStatistic(StatOutput kind, const TensorView& input, const double* batch,
                      const BatchNormParams& p, TensorView& out) {
  return DispatchFloat(out.dtype, [&](auto tag) {
    using T = decltype(tag);
    T* o = out.data_as<T>();
    for (int64_t i = 0; i < p.num_params; ++i) {
      double stat = LoadDouble(input, i);
      if (kind == StatOutput::kBatch) {
        stat = batch[i];
      } else if (p.training) {
        stat = stat * p.momentum + batch[i] * (1.0 - p.momentum);
      }
      o[i] = static_cast<T>(stat);
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
  for (size_t i = 0; i < 4; ++i) {
    if (p.stat_outputs[i] == StatOutput::kNone) continue;
    const bool is_mean = i % 2 == 0;
    RETURN_IF_ERROR(WriteStatistic(p.stat_outputs[i], ctx.input(is_mean ? kMean : kVar),
                                   is_mean ? batch_mean : batch_var, p, ctx.output(i + 1)));
  }
  return Status::Ok();
}

}  // namespace onyx::kernels::ref
