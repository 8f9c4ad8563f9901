// Mean: the elementwise mean of one or more float inputs: their Sum (left to
// right, each step rounded to the dtype), divided by the input count. Before
// opset 8 every input has one shape; from 8 on they broadcast together;
// opset 13 adds bfloat16.

#include "kernels/ref/internal/binary_util.h"
#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status MeanPrepare(PrepareContext& ctx) { return PrepareVariadic(ctx, kFloatTypes | kHalfTypes); }

Status MeanRun(const RunContext& ctx) {
  return DispatchFloatOrHalf(ctx.input(0).dtype, [&](auto tag) {
    using T = decltype(tag);
    using C = ComputeType<T>;
    RETURN_IF_ERROR(
        RunVariadic<T>(ctx, [](T a, T b) { return static_cast<C>(a) + static_cast<C>(b); }));
    T* out = ctx.output(0).data_as<T>();
    const C count = static_cast<C>(ctx.inputs.size());
    const int64_t n = ctx.output(0).num_elements();
    for (int64_t i = 0; i < n; ++i) out[i] = static_cast<T>(static_cast<C>(out[i]) / count);
    return Status::Ok();
  });
}

}  // namespace onyx::kernels::ref
