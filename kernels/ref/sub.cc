// Sub: elementwise difference with numpy broadcasting (opset 7+; the legacy
// `broadcast`/`axis` attributes of opsets 1 and 6 are not supported, as for Add).
// Integers wrap modulo 2^bits instead of overflowing, which C++ leaves undefined.

#include <type_traits>

#include "kernels/ref/internal/broadcast.h"
#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

template <typename T>
T WrappingSub(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    return a - b;
  } else {
    // Unsigned arithmetic of at least int's width: no promotion to signed int.
    using U = std::conditional_t<sizeof(T) <= 4, uint32_t, uint64_t>;
    return static_cast<T>(static_cast<U>(a) - static_cast<U>(b));
  }
}

}  // namespace

Status SubPrepare(PrepareContext& ctx) { return PrepareBroadcastBinary(ctx); }

Status SubRun(const RunContext& ctx) {
  return DispatchNumeric(ctx.input(0).dtype, [&](auto tag) {
    using T = decltype(tag);
    BroadcastBinary<T, T>(ctx.input(0), ctx.input(1), ctx.output(0), WrappingSub<T>);
    return Status::Ok();
  });
}

}  // namespace onyx::kernels::ref
