// Pow: X raised to Y elementwise, with numpy broadcasting from opset 7 and the
// legacy broadcast/axis attributes before (binary_util.h). Through opset 11
// both inputs share a float type; from 12 the base may also be int32/int64
// and the exponent any numeric type (bfloat16 from 13 and 15), and the output
// has the base's type, as np.power(x, y).astype(x.dtype).
//
// Float bases compute in float when both sides are float, float16 or
// bfloat16, else in double. Integer bases with integer exponents multiply
// exactly, wrapping modulo 2^bits; a negative exponent gives the truncated
// reciprocal (1, -1 or 0; 0 for a zero base, where ONNX leaves it
// undefined). Integer bases with float exponents truncate pow() in double.

#include <cmath>
#include <type_traits>

#include "kernels/ref/internal/binary_util.h"
#include "kernels/ref/internal/cast_util.h"
#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

constexpr uint64_t kBaseTypes =
    kFloatTypes | kHalfTypes | DTypeBit(DType::kInt32) | DTypeBit(DType::kInt64);

template <typename T>
T IntPow(T base, int64_t exp) {
  if (exp < 0) {
    if (base == 1) return T(1);
    if (base == T(-1)) return (exp & 1) ? T(-1) : T(1);
    return T(0);
  }
  using U = WrapType<T>;
  U result = 1, b = static_cast<U>(base);
  for (auto e = static_cast<uint64_t>(exp); e != 0; e >>= 1) {
    if (e & 1) result *= b;
    b *= b;
  }
  return static_cast<T>(result);
}

template <typename T, typename E>
T Power(T x, E y) {
  if constexpr (kIsFloatLike<T>) {
    constexpr bool kSingle =
        !std::is_same_v<T, double> && kIsFloatLike<E> && !std::is_same_v<E, double>;
    if constexpr (kSingle) {
      return static_cast<T>(std::pow(static_cast<float>(x), static_cast<float>(y)));
    } else {
      return static_cast<T>(std::pow(static_cast<double>(x), static_cast<double>(y)));
    }
  } else if constexpr (kIsFloatLike<E>) {
    return static_cast<T>(
        DoubleToIntBits(std::pow(static_cast<double>(x), static_cast<double>(y))));
  } else {
    // A uint64 exponent past int64's range only matters for bases 0, 1 and
    // -1, which it treats as the even exponent it is when clamped.
    int64_t e = static_cast<int64_t>(y);
    if constexpr (std::is_unsigned_v<E>) {
      if (static_cast<uint64_t>(y) > static_cast<uint64_t>(INT64_MAX)) e = INT64_MAX - 1;
    }
    return IntPow(x, e);
  }
}

}  // namespace

Status PowPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(2, 2));
  const bool mixed = ctx.node().opset >= 12;
  RETURN_IF_ERROR(ExpectDType(ctx, 0, mixed ? kBaseTypes : kFloatTypes | kHalfTypes));
  if (mixed) {
    const uint64_t exponent_types = ctx.node().opset < 15
                                        ? kNumericTypes | DTypeBit(DType::kFloat16)
                                        : kNumericTypes | kHalfTypes;
    RETURN_IF_ERROR(ExpectDType(ctx, 1, exponent_types));
  }
  BinaryOptions options;
  options.same_dtype = !mixed;
  return PrepareBinary(ctx, options);
}

Status PowRun(const RunContext& ctx) {
  return DispatchNumericOrHalf(ctx.input(0).dtype, [&](auto base_tag) {
    using T = decltype(base_tag);
    if constexpr (kIsFloatLike<T> || std::is_same_v<T, int32_t> || std::is_same_v<T, int64_t>) {
      return DispatchNumericOrHalf(ctx.input(1).dtype, [&](auto exp_tag) {
        using E = decltype(exp_tag);
        return RunBinary<T, E, T>(ctx, Power<T, E>);
      });
    } else {
      return MakeError(StatusCode::kUnsupported, "dtype ", DTypeName(ctx.input(0).dtype),
                       " is not a Pow base");
    }
  });
}

}  // namespace onyx::kernels::ref
