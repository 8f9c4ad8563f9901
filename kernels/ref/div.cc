// Div: elementwise quotient. Opsets 1 and 6 broadcast B onto A only under the
// legacy `broadcast`/`axis` attributes (binary_util.h); opset 7 on, numpy
// broadcasting.
//
// Floats follow IEEE 754 (x/0 is +-inf, 0/0 is NaN); float16 and bfloat16
// divide in float and round back. Integers truncate toward zero as C does.
// ONNX leaves integer division by zero undefined; here it yields 0 so that a
// bad input cannot kill the process with SIGFPE, and INT_MIN / -1 wraps to
// INT_MIN for the same reason.

#include <type_traits>

#include "kernels/ref/internal/binary_util.h"
#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

template <typename T>
T SafeDiv(T a, T b) {
  if constexpr (kIsFloatLike<T>) {
    return static_cast<T>(a / b);
  } else {
    if (b == 0) return T(0);
    if constexpr (std::is_signed_v<T>) {
      using U = WrapType<T>;
      if (b == T(-1)) return static_cast<T>(U(0) - static_cast<U>(a));
    }
    return static_cast<T>(a / b);
  }
}

}  // namespace

Status DivPrepare(PrepareContext& ctx) { return PrepareBinary(ctx, {kNumericTypes | kHalfTypes}); }

Status DivRun(const RunContext& ctx) {
  return DispatchNumericOrHalf(ctx.input(0).dtype, [&](auto tag) {
    using T = decltype(tag);
    return RunBinary<T, T, T>(ctx, SafeDiv<T>);
  });
}

}  // namespace onyx::kernels::ref
