// LRN, local response normalization across channels of X [N, C, D...]:
//   Y = X / (bias + alpha / size * square_sum) ^ beta,
// square_sum over channels [c - floor((size - 1) / 2), c + ceil((size - 1) / 2)]
// clipped to [0, C - 1]. Opset 13 adds bfloat16. Computed in double.

#include <algorithm>
#include <cmath>

#include "kernels/ref/internal/norm_util.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct LrnParams {
  int64_t batch = 0, channels = 0, spatial = 1;
  int64_t size = 1;
  double alpha = 1e-4, beta = 0.75, bias = 1.0;
};

}  // namespace

Status LRNPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, 1));
  RETURN_IF_ERROR(ExpectDType(ctx, 0, kNormTypes));
  const Attributes& attrs = ctx.attrs();
  LrnParams p;
  const Attribute* size = attrs.Find("size");
  RETURN_ERROR_IF(size == nullptr, StatusCode::kInvalidModel,
                  "attribute 'size' is required (expected an int, got none)");
  RETURN_IF_ERROR(CheckAttrType(*size, AttrType::kInt));
  RETURN_ERROR_IF(size->i <= 0, StatusCode::kInvalidModel, "attribute 'size' (expected >= 1, got ",
                  size->i, ")");
  p.size = size->i;
  ASSIGN_OR_RETURN(float alpha, FloatAttr(attrs, "alpha", 1e-4f));
  ASSIGN_OR_RETURN(float beta, FloatAttr(attrs, "beta", 0.75f));
  ASSIGN_OR_RETURN(float bias, FloatAttr(attrs, "bias", 1.0f));
  p.alpha = alpha;
  p.beta = beta;
  p.bias = bias;
  const ValueInfo& x = ctx.input(0);
  RETURN_ERROR_IF(x.dims.size() < 2, StatusCode::kInvalidArgument, "input '", x.name,
                  "' rank (expected >= 2: [N, C, ...], got ", DimsToString(x.dims), ")");
  p.batch = x.dims[0];
  p.channels = x.dims[1];
  p.spatial = NumElements(Dims(x.dims.begin() + 2, x.dims.end()));
  ctx.SetOutput(0, x.dtype, x.dims);
  ctx.EmplaceState<LrnParams>(p);
  return Status::Ok();
}

Status LRNRun(const RunContext& ctx) {
  const auto& p = ctx.state<LrnParams>();
  const int64_t before = (p.size - 1) / 2, after = p.size / 2;  // floor and ceil of (size-1)/2.
  return DispatchFloatOrHalf(ctx.input(0).dtype, [&](auto tag) {
    using T = decltype(tag);
    const T* x = ctx.input(0).data_as<const T>();
    T* y = ctx.output(0).data_as<T>();
    for (int64_t n = 0; n < p.batch; ++n) {
      for (int64_t c = 0; c < p.channels; ++c) {
        const int64_t lo = std::max<int64_t>(0, c - before);
        const int64_t hi = std::min<int64_t>(p.channels - 1, c + after);
        for (int64_t s = 0; s < p.spatial; ++s) {
          double sq = 0;
          for (int64_t i = lo; i <= hi; ++i) {
            const double v = LoadD(x[(n * p.channels + i) * p.spatial + s]);
            sq += v * v;
          }
          const int64_t at = (n * p.channels + c) * p.spatial + s;
          const double scale =
              std::pow(p.bias + p.alpha / static_cast<double>(p.size) * sq, p.beta);
          y[at] = StoreD<T>(LoadD(x[at]) / scale);
        }
      }
    }
    return Status::Ok();
  });
}

}  // namespace onyx::kernels::ref
