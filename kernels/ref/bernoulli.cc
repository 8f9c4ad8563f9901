// Bernoulli: output[i] = 1 with probability input[i], else 0, in attribute
// 'dtype' (default: the input's dtype; bool and every numeric type). Input
// float16, float or double, opset 22 adding bfloat16. A draw is u < p with u
// uniform in [0, 1) (internal/random_util.h describes the generator and
// 'seed'). A probability outside [0, 1] fails Run with kInvalidArgument, as
// numpy and PyTorch reject it, before anything is written.

#include "kernels/ref/internal/random_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

constexpr uint64_t kBernoulliOutputTypes = kNumericTypes | kHalfTypes | DTypeBit(DType::kBool);

template <typename F>
Status DispatchBernoulliOutput(DType dtype, F&& f) {
  if (dtype == DType::kBool) return f(bool{});
  return DispatchNumericOrHalf(dtype, f);
}

}  // namespace

Status BernoulliPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, 1));
  RETURN_IF_ERROR(ExpectDType(ctx, 0, RandomFloatTypes(ctx.node().opset)));
  const ValueInfo& x = ctx.input(0);
  ASSIGN_OR_RETURN(DType dtype, DTypeAttr(ctx.attrs(), x.dtype, kBernoulliOutputTypes));
  RETURN_IF_ERROR(InitStream(ctx.attrs(), *ctx.EmplaceState<RandomStream>()));
  ctx.SetOutput(0, dtype, x.dims);
  return Status::Ok();
}

Status BernoulliRun(const RunContext& ctx) {
  const RandomStream& stream = ctx.state<RandomStream>();
  const uint64_t run = stream.NextRun();
  const int64_t n = ctx.input(0).num_elements();
  return DispatchFloatOrHalf(ctx.input(0).dtype, [&](auto in_tag) {
    using P = decltype(in_tag);
    const P* p = ctx.input(0).data_as<const P>();
    for (int64_t i = 0; i < n; ++i) {
      const double v = static_cast<double>(p[i]);
      RETURN_ERROR_IF(!(v >= 0 && v <= 1), StatusCode::kInvalidArgument,
                      "input probability at flat index ", i, " (expected [0, 1], got ", v, ")");
    }
    return DispatchBernoulliOutput(ctx.output(0).dtype, [&](auto out_tag) {
      using T = decltype(out_tag);
      T* y = ctx.output(0).data_as<T>();
      for (int64_t i = 0; i < n; ++i) {
        const PhiloxBlock bits = stream.Bits(static_cast<uint64_t>(i), run);
        const bool hit = Uniform01(bits[0], bits[1]) < static_cast<double>(p[i]);
        y[i] = static_cast<T>(hit ? 1 : 0);
      }
      return Status::Ok();
    });
  });
}

}  // namespace onyx::kernels::ref
