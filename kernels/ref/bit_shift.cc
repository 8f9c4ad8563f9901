// BitShift: X shifted by Y bits, left or right by attribute `direction`
// (required), with numpy broadcasting. Opset 11 takes unsigned integers;
// opset 28 adds the signed ones, whose right shift is arithmetic (it copies
// the sign bit) and whose left shift discards the bits pushed past the sign.
// A shift that is negative or not less than the width yields what the sign
// extension alone gives: -1 for a right shift of a negative X, else 0. Opset
// 11 leaves that case undefined; the same rule applies there.

#include <limits>
#include <string>
#include <type_traits>

#include "kernels/ref/internal/binary_util.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct BitShiftState {
  BroadcastPlan plan;
  bool left = false;
};

template <typename T>
bool ShiftInRange(T y) {
  if constexpr (std::is_signed_v<T>) {
    if (y < 0) return false;
  }
  return static_cast<uint64_t>(y) < sizeof(T) * 8;
}

template <typename T>
T ShiftLeft(T x, T y) {
  using U = std::make_unsigned_t<T>;
  if (!ShiftInRange(y)) return T(0);
  // Shift as unsigned of at least int's width: no promotion to signed int.
  return static_cast<T>(static_cast<WrapType<T>>(static_cast<U>(x)) << static_cast<int>(y));
}

template <typename T>
T ShiftRight(T x, T y) {
  if (!ShiftInRange(y)) return x < 0 ? T(-1) : T(0);  // x < 0 is false for unsigned T.
  return static_cast<T>(x >> static_cast<int>(y));    // Arithmetic for signed T.
}

}  // namespace

Status BitShiftPrepare(PrepareContext& ctx) {
  const Attribute* direction = ctx.attrs().Find("direction");
  RETURN_ERROR_IF(direction == nullptr, StatusCode::kInvalidModel,
                  "attribute 'direction' is required (expected LEFT or RIGHT, got none)");
  RETURN_IF_ERROR(CheckAttrType(*direction, AttrType::kString));
  RETURN_ERROR_IF(direction->s != "LEFT" && direction->s != "RIGHT", StatusCode::kInvalidModel,
                  "attribute 'direction' (expected LEFT or RIGHT, got '", direction->s, "')");
  auto* state = ctx.EmplaceState<BitShiftState>();
  state->left = direction->s == "LEFT";
  return PrepareBinary(ctx, {kIntTypes}, &state->plan);
}

Status BitShiftRun(const RunContext& ctx) {
  const BitShiftState& s = ctx.state<BitShiftState>();
  return DispatchInteger(ctx.input(0).dtype, [&](auto tag) {
    using T = decltype(tag);
    return s.left ? RunBinary<T, T, T>(ctx, s.plan, ShiftLeft<T>)
                  : RunBinary<T, T, T>(ctx, s.plan, ShiftRight<T>);
  });
}

}  // namespace onyx::kernels::ref
