// Equal: A == B elementwise as bool, with numpy broadcasting from opset 7
// and the legacy broadcast/axis attributes before (binary_util.h). NaN equals
// nothing; float16 and bfloat16 compare as float. Strings are not supported
// yet.

#include "kernels/ref/internal/binary_util.h"
#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status EqualPrepare(PrepareContext& ctx) {
  return PrepareBinary(ctx,
                       {kNumericTypes | kHalfTypes | DTypeBit(DType::kBool), true, DType::kBool});
}

Status EqualRun(const RunContext& ctx) {
  return DispatchAllOrHalf(ctx.input(0).dtype, [&](auto tag) {
    using T = decltype(tag);
    using C = ComputeType<T>;
    return RunBinary<T, T, bool>(ctx,
                                 [](T a, T b) { return static_cast<C>(a) == static_cast<C>(b); });
  });
}

}  // namespace onyx::kernels::ref
