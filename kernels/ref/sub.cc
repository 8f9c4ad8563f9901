// Sub: elementwise difference. Opsets 1 and 6 broadcast B onto A only under
// the legacy `broadcast`/`axis` attributes (binary_util.h); opset 7 on, numpy
// broadcasting. float16 and bfloat16 subtract in float and round back;
// integers wrap modulo 2^bits instead of overflowing, which C++ leaves
// undefined.

#include "kernels/ref/internal/binary_util.h"
#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

template <typename T>
T WrappingSub(T a, T b) {
  if constexpr (kIsFloatLike<T>) {
    return static_cast<T>(a - b);
  } else {
    return static_cast<T>(static_cast<WrapType<T>>(a) - static_cast<WrapType<T>>(b));
  }
}

}  // namespace

Status SubPrepare(PrepareContext& ctx) { return PrepareBinary(ctx, {kNumericTypes | kHalfTypes}); }

Status SubRun(const RunContext& ctx) {
  return DispatchNumericOrHalf(ctx.input(0).dtype, [&](auto tag) {
    using T = decltype(tag);
    return RunBinary<T, T, T>(ctx, WrappingSub<T>);
  });
}

}  // namespace onyx::kernels::ref
