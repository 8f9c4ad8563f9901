#pragma once

// 16-bit floating-point element types: IEEE binary16 (ONNX float16) and
// bfloat16. Storage is the raw 16 bits; arithmetic happens in float through
// the implicit conversions, so kernel templates written for float work on
// them unchanged (results round to nearest even when stored back).

#include <cstdint>
#include <cstring>
#include <limits>

namespace onyx {

inline uint32_t FloatBits(float f) {
  uint32_t u;
  std::memcpy(&u, &f, sizeof(u));
  return u;
}

inline float BitsToFloat(uint32_t u) {
  float f;
  std::memcpy(&f, &u, sizeof(f));
  return f;
}

struct Float16 {
  uint16_t bits = 0;

  Float16() = default;
  Float16(float f) : bits(FromFloat(f)) {}  // NOLINT: implicit, like a float type.
  operator float() const { return ToFloat(bits); }  // NOLINT

  static Float16 FromBits(uint16_t b) {
    Float16 h;
    h.bits = b;
    return h;
  }

  static uint16_t FromFloat(float f) {
    uint32_t x = FloatBits(f);
    uint32_t sign = (x >> 16) & 0x8000u;
    uint32_t abs = x & 0x7fffffffu;
    if (abs >= 0x7f800000u) return static_cast<uint16_t>(sign | (abs > 0x7f800000u ? 0x7e00u : 0x7c00u));
    if (abs >= 0x477ff000u) return static_cast<uint16_t>(sign | 0x7c00u);  // Rounds to infinity.
    if (abs < 0x38800000u) {
      // Subnormal half (or zero): scale so the integer part is the mantissa,
      // letting the FPU round to nearest even.
      float scaled = BitsToFloat(abs) * 16777216.0f;  // 2^24
      uint32_t m = static_cast<uint32_t>(scaled);
      float frac = scaled - static_cast<float>(m);
      if (frac > 0.5f || (frac == 0.5f && (m & 1u))) ++m;
      return static_cast<uint16_t>(sign | m);
    }
    uint32_t mantissa_odd = (abs >> 13) & 1u;
    abs += 0xc8000fffu + mantissa_odd;  // Re-bias exponent (-112 << 23) and round to nearest even.
    return static_cast<uint16_t>(sign | (abs >> 13));
  }

  static float ToFloat(uint16_t h) {
    uint32_t sign = static_cast<uint32_t>(h & 0x8000u) << 16;
    uint32_t exp = (h >> 10) & 0x1fu;
    uint32_t mant = h & 0x3ffu;
    if (exp == 0) {
      float f = static_cast<float>(mant) / 16777216.0f;  // mant * 2^-24
      return BitsToFloat(FloatBits(f) | sign);
    }
    if (exp == 31) return BitsToFloat(sign | 0x7f800000u | (mant << 13));
    return BitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }
};

struct BFloat16 {
  uint16_t bits = 0;

  BFloat16() = default;
  BFloat16(float f) : bits(FromFloat(f)) {}  // NOLINT
  operator float() const { return BitsToFloat(static_cast<uint32_t>(bits) << 16); }  // NOLINT

  static BFloat16 FromBits(uint16_t b) {
    BFloat16 h;
    h.bits = b;
    return h;
  }

  static uint16_t FromFloat(float f) {
    uint32_t x = FloatBits(f);
    if ((x & 0x7fffffffu) > 0x7f800000u) return static_cast<uint16_t>((x >> 16) | 0x40u);  // Quiet NaN.
    x += 0x7fffu + ((x >> 16) & 1u);  // Round to nearest even.
    return static_cast<uint16_t>(x >> 16);
  }
};

}  // namespace onyx

namespace std {

template <>
class numeric_limits<onyx::Float16> {
 public:
  static constexpr bool is_specialized = true;
  static constexpr bool is_signed = true;
  static constexpr bool is_integer = false;
  static constexpr bool has_infinity = true;
  static constexpr bool has_quiet_NaN = true;
  static onyx::Float16 lowest() { return onyx::Float16::FromBits(0xfbffu); }
  static onyx::Float16 max() { return onyx::Float16::FromBits(0x7bffu); }
  static onyx::Float16 min() { return onyx::Float16::FromBits(0x0400u); }
  static onyx::Float16 epsilon() { return onyx::Float16::FromBits(0x1400u); }
  static onyx::Float16 infinity() { return onyx::Float16::FromBits(0x7c00u); }
  static onyx::Float16 quiet_NaN() { return onyx::Float16::FromBits(0x7e00u); }
};

template <>
class numeric_limits<onyx::BFloat16> {
 public:
  static constexpr bool is_specialized = true;
  static constexpr bool is_signed = true;
  static constexpr bool is_integer = false;
  static constexpr bool has_infinity = true;
  static constexpr bool has_quiet_NaN = true;
  static onyx::BFloat16 lowest() { return onyx::BFloat16::FromBits(0xff7fu); }
  static onyx::BFloat16 max() { return onyx::BFloat16::FromBits(0x7f7fu); }
  static onyx::BFloat16 min() { return onyx::BFloat16::FromBits(0x0080u); }
  static onyx::BFloat16 epsilon() { return onyx::BFloat16::FromBits(0x3c00u); }
  static onyx::BFloat16 infinity() { return onyx::BFloat16::FromBits(0x7f80u); }
  static onyx::BFloat16 quiet_NaN() { return onyx::BFloat16::FromBits(0x7fc0u); }
};

}  // namespace std
