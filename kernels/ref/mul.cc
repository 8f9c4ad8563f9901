// Mul: elementwise product with numpy broadcasting (opset 7+; the legacy
// `broadcast`/`axis` attributes of opsets 1 and 6 are not supported, as for Add).
// Integers wrap modulo 2^bits instead of overflowing, which C++ leaves undefined.

#include <type_traits>

#include "kernels/ref/internal/broadcast.h"
#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

template <typename T>
T WrappingMul(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    return a * b;
  } else {
    // uint16 * uint16 would promote to int and overflow it; multiply unsigned.
    using U = std::conditional_t<sizeof(T) <= 4, uint32_t, uint64_t>;
    return static_cast<T>(static_cast<U>(a) * static_cast<U>(b));
  }
}

}  // namespace

Status MulPrepare(PrepareContext& ctx) { return PrepareBroadcastBinary(ctx); }

Status MulRun(const RunContext& ctx) {
  return DispatchNumeric(ctx.input(0).dtype, [&](auto tag) {
    using T = decltype(tag);
    BroadcastBinary<T, T>(ctx.input(0), ctx.input(1), ctx.output(0), WrappingMul<T>);
    return Status::Ok();
  });
}

}  // namespace onyx::kernels::ref
