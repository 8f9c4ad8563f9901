#pragma once

// Element conversions of Cast and CastLike between every dtype onyx holds:
// the IEEE types, float16 and bfloat16, the float8 family (E4M3FN, E4M3FNUZ,
// E5M2, E5M2FNUZ, E8M0), float4 E2M1, float6 E2M3 and E3M2, and the sub-byte
// integers (int4, uint4, int2, uint2), which sit unpacked one per byte in the
// low bits as in ml_dtypes (high bits are ignored on read, zero on write).
//
// Each element goes through a canonical value: a double for floating-point
// sources (exact for all of them), the 64-bit two's-complement pattern for
// integers and bool. The rules are the Cast spec's, matching onnx's reference
// (numpy, ml_dtypes, onnx.numpy_helper):
//   - to a float type: round to nearest even. For the float8 types with
//     `saturate` (the default), out-of-range values and infinities become
//     +-max; without it they become NaN, or +-inf for E5M2 (the spec's two
//     tables). float4/float6 have no inf or NaN and always saturate; a NaN
//     becomes a zero whose sign is the NaN's flipped, as in ml_dtypes.
//     float16/bfloat16 overflow to +-inf.
//   - to float8e8m0: onnx.numpy_helper.to_float8e8m0 on the float32 value
//     (round_mode up/down/nearest, `saturate` stops at the largest exponent).
//   - from float to an integer type: truncation toward zero; NaN gives 0 and
//     values beyond 64 bits clamp (the spec leaves these undefined), then as
//     for integers:
//   - from integer to integer: keep the low bits (200 as int16 -> -56 as int8).
//   - to bool: nonzero (and NaN) is true.
//   - to string: numpy's str() of the value, as onnx's reference does
//     (x.astype(str)): integers in decimal, bool as True/False, floats in the
//     shortest form that reads back to the same value of the source type,
//     positional for 1e-4 <= |x| < 1e16 for double, 1e6 for float, 1e3 for
//     the 16-bit and smaller floats ("100.0", "0.25"), scientific otherwise
//     ("1e-05", "1.5e+16"), and "inf", "-inf", "nan".
//   - from string: the spec's numeric literals ("3.14", "1e-5", "1E8", "INF",
//     "+inf", "-INF", "NaN", case-insensitive), then as from double; integer
//     targets read integer literals exactly. A string that is not a number
//     is an error naming it (the spec leaves it undefined).

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>

#include "kernels/api/kernel.h"
#include "kernels/ref/internal/prepare_util.h"
#include "runtime/core/dtype.h"
#include "runtime/core/half.h"

namespace onyx::kernels::ref {

// The dtypes Cast accepts at `opset` (for both input and `to`).
constexpr uint64_t CastTypes(int opset) {
  uint64_t t = DTypeBit(DType::kString) | DTypeBit(DType::kFloat32) | DTypeBit(DType::kFloat64) | DTypeBit(DType::kFloat16) |
               DTypeBit(DType::kInt8) | DTypeBit(DType::kInt16) | DTypeBit(DType::kInt32) |
               DTypeBit(DType::kInt64) | DTypeBit(DType::kUInt8) | DTypeBit(DType::kUInt16) |
               DTypeBit(DType::kUInt32) | DTypeBit(DType::kUInt64) | DTypeBit(DType::kBool);
  if (opset >= 13) t |= DTypeBit(DType::kBFloat16);
  if (opset >= 19) {
    t |= DTypeBit(DType::kFloat8E4M3FN) | DTypeBit(DType::kFloat8E4M3FNUZ) |
         DTypeBit(DType::kFloat8E5M2) | DTypeBit(DType::kFloat8E5M2FNUZ);
  }
  if (opset >= 21) t |= DTypeBit(DType::kInt4) | DTypeBit(DType::kUInt4);
  if (opset >= 23) t |= DTypeBit(DType::kFloat4E2M1);
  if (opset >= 24) t |= DTypeBit(DType::kFloat8E8M0);
  if (opset >= 25) t |= DTypeBit(DType::kInt2) | DTypeBit(DType::kUInt2);
  if (opset >= 28) t |= DTypeBit(DType::kFloat6E2M3) | DTypeBit(DType::kFloat6E3M2);
  return t;
}

// How a small float format spends its top exponent and its -0.
enum class MiniSpecials : uint8_t {
  kIeee,    // All-ones exponent: inf (mantissa 0) or NaN. float16, bfloat16, E5M2.
  kFn,      // No inf; only S.1111.111 is NaN. E4M3FN.
  kFnuz,    // No inf, no -0; 0x80 is the one NaN. E4M3FNUZ, E5M2FNUZ.
  kFinite,  // No inf, no NaN. float4 E2M1, float6.
};

struct MiniFloat {
  int exp_bits;
  int man_bits;
  int bias;
  MiniSpecials specials;
};

constexpr MiniFloat kF16Format{5, 10, 15, MiniSpecials::kIeee};
constexpr MiniFloat kBF16Format{8, 7, 127, MiniSpecials::kIeee};
constexpr MiniFloat kE4M3FN{4, 3, 7, MiniSpecials::kFn};
constexpr MiniFloat kE4M3FNUZ{4, 3, 8, MiniSpecials::kFnuz};
constexpr MiniFloat kE5M2{5, 2, 15, MiniSpecials::kIeee};
constexpr MiniFloat kE5M2FNUZ{5, 2, 16, MiniSpecials::kFnuz};
constexpr MiniFloat kE2M1{2, 1, 1, MiniSpecials::kFinite};
constexpr MiniFloat kE2M3{2, 3, 1, MiniSpecials::kFinite};
constexpr MiniFloat kE3M2{3, 2, 3, MiniSpecials::kFinite};

// The bits of the largest finite value (without sign).
inline uint32_t MiniMaxBits(const MiniFloat& f) {
  const uint32_t exp_max = (1u << f.exp_bits) - 1, man_max = (1u << f.man_bits) - 1;
  switch (f.specials) {
    case MiniSpecials::kIeee:
      return ((exp_max - 1) << f.man_bits) | man_max;
    case MiniSpecials::kFn:
      return (exp_max << f.man_bits) | (man_max - 1);
    default:
      return (exp_max << f.man_bits) | man_max;
  }
}

inline double DecodeMini(uint32_t bits, const MiniFloat& f) {
  const int width = 1 + f.exp_bits + f.man_bits;
  bits &= (1u << width) - 1;
  const bool neg = (bits >> (width - 1)) & 1u;
  const uint32_t exp_max = (1u << f.exp_bits) - 1, man_max = (1u << f.man_bits) - 1;
  const uint32_t exp = (bits >> f.man_bits) & exp_max;
  const uint32_t man = bits & man_max;
  const double nan = std::copysign(std::numeric_limits<double>::quiet_NaN(), neg ? -1.0 : 1.0);
  switch (f.specials) {
    case MiniSpecials::kIeee:
      if (exp == exp_max) return man != 0 ? nan : (neg ? -HUGE_VAL : HUGE_VAL);
      break;
    case MiniSpecials::kFn:
      if (exp == exp_max && man == man_max) return nan;
      break;
    case MiniSpecials::kFnuz:
      if (bits == 1u << (width - 1)) return std::numeric_limits<double>::quiet_NaN();
      break;
    case MiniSpecials::kFinite:
      break;
  }
  const double v =
      exp == 0 ? std::ldexp(man, 1 - f.bias - f.man_bits)
               : std::ldexp(man | (1u << f.man_bits), static_cast<int>(exp) - f.bias - f.man_bits);
  return neg ? -v : v;
}

// `x` rounded to nearest even into format `f`. `saturate` sends overflow to
// +-max instead of inf/NaN; kFinite formats always saturate.
inline uint32_t EncodeMini(double x, const MiniFloat& f, bool saturate) {
  const int width = 1 + f.exp_bits + f.man_bits;
  const uint32_t sign_bit = 1u << (width - 1);
  const bool neg = std::signbit(x);
  const uint32_t sign = neg ? sign_bit : 0u;
  const uint32_t exp_max = (1u << f.exp_bits) - 1, man_max = (1u << f.man_bits) - 1;
  if (std::isnan(x)) {
    switch (f.specials) {
      case MiniSpecials::kIeee:
        return sign | (exp_max << f.man_bits) | (1u << (f.man_bits - 1));
      case MiniSpecials::kFn:
        return sign | (exp_max << f.man_bits) | man_max;
      case MiniSpecials::kFnuz:
        return sign_bit;
      case MiniSpecials::kFinite:
        return neg ? 0u : sign_bit;
    }
  }
  auto overflow = [&]() -> uint32_t {
    if (saturate || f.specials == MiniSpecials::kFinite) return sign | MiniMaxBits(f);
    switch (f.specials) {
      case MiniSpecials::kIeee:
        return sign | (exp_max << f.man_bits);
      case MiniSpecials::kFn:
        return sign | (exp_max << f.man_bits) | man_max;
      default:
        return sign_bit;
    }
  };
  const uint32_t zero = f.specials == MiniSpecials::kFnuz ? 0u : sign;
  const double a = std::fabs(x);
  if (std::isinf(a)) return overflow();
  if (a == 0) return zero;
  int e2 = 0;
  std::frexp(a, &e2);  // a = m * 2^e2 with m in [0.5, 1).
  const int exp_unbiased = e2 - 1;
  const int min_exp = 1 - f.bias;
  const int quantum = (exp_unbiased < min_exp ? min_exp : exp_unbiased) - f.man_bits;
  const double q = std::ldexp(a, -quantum);  // Exact: a power-of-two scale.
  double r = std::floor(q);
  const double frac = q - r;
  if (frac > 0.5 || (frac == 0.5 && std::fmod(r, 2.0) != 0)) r += 1;
  if (r == 0) return zero;
  const double max = DecodeMini(MiniMaxBits(f), f);
  if (std::ldexp(r, quantum) > max) return overflow();
  auto m = static_cast<uint32_t>(r);
  // A subnormal that rounds up to 2^man_bits lands on the smallest normal
  // encoding by itself; a normal that rounds up to 2^(man_bits+1) moves up
  // one exponent.
  if (exp_unbiased < min_exp) return sign | m;
  int exp = exp_unbiased;
  if (m == 2u << f.man_bits) {
    m >>= 1;
    ++exp;
  }
  return sign | (static_cast<uint32_t>(exp + f.bias) << f.man_bits) | (m & man_max);
}

enum class E8M0Round : uint8_t { kUp, kDown, kNearest };

// onnx.numpy_helper.to_float8e8m0: keeps the float32 exponent, rounded by
// `round` on the mantissa; NaN and inf give 0xFF; the sign is ignored.
inline uint8_t EncodeE8M0(float x, bool saturate, E8M0Round round) {
  const uint32_t bits = FloatBits(x);
  uint32_t exp = (bits >> 23) & 0xFFu;
  if (exp == 0xFFu) return 0xFF;
  bool up = false;
  if (round == E8M0Round::kNearest) {
    const bool g = bits & 0x400000u, r = bits & 0x200000u, s = bits & 0x1FFFFFu;
    up = g && (r || s || exp > 0);
  } else if (round == E8M0Round::kUp) {
    up = (bits & 0x7FFFFFu) != 0;
  }
  if (up && !(saturate && exp == 0xFEu)) ++exp;
  return static_cast<uint8_t>(exp);
}

inline double DecodeE8M0(uint8_t bits) {
  return bits == 0xFF ? std::numeric_limits<double>::quiet_NaN() : std::ldexp(1.0, bits - 127);
}

// float -> integer bits: truncation toward zero, NaN -> 0, clamped to the
// 64-bit ranges; the caller keeps the low bits.
inline uint64_t DoubleToIntBits(double x) {
  if (std::isnan(x)) return 0;
  if (x >= 18446744073709551616.0) return std::numeric_limits<uint64_t>::max();
  if (x >= 9223372036854775808.0) return static_cast<uint64_t>(x);
  if (x <= -9223372036854775808.0) return uint64_t{1} << 63;
  return static_cast<uint64_t>(static_cast<int64_t>(x));
}

// float16 and bfloat16 from a double: the fast float path when the double is
// a float already (rounding once either way), the exact one otherwise.
inline Float16 Float16FromDouble(double d) {
  const float f = static_cast<float>(d);
  if (static_cast<double>(f) == d || std::isnan(d)) return Float16(f);
  return Float16::FromBits(static_cast<uint16_t>(EncodeMini(d, kF16Format, false)));
}

inline BFloat16 BFloat16FromDouble(double d) {
  const float f = static_cast<float>(d);
  if (static_cast<double>(f) == d || std::isnan(d)) return BFloat16(f);
  return BFloat16::FromBits(static_cast<uint16_t>(EncodeMini(d, kBF16Format, false)));
}

// The format of a small float dtype, or nullptr for the others.
inline const MiniFloat* MiniFormat(DType dtype) {
  switch (dtype) {
    case DType::kFloat8E4M3FN:
      return &kE4M3FN;
    case DType::kFloat8E4M3FNUZ:
      return &kE4M3FNUZ;
    case DType::kFloat8E5M2:
      return &kE5M2;
    case DType::kFloat8E5M2FNUZ:
      return &kE5M2FNUZ;
    case DType::kFloat4E2M1:
      return &kE2M1;
    case DType::kFloat6E2M3:
      return &kE2M3;
    case DType::kFloat6E3M2:
      return &kE3M2;
    default:
      return nullptr;
  }
}

// Bits of a sub-byte integer dtype (4 or 2), 0 for the others.
inline int SubByteIntBits(DType dtype) {
  switch (dtype) {
    case DType::kInt4:
    case DType::kUInt4:
      return 4;
    case DType::kInt2:
    case DType::kUInt2:
      return 2;
    default:
      return 0;
  }
}

// The value of a stored sub-byte integer: low `bits` bits, sign-extended
// when `is_signed`.
inline int64_t DecodeSubByteInt(uint8_t byte, int bits, bool is_signed) {
  const uint32_t v = byte & ((1u << bits) - 1);
  if (is_signed && (v >> (bits - 1)) != 0) return static_cast<int64_t>(v) - (int64_t{1} << bits);
  return v;
}

// What Cast and CastLike Run needs.
struct CastParams {
  DType from = DType::kUndefined;
  DType to = DType::kUndefined;
  bool saturate = true;
  E8M0Round round = E8M0Round::kUp;
};

// Prepare shared by Cast and CastLike once the target is known: `to_what`
// names where it came from in messages; the dtypes are those of the op's
// version `types_opset`. Reads `saturate` (opset 19+) and `round_mode` (24+).
inline Status PrepareCastTo(PrepareContext& ctx, DType to, int types_opset,
                            const std::string& to_what) {
  const int opset = ctx.node().opset;
  const uint64_t types = CastTypes(types_opset);
  const ValueInfo& x = ctx.input(0);
  RETURN_ERROR_IF((types & DTypeBit(to)) == 0, StatusCode::kInvalidModel, to_what,
                  " is not a type of this op at opset ", opset, " (expected one of ",
                  DTypeList(types), ", got ", DTypeName(to), ")");
  RETURN_IF_ERROR(ExpectDType(ctx, 0, types));
  CastParams p;
  p.from = x.dtype;
  p.to = to;
  RETURN_IF_ERROR(RejectAttrBefore(ctx.attrs(), "saturate", opset, 19));
  RETURN_IF_ERROR(RejectAttrBefore(ctx.attrs(), "round_mode", opset, 24));
  ASSIGN_OR_RETURN(p.saturate, BoolAttr(ctx.attrs(), "saturate", true));
  ASSIGN_OR_RETURN(std::string round, StringAttr(ctx.attrs(), "round_mode", "up"));
  if (round == "down") {
    p.round = E8M0Round::kDown;
  } else if (round == "nearest") {
    p.round = E8M0Round::kNearest;
  } else {
    RETURN_ERROR_IF(round != "up", StatusCode::kInvalidModel,
                    "attribute 'round_mode' (expected up, down or nearest, got ", round, ")");
  }
  ctx.EmplaceState<CastParams>(p);
  ctx.SetOutput(0, to, x.dims);
  return Status::Ok();
}

}  // namespace onyx::kernels::ref
