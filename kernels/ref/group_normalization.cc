// GroupNormalization: splits the C channels of X [N, C, D...] into
// num_groups groups and normalizes each (sample, group) over its channels
// and spatial dims, Y = (X - mean) / sqrt(var + epsilon) * scale + bias.
// Opset 18 has one scale and bias per group ([num_groups]); opset 21 one per
// channel ([C]) and adds stash_type, the precision of the statistics, which
// are computed in double and rounded to it.

#include <cmath>

#include "kernels/ref/internal/norm_util.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct GroupNormParams {
  int64_t batch = 0, channels = 0, groups = 1, spatial = 1;
  double epsilon = 1e-5;
  DType stash = DType::kFloat32;
  bool per_channel = true;  // Opset 21: scale and bias have C elements.
};

}  // namespace

Status GroupNormalizationPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(3, 3));
  RETURN_IF_ERROR(ExpectDType(ctx, 0, kNormTypes));
  RETURN_IF_ERROR(ExpectSameDType(ctx, 1, 0));
  RETURN_IF_ERROR(ExpectSameDType(ctx, 2, 0));
  const int opset = ctx.node().opset;
  const Attributes& attrs = ctx.attrs();
  RETURN_IF_ERROR(RejectAttrBefore(attrs, "stash_type", opset, 21));
  GroupNormParams p;
  ASSIGN_OR_RETURN(p.stash, StashTypeAttr(attrs, kNormTypes));
  ASSIGN_OR_RETURN(float epsilon, FloatAttr(attrs, "epsilon", 1e-5f));
  p.epsilon = epsilon;
  const Attribute* groups = attrs.Find("num_groups");
  RETURN_ERROR_IF(groups == nullptr, StatusCode::kInvalidModel,
                  "attribute 'num_groups' is required (expected an int, got none)");
  RETURN_IF_ERROR(CheckAttrType(*groups, AttrType::kInt));
  p.groups = groups->i;
  const ValueInfo& x = ctx.input(0);
  RETURN_ERROR_IF(x.dims.size() < 2, StatusCode::kInvalidArgument, "input '", x.name,
                  "' rank (expected >= 2: [N, C, ...], got ", DimsToString(x.dims), ")");
  p.batch = x.dims[0];
  p.channels = x.dims[1];
  p.spatial = NumElements(Dims(x.dims.begin() + 2, x.dims.end()));
  RETURN_ERROR_IF(p.groups <= 0 || p.channels % p.groups != 0, StatusCode::kInvalidArgument,
                  "attribute 'num_groups' must divide the ", p.channels, " channels of input '",
                  x.name, "' (expected a positive divisor of ", p.channels, ", got ", p.groups,
                  ")");
  p.per_channel = opset >= 21;
  const Dims param_dims{p.per_channel ? p.channels : p.groups};
  for (size_t i = 1; i <= 2; ++i) {
    const ValueInfo& v = ctx.input(i);
    RETURN_ERROR_IF(v.dims != param_dims, StatusCode::kInvalidArgument, "input '", v.name,
                    "' shape (expected ", DimsToString(param_dims),
                    p.per_channel ? ", one per channel" : ", one per group", ", got ",
                    DimsToString(v.dims), ")");
  }
  ctx.SetOutput(0, x.dtype, x.dims);
  ctx.EmplaceState<GroupNormParams>(p);
  return Status::Ok();
}

Status GroupNormalizationRun(const RunContext& ctx) {
  const auto& p = ctx.state<GroupNormParams>();
  return DispatchFloatOrHalf(ctx.input(0).dtype, [&](auto tag) {
    using T = decltype(tag);
    const T* x = ctx.input(0).data_as<const T>();
    const T* scale = ctx.input(1).data_as<const T>();
    const T* bias = ctx.input(2).data_as<const T>();
    T* y = ctx.output(0).data_as<T>();
    const int64_t per_group = p.channels / p.groups;
    const int64_t block = per_group * p.spatial;
    for (int64_t n = 0; n < p.batch; ++n) {
      for (int64_t g = 0; g < p.groups; ++g) {
        const int64_t base = (n * p.groups + g) * block;
        double mean = 0, var = 0;
        RowMoments(x + base, block, 1, &mean, &var);
        mean = RoundToStash(mean, p.stash);
        const double inv = RoundToStash(1.0 / std::sqrt(var + p.epsilon), p.stash);
        for (int64_t c = 0; c < per_group; ++c) {
          const int64_t k = p.per_channel ? g * per_group + c : g;
          const double s = LoadD(scale[k]), b = LoadD(bias[k]);
          for (int64_t i = 0; i < p.spatial; ++i) {
            const int64_t at = base + c * p.spatial + i;
            y[at] = StoreD<T>((RoundToStash(LoadD(x[at]), p.stash) - mean) * inv * s + b);
          }
        }
      }
    }
    return Status::Ok();
  });
}

}  // namespace onyx::kernels::ref
