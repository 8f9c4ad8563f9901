// Div: elementwise quotient with numpy broadcasting (opset 7+; the legacy
// `broadcast`/`axis` attributes of opsets 1 and 6 are not supported, as for Add).
//
// Floats follow IEEE 754 (x/0 is +-inf, 0/0 is NaN). Integers truncate toward
// zero as C does. ONNX leaves integer division by zero undefined; here it
// yields 0 so that a bad input cannot kill the process with SIGFPE, and
// INT_MIN / -1 wraps to INT_MIN for the same reason.

#include <type_traits>

#include "kernels/ref/internal/broadcast.h"
#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

template <typename T>
T SafeDiv(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    return a / b;
  } else {
    if (b == 0) return T(0);
    if constexpr (std::is_signed_v<T>) {
      using U = std::conditional_t<sizeof(T) <= 4, uint32_t, uint64_t>;
      if (b == T(-1)) return static_cast<T>(U(0) - static_cast<U>(a));
    }
    return static_cast<T>(a / b);
  }
}

}  // namespace

Status DivPrepare(PrepareContext& ctx) { return PrepareBroadcastBinary(ctx); }

Status DivRun(const RunContext& ctx) {
  return DispatchNumeric(ctx.input(0).dtype, [&](auto tag) {
    using T = decltype(tag);
    BroadcastBinary<T, T>(ctx.input(0), ctx.input(1), ctx.output(0), SafeDiv<T>);
    return Status::Ok();
  });
}

}  // namespace onyx::kernels::ref
