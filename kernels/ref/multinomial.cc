// Multinomial: for each row of input [batch, classes], which holds
// unnormalized log-probabilities, draws attribute 'sample_size' (default 1)
// class indices with probabilities softmax(row), into output [batch,
// sample_size] of attribute 'dtype' (int32, the default, or int64). Input
// float16, float or double, opset 22 adding bfloat16. Each draw takes the
// first class whose cumulative exp(x - max) exceeds u * total, u uniform in
// [0, 1), so a class of probability 0 is never drawn (internal/random_util.h
// describes the generator and 'seed'). A row with no finite total fails Run
// with kInvalidArgument.

#include <algorithm>
#include <cmath>

#include "kernels/ref/internal/random_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct MultinomialState {
  RandomStream stream;
  int64_t batch = 0, classes = 0, samples = 0;
};

}  // namespace

Status MultinomialPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, 1));
  RETURN_IF_ERROR(ExpectDType(ctx, 0, RandomFloatTypes(ctx.node().opset)));
  RETURN_IF_ERROR(ctx.ExpectRank(0, 2, 2));
  const ValueInfo& x = ctx.input(0);
  ASSIGN_OR_RETURN(int64_t samples, IntAttr(ctx.attrs(), "sample_size", 1));
  RETURN_ERROR_IF(samples < 0, StatusCode::kInvalidModel,
                  "attribute 'sample_size' (expected 0 or more, got ", samples, ")");
  ASSIGN_OR_RETURN(DType dtype, DTypeAttr(ctx.attrs(), DType::kInt32,
                                          DTypeBit(DType::kInt32) | DTypeBit(DType::kInt64)));
  RETURN_ERROR_IF(x.dims[1] == 0 && x.dims[0] > 0 && samples > 0, StatusCode::kInvalidArgument,
                  "input '", x.name, "' has no classes to draw from (expected [batch, 1 or more], got ",
                  DimsToString(x.dims), ")");
  auto* s = ctx.EmplaceState<MultinomialState>();
  RETURN_IF_ERROR(InitStream(ctx.attrs(), s->stream));
  s->batch = x.dims[0];
  s->classes = x.dims[1];
  s->samples = samples;
  ctx.RequestScratch(static_cast<size_t>(s->classes) * sizeof(double));
  ctx.SetOutput(0, dtype, Dims{s->batch, samples});
  return Status::Ok();
}

Status MultinomialRun(const RunContext& ctx) {
  const MultinomialState& s = ctx.state<MultinomialState>();
  const uint64_t run = s.stream.NextRun();
  double* cumulative = static_cast<double*>(ctx.scratch);
  return DispatchFloatOrHalf(ctx.input(0).dtype, [&](auto in_tag) {
    using P = decltype(in_tag);
    const P* x = ctx.input(0).data_as<const P>();
    return DispatchNumeric(ctx.output(0).dtype, [&](auto out_tag) {
      using T = decltype(out_tag);
      T* y = ctx.output(0).data_as<T>();
      for (int64_t b = 0; b < s.batch && s.samples > 0; ++b) {
        const P* row = x + b * s.classes;
        double max = -INFINITY, total = 0;
        for (int64_t c = 0; c < s.classes; ++c) max = std::fmax(max, static_cast<double>(row[c]));
        for (int64_t c = 0; c < s.classes; ++c) {
          total += std::exp(static_cast<double>(row[c]) - max);
          cumulative[c] = total;
        }
        RETURN_ERROR_IF(!std::isfinite(total) || !(total > 0), StatusCode::kInvalidArgument,
                        "input row ", b, " gives no distribution (expected finite "
                        "log-probabilities, not all -inf, got a total of ", total, ")");
        for (int64_t k = 0; k < s.samples; ++k) {
          const PhiloxBlock bits = s.stream.Bits(static_cast<uint64_t>(b * s.samples + k), run);
          const double u = Uniform01(bits[0], bits[1]) * total;
          const int64_t c = std::upper_bound(cumulative, cumulative + s.classes, u) - cumulative;
          y[b * s.samples + k] = static_cast<T>(std::min(c, s.classes - 1));
        }
      }
      return Status::Ok();
    });
  });
}

}  // namespace onyx::kernels::ref
