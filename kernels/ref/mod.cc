// Mod: the remainder of A / B elementwise, with numpy broadcasting.
//
// fmod=0 (default) rounds the quotient down, as Python's % and np.mod: the
// result takes B's sign. Before opset 28 only integers may use it; opset 28
// extends it to floats with the spec's special cases (a zero result takes
// B's sign, x mod +-inf is x or B by sign). fmod=1 truncates, as C's fmod:
// the result takes A's sign. float16 and bfloat16 compute in float.
//
// An integer remainder by zero is undefined in ONNX; here it is 0, so that a
// bad input cannot kill the process with SIGFPE (INT_MIN % -1 is 0 too).

#include <cmath>
#include <type_traits>

#include "kernels/ref/internal/binary_util.h"
#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct ModState {
  BroadcastPlan plan;
  bool fmod = false;
};

template <typename T>
T TruncMod(T a, T b) {
  if constexpr (kIsFloatLike<T>) {
    using C = ComputeType<T>;
    return static_cast<T>(std::fmod(static_cast<C>(a), static_cast<C>(b)));
  } else {
    if (b == 0) return T(0);
    if constexpr (std::is_signed_v<T>) {
      if (b == T(-1)) return T(0);
    }
    return static_cast<T>(a % b);
  }
}

template <typename T>
T FloorMod(T a, T b) {
  if constexpr (kIsFloatLike<T>) {
    using C = ComputeType<T>;
    const C x = static_cast<C>(a), y = static_cast<C>(b);
    C r = std::fmod(x, y);
    if (r != 0) {
      if ((r < 0) != (y < 0)) r += y;
    } else if (!std::isnan(r)) {
      r = std::copysign(C(0), y);
    }
    return static_cast<T>(r);
  } else {
    const T r = TruncMod(a, b);
    if constexpr (std::is_signed_v<T>) {
      if (r != 0 && ((r < 0) != (b < 0))) return static_cast<T>(r + b);
    }
    return r;
  }
}

}  // namespace

Status ModPrepare(PrepareContext& ctx) {
  auto* state = ctx.EmplaceState<ModState>();
  ASSIGN_OR_RETURN(state->fmod, BoolAttr(ctx.attrs(), "fmod", false));
  RETURN_IF_ERROR(PrepareBinary(ctx, {kNumericTypes | kHalfTypes}, &state->plan));
  const ValueInfo& a = ctx.input(0);
  const bool is_float = (DTypeBit(a.dtype) & (kFloatTypes | kHalfTypes)) != 0;
  RETURN_ERROR_IF(is_float && !state->fmod && ctx.node().opset < 28, StatusCode::kInvalidModel,
                  "attribute 'fmod' must be 1 for input '", a.name, "' of dtype ",
                  DTypeName(a.dtype), " before opset 28 (expected 1, got 0)");
  return Status::Ok();
}

Status ModRun(const RunContext& ctx) {
  const ModState& s = ctx.state<ModState>();
  return DispatchNumericOrHalf(ctx.input(0).dtype, [&](auto tag) {
    using T = decltype(tag);
    return s.fmod ? RunBinary<T, T, T>(ctx, s.plan, TruncMod<T>)
                  : RunBinary<T, T, T>(ctx, s.plan, FloorMod<T>);
  });
}

}  // namespace onyx::kernels::ref
