#pragma once

// Shared by the elementwise math and activation kernels (Abs, Exp, Elu, ...):
// their dtype sets, a Prepare that checks the dtype, and Runs that evaluate a
// scalar function with float16 and bfloat16 computed in float (one rounding
// when the result is stored back, as ONNX's float32-then-cast reference does).

#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "kernels/api/kernel.h"
#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/internal/unary.h"
#include "runtime/core/dtype.h"

namespace onyx::kernels::ref {

// float, double, float16: most float ops before bfloat16 was added.
constexpr uint64_t kUnaryLegacyFloatTypes = kFloatTypes | DTypeBit(DType::kFloat16);
// float, double, float16, bfloat16.
constexpr uint64_t kUnaryFloatTypes = kFloatTypes | kHalfTypes;
constexpr uint64_t kUnarySignedIntTypes = DTypeBit(DType::kInt8) | DTypeBit(DType::kInt16) |
                                          DTypeBit(DType::kInt32) | DTypeBit(DType::kInt64);
// Every integer type and the legacy float types (Abs 6, Sign 9, Erf 9, Shrink).
constexpr uint64_t kUnaryLegacyNumericTypes = kUnaryLegacyFloatTypes | kIntTypes;
// Every integer and float type (Abs 13, Sign 13).
constexpr uint64_t kUnaryNumericTypes = kNumericTypes | kHalfTypes;
// The 8-bit float types, which IsNaN and IsInf classify by their bits.
constexpr uint64_t kUnaryFloat8Types =
    DTypeBit(DType::kFloat8E4M3FN) | DTypeBit(DType::kFloat8E4M3FNUZ) |
    DTypeBit(DType::kFloat8E5M2) | DTypeBit(DType::kFloat8E5M2FNUZ);

// The type a value of T is computed in: float for the 16-bit float types.
template <typename T>
using ComputeType =
    std::conditional_t<std::is_same_v<T, Float16> || std::is_same_v<T, BFloat16>, float, T>;

// One input, one output of its dtype and shape; kUnsupported unless the
// input's dtype is in `allowed` (the union over opsets: the registry already
// filters per opset).
inline Status PrepareUnaryOf(PrepareContext& ctx, uint64_t allowed) {
  RETURN_IF_ERROR(PrepareUnary(ctx));
  return ExpectDType(ctx, 0, allowed);
}

// out[i] = op(in[i]) for `op` generic over the compute type, for every dtype
// `dispatch` (DispatchFloatOrHalf, DispatchNumericOrHalf, ...) accepts.
template <typename Op, typename Dispatch>
Status RunUnaryWith(const RunContext& ctx, Dispatch dispatch, Op op) {
  return dispatch(ctx.input(0).dtype, [&](auto tag) {
    using T = decltype(tag);
    using C = ComputeType<T>;
    return ApplyUnary<T>(ctx, [&](T x) { return static_cast<T>(op(static_cast<C>(x))); });
  });
}

// float, double, float16 and bfloat16.
template <typename Op>
Status RunUnaryFloat(const RunContext& ctx, Op op) {
  return RunUnaryWith(ctx, [](DType d, auto&& f) { return DispatchFloatOrHalf(d, f); }, op);
}

// Every integer and float type.
template <typename Op>
Status RunUnaryNumeric(const RunContext& ctx, Op op) {
  return RunUnaryWith(ctx, [](DType d, auto&& f) { return DispatchNumericOrHalf(d, f); }, op);
}

// The float attributes of an activation, read in Prepare and kept as state.
struct ActivationParams {
  float alpha = 0;
  float beta = 0;
  float gamma = 0;
};

// PrepareUnaryOf, then `params` kept as the node's state.
inline Status PrepareActivation(PrepareContext& ctx, uint64_t allowed,
                                const ActivationParams& params) {
  RETURN_IF_ERROR(PrepareUnaryOf(ctx, allowed));
  ctx.EmplaceState<ActivationParams>(params);
  return Status::Ok();
}

// 1 / (1 + e^-x) without overflow: exp only ever sees a non-positive argument,
// so large |x| gives 0 or 1 smoothly. NaN falls to the second branch and stays NaN.
template <typename C>
C StableSigmoid(C x) {
  if (x >= C(0)) return C(1) / (C(1) + std::exp(-x));
  const C e = std::exp(x);
  return e / (C(1) + e);
}

// min(max(v, 0), 1), keeping NaN (numpy.clip does; std::min would not).
template <typename C>
C ClampUnit(C v) {
  if (v < C(0)) return C(0);
  if (v > C(1)) return C(1);
  return v;
}

// log(1 + e^x) (Softplus, Mish) without overflow: for x > 0 it is
// x + log(1 + e^-x), whose exp cannot overflow. NaN stays NaN.
template <typename C>
C StableSoftplus(C x) {
  if (x > C(0)) return x + std::log1p(std::exp(-x));
  return std::log1p(std::exp(x));
}

// What IsNaN and IsInf ask of a value.
enum class FloatClass { kFinite, kNaN, kPositiveInf, kNegativeInf };

template <typename C>
FloatClass Classify(C x) {
  if (std::isnan(x)) return FloatClass::kNaN;
  if (std::isinf(x)) return x > C(0) ? FloatClass::kPositiveInf : FloatClass::kNegativeInf;
  return FloatClass::kFinite;
}

// The class of the 8-bit float `b` of `dtype`, from its bits: E4M3FN's NaN is
// S.1111.111 and it has no infinity; E5M2 is IEEE-like (exponent 11111:
// infinity with a zero mantissa, else NaN); the FNUZ types' only NaN is 0x80.
inline FloatClass ClassifyFloat8(DType dtype, uint8_t b) {
  switch (dtype) {
    case DType::kFloat8E4M3FN:
      return (b & 0x7fu) == 0x7fu ? FloatClass::kNaN : FloatClass::kFinite;
    case DType::kFloat8E5M2:
      if ((b & 0x7cu) != 0x7cu) return FloatClass::kFinite;
      if ((b & 0x03u) != 0) return FloatClass::kNaN;
      return (b & 0x80u) != 0 ? FloatClass::kNegativeInf : FloatClass::kPositiveInf;
    default:  // kFloat8E4M3FNUZ, kFloat8E5M2FNUZ.
      return b == 0x80u ? FloatClass::kNaN : FloatClass::kFinite;
  }
}

// One input of a dtype in `allowed`, one bool output of its shape.
inline Status PrepareClassify(PrepareContext& ctx, uint64_t allowed) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, 1));
  RETURN_IF_ERROR(ExpectDType(ctx, 0, allowed));
  ctx.SetOutput(0, DType::kBool, ctx.input(0).dims);
  return Status::Ok();
}

// out[i] = pred(class of in[i]) for the float, 16-bit float and 8-bit float types.
template <typename Pred>
Status RunClassify(const RunContext& ctx, Pred pred) {
  const DType dtype = ctx.input(0).dtype;
  bool* out = ctx.output(0).data_as<bool>();
  const int64_t n = ctx.input(0).num_elements();
  if ((kUnaryFloat8Types & DTypeBit(dtype)) != 0) {
    const uint8_t* in = ctx.input(0).data_as<const uint8_t>();
    for (int64_t i = 0; i < n; ++i) out[i] = pred(ClassifyFloat8(dtype, in[i]));
    return Status::Ok();
  }
  return DispatchFloatOrHalf(dtype, [&](auto tag) {
    using T = decltype(tag);
    const T* in = ctx.input(0).data_as<const T>();
    for (int64_t i = 0; i < n; ++i) out[i] = pred(Classify(static_cast<ComputeType<T>>(in[i])));
    return Status::Ok();
  });
}

// A double result stored into an integer type as numpy's astype does on
// common hardware: truncated toward zero, wrapping modulo 2^bits; NaN gives 0.
template <typename T>
T IntFromDouble(double v) {
  if (std::isnan(v)) return T(0);
  if (v >= 9.2233720368547758e18) return std::numeric_limits<T>::max();
  if (v <= -9.2233720368547758e18) return std::numeric_limits<T>::min();
  return static_cast<T>(static_cast<int64_t>(v));
}

// -x with two's complement wrap-around (numpy: -(-128) is -128 for int8);
// negating the most negative signed value is undefined behaviour in C++.
template <typename T>
T WrappingNeg(T x) {
  if constexpr (std::is_integral_v<T>) {
    using U = std::make_unsigned_t<T>;
    return static_cast<T>(static_cast<U>(U(0) - static_cast<U>(x)));
  } else {
    return -x;
  }
}

}  // namespace onyx::kernels::ref
