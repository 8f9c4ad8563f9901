#pragma once

// Element conversions for the quantization kernels (QuantizeLinear,
// DequantizeLinear, DynamicQuantizeLinear, the QLinear and *Integer ops) and
// the attention masks: reading an element of any numeric dtype as a double
// (float8, float4, float6, float8e8m0 and the sub-byte integers included) and
// writing one. Narrow floats round to nearest even like ml_dtypes, which
// ONNX's reference uses; sub-byte integers are held one per byte in the low
// bits (dtype.h), not sign-extended, as ml_dtypes stores them.

#include <cmath>
#include <cstdint>
#include <limits>

#include "kernels/api/kernel.h"
#include "kernels/ref/internal/prepare_util.h"
#include "runtime/core/dtype.h"
#include "runtime/core/half.h"

namespace onyx::kernels::ref {

// A float format of at most 8 bits: sign, `ebits` exponent, `mbits` mantissa.
struct NarrowFloat {
  enum Special : uint8_t {
    kIeee,  // Inf and NaN at the top exponent (float8e5m2).
    kFn,    // No Inf; all ones is NaN (float8e4m3fn).
    kFnuz,  // No Inf, no -0; 0x80 is NaN (the *fnuz types).
    kNone,  // Neither Inf nor NaN (float4e2m1, float6).
  };
  int ebits, mbits, bias;
  Special special;

  int sign_shift() const { return ebits + mbits; }
  int top_exponent() const { return (1 << ebits) - 1; }
  // The largest finite value.
  double max() const {
    int e = top_exponent(), m = (1 << mbits) - 1;
    if (special == kIeee) --e;
    if (special == kFn) --m;
    return std::ldexp(1.0 + std::ldexp(m, -mbits), e - bias);
  }
};

// The format of `dtype`, or nullptr when it is not a narrow float (e8m0 neither).
inline const NarrowFloat* NarrowFloatOf(DType dtype) {
  static constexpr NarrowFloat kE4M3FN{4, 3, 7, NarrowFloat::kFn};
  static constexpr NarrowFloat kE4M3FNUZ{4, 3, 8, NarrowFloat::kFnuz};
  static constexpr NarrowFloat kE5M2{5, 2, 15, NarrowFloat::kIeee};
  static constexpr NarrowFloat kE5M2FNUZ{5, 2, 16, NarrowFloat::kFnuz};
  static constexpr NarrowFloat kE2M1{2, 1, 1, NarrowFloat::kNone};
  static constexpr NarrowFloat kE2M3{2, 3, 1, NarrowFloat::kNone};
  static constexpr NarrowFloat kE3M2{3, 2, 3, NarrowFloat::kNone};
  switch (dtype) {
    case DType::kFloat8E4M3FN: return &kE4M3FN;
    case DType::kFloat8E4M3FNUZ: return &kE4M3FNUZ;
    case DType::kFloat8E5M2: return &kE5M2;
    case DType::kFloat8E5M2FNUZ: return &kE5M2FNUZ;
    case DType::kFloat4E2M1: return &kE2M1;
    case DType::kFloat6E2M3: return &kE2M3;
    case DType::kFloat6E3M2: return &kE3M2;
    default: return nullptr;
  }
}

inline double DecodeNarrowFloat(uint8_t bits, const NarrowFloat& f) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const bool neg = (bits >> f.sign_shift()) & 1;
  const int e = (bits >> f.mbits) & f.top_exponent();
  const int m = bits & ((1 << f.mbits) - 1);
  if (f.special == NarrowFloat::kFnuz && neg && e == 0 && m == 0) return nan;
  if (f.special == NarrowFloat::kFn && e == f.top_exponent() && m == (1 << f.mbits) - 1) return nan;
  if (f.special == NarrowFloat::kIeee && e == f.top_exponent()) {
    return m != 0 ? nan : (neg ? -1 : 1) * std::numeric_limits<double>::infinity();
  }
  const double v = e == 0 ? std::ldexp(m, 1 - f.bias - f.mbits)
                          : std::ldexp(1.0 + std::ldexp(m, -f.mbits), e - f.bias);
  return neg ? -v : v;
}

// `x` rounded to nearest even in format `f`. Out of range (Inf included)
// gives the largest finite value when `saturate` or when `f` has no Inf and
// no NaN; otherwise Inf (kIeee) or NaN, as ml_dtypes' cast does.
inline uint8_t EncodeNarrowFloat(double x, const NarrowFloat& f, bool saturate) {
  const uint8_t sign = std::signbit(x) ? static_cast<uint8_t>(1u << f.sign_shift()) : 0;
  const uint8_t nan_bits = f.special == NarrowFloat::kFnuz ? 0x80
                           : f.special == NarrowFloat::kFn
                               ? static_cast<uint8_t>(sign | ((1u << f.sign_shift()) - 1))
                           : f.special == NarrowFloat::kIeee
                               ? static_cast<uint8_t>(sign | (f.top_exponent() << f.mbits) |
                                                      (1u << (f.mbits - 1)))
                               : static_cast<uint8_t>(1u << f.sign_shift());  // ml_dtypes: -0.
  if (std::isnan(x)) return nan_bits;
  const double a = std::fabs(x), max = f.max();
  const int emin = 1 - f.bias;
  double v = max;
  if (!std::isinf(a)) {
    int ex = 0;
    std::frexp(a, &ex);
    const int e = ex - 1 < emin ? emin : ex - 1;
    v = std::ldexp(std::nearbyint(std::ldexp(a, f.mbits - e)), e - f.mbits);
  }
  if (v > max) {
    if (!saturate && f.special == NarrowFloat::kIeee)
      return static_cast<uint8_t>(sign | (f.top_exponent() << f.mbits));
    if (!saturate && f.special != NarrowFloat::kNone) return nan_bits;
    v = max;
  }
  if (v == 0) return f.special == NarrowFloat::kFnuz ? 0 : sign;
  int ex = 0;
  std::frexp(v, &ex);
  if (ex - 1 < emin) return static_cast<uint8_t>(sign | static_cast<int>(std::ldexp(v, f.bias - 1 + f.mbits)));
  const int m = static_cast<int>(std::ldexp(v, f.mbits - (ex - 1))) - (1 << f.mbits);
  return static_cast<uint8_t>(sign | ((ex - 1 + f.bias) << f.mbits) | m);
}

// Range of the integer quantized types, sub-byte ones included.
struct IntRange {
  int64_t lo, hi;
};

inline bool IntRangeOf(DType dtype, IntRange* r) {
  switch (dtype) {
    case DType::kUInt8: *r = {0, 255}; return true;
    case DType::kInt8: *r = {-128, 127}; return true;
    case DType::kUInt16: *r = {0, 65535}; return true;
    case DType::kInt16: *r = {-32768, 32767}; return true;
    case DType::kInt32: *r = {INT32_MIN, INT32_MAX}; return true;
    case DType::kUInt4: *r = {0, 15}; return true;
    case DType::kInt4: *r = {-8, 7}; return true;
    case DType::kUInt2: *r = {0, 3}; return true;
    case DType::kInt2: *r = {-2, 1}; return true;
    default: return false;
  }
}

// The low `bits` of `b` as a two's complement number.
inline int SignExtend(uint8_t b, int bits) {
  const int v = b & ((1 << bits) - 1);
  return v >= (1 << (bits - 1)) ? v - (1 << bits) : v;
}

// Element `i` of `data` (of `dtype`: any numeric type, bool, or a narrow
// float or sub-byte integer) as a double; 0 for other dtypes.
inline double LoadAsDouble(DType dtype, const void* data, int64_t i) {
  const uint8_t* bytes = static_cast<const uint8_t*>(data);
  if (const NarrowFloat* f = NarrowFloatOf(dtype)) return DecodeNarrowFloat(bytes[i], *f);
  switch (dtype) {
    case DType::kFloat32: return static_cast<const float*>(data)[i];
    case DType::kFloat64: return static_cast<const double*>(data)[i];
    case DType::kFloat16: return static_cast<const Float16*>(data)[i];
    case DType::kBFloat16: return static_cast<const BFloat16*>(data)[i];
    case DType::kBool: return static_cast<const bool*>(data)[i] ? 1.0 : 0.0;
    case DType::kInt8: return static_cast<const int8_t*>(data)[i];
    case DType::kInt16: return static_cast<const int16_t*>(data)[i];
    case DType::kInt32: return static_cast<const int32_t*>(data)[i];
    case DType::kInt64: return static_cast<double>(static_cast<const int64_t*>(data)[i]);
    case DType::kUInt8: return bytes[i];
    case DType::kUInt16: return static_cast<const uint16_t*>(data)[i];
    case DType::kUInt32: return static_cast<const uint32_t*>(data)[i];
    case DType::kUInt64: return static_cast<double>(static_cast<const uint64_t*>(data)[i]);
    case DType::kUInt4: return bytes[i] & 0xF;
    case DType::kInt4: return SignExtend(bytes[i], 4);
    case DType::kUInt2: return bytes[i] & 0x3;
    case DType::kInt2: return SignExtend(bytes[i], 2);
    case DType::kFloat8E8M0:
      return bytes[i] == 0xFF ? std::numeric_limits<double>::quiet_NaN() : std::ldexp(1.0, bytes[i] - 127);
    default: return 0;
  }
}

// Stores integer `v`, already within the range of `dtype` (IntRangeOf).
inline void StoreInt(DType dtype, void* data, int64_t i, int64_t v) {
  switch (dtype) {
    case DType::kInt8: static_cast<int8_t*>(data)[i] = static_cast<int8_t>(v); return;
    case DType::kInt16: static_cast<int16_t*>(data)[i] = static_cast<int16_t>(v); return;
    case DType::kInt32: static_cast<int32_t*>(data)[i] = static_cast<int32_t>(v); return;
    case DType::kUInt16: static_cast<uint16_t*>(data)[i] = static_cast<uint16_t>(v); return;
    case DType::kUInt4: case DType::kInt4:
      static_cast<uint8_t*>(data)[i] = static_cast<uint8_t>(v & 0xF);
      return;
    case DType::kUInt2: case DType::kInt2:
      static_cast<uint8_t*>(data)[i] = static_cast<uint8_t>(v & 0x3);
      return;
    default: static_cast<uint8_t*>(data)[i] = static_cast<uint8_t>(v); return;
  }
}

// Stores `x` as float, double, float16, bfloat16 or a narrow float (rounded
// to nearest even; `saturate` as in EncodeNarrowFloat).
inline void StoreFloat(DType dtype, void* data, int64_t i, double x, bool saturate = false) {
  if (const NarrowFloat* f = NarrowFloatOf(dtype)) {
    static_cast<uint8_t*>(data)[i] = EncodeNarrowFloat(x, *f, saturate);
    return;
  }
  switch (dtype) {
    case DType::kFloat64: static_cast<double*>(data)[i] = x; return;
    case DType::kFloat16: static_cast<Float16*>(data)[i] = Float16(static_cast<float>(x)); return;
    case DType::kBFloat16: static_cast<BFloat16*>(data)[i] = BFloat16(static_cast<float>(x)); return;
    default: static_cast<float*>(data)[i] = static_cast<float>(x); return;
  }
}

// `x` rounded to the float type `dtype` (float, double, float16, bfloat16).
inline double RoundToDType(DType dtype, double x) {
  switch (dtype) {
    case DType::kFloat32: return static_cast<float>(x);
    case DType::kFloat16: return static_cast<float>(Float16(static_cast<float>(x)));
    case DType::kBFloat16: return static_cast<float>(BFloat16(static_cast<float>(x)));
    default: return x;
  }
}

// The quantized types of QuantizeLinear's y and DequantizeLinear's x at
// `opset` (int32, which only DequantizeLinear takes, excluded).
constexpr uint64_t QuantizedTypes(int opset) {
  uint64_t m = DTypeBit(DType::kInt8) | DTypeBit(DType::kUInt8);
  if (opset >= 19) {
    m |= DTypeBit(DType::kFloat8E4M3FN) | DTypeBit(DType::kFloat8E4M3FNUZ) |
         DTypeBit(DType::kFloat8E5M2) | DTypeBit(DType::kFloat8E5M2FNUZ);
  }
  if (opset >= 21) {
    m |= DTypeBit(DType::kInt16) | DTypeBit(DType::kUInt16) | DTypeBit(DType::kInt4) |
         DTypeBit(DType::kUInt4);
  }
  if (opset >= 23) m |= DTypeBit(DType::kFloat4E2M1);
  if (opset >= 25) m |= DTypeBit(DType::kInt2) | DTypeBit(DType::kUInt2);
  if (opset >= 28) m |= DTypeBit(DType::kFloat6E2M3) | DTypeBit(DType::kFloat6E3M2);
  return m;
}

// Which scale (and zero point) applies to each element of x: one for the
// whole tensor, one per index along `axis`, or one per block of `block`
// indices along `axis` (the scale then has x's rank).
struct QuantLayout {
  enum Kind : uint8_t { kPerTensor, kPerAxis, kBlocked } kind = kPerTensor;
  int64_t axis_dim = 1, inner = 1, block = 1, blocks = 1;

  int64_t ScaleIndex(int64_t i) const {
    if (kind == kPerTensor) return 0;
    const int64_t a = (i / inner) % axis_dim;
    if (kind == kPerAxis) return a;
    const int64_t outer = i / (inner * axis_dim);
    return (outer * blocks + a / block) * inner + i % inner;
  }
};

// Checks the scale (input `scale`) and zero point (input `zp`, if present)
// against x (input `x`) for `axis` and `block_size` (0: not blocked).
inline Result<QuantLayout> ResolveQuantLayout(const PrepareContext& ctx, size_t x, size_t scale,
                                              size_t zp, int64_t axis, int64_t block_size) {
  const ValueInfo& xv = ctx.input(x);
  const ValueInfo& sv = ctx.input(scale);
  if (ctx.has_input(zp)) {
    const ValueInfo& zv = ctx.input(zp);
    // ONNX's own tests pair a scalar scale with a [1] zero point.
    const bool both_single = NumElements(zv.dims) == 1 && NumElements(sv.dims) == 1 &&
                             zv.dims.size() <= 1 && sv.dims.size() <= 1;
    RETURN_ERROR_IF(zv.dims != sv.dims && !both_single, StatusCode::kInvalidArgument, "input '", zv.name,
                    "' shape (expected ", DimsToString(sv.dims), " like input '", sv.name,
                    "', got ", DimsToString(zv.dims), ")");
  }
  QuantLayout l;
  RETURN_ERROR_IF(block_size < 0, StatusCode::kInvalidModel,
                  "attribute 'block_size' (expected >= 0, got ", block_size, ")");
  if (NumElements(sv.dims) == 1 && (sv.dims.size() <= 1 || block_size > 0)) return l;
  const int rank = static_cast<int>(xv.dims.size());
  RETURN_ERROR_IF(axis < -rank || axis >= rank, StatusCode::kInvalidModel, "attribute 'axis' (expected in [",
                  -rank, ", ", rank - 1, "] for input '", xv.name, "' ", DimsToString(xv.dims),
                  ", got ", axis, ")");
  const size_t a = static_cast<size_t>(axis < 0 ? axis + rank : axis);
  l.axis_dim = xv.dims[a];
  l.inner = NumElements(Dims(xv.dims.begin() + a + 1, xv.dims.end()));
  if (block_size == 0) {
    RETURN_ERROR_IF(sv.dims != Dims{l.axis_dim}, StatusCode::kInvalidArgument, "input '", sv.name,
                    "' shape for per-axis quantization along axis ", a, " (expected [", l.axis_dim,
                    "], got ", DimsToString(sv.dims), ")");
    l.kind = QuantLayout::kPerAxis;
    return l;
  }
  Dims want = xv.dims;
  want[a] = (l.axis_dim + block_size - 1) / block_size;
  RETURN_ERROR_IF(sv.dims != want, StatusCode::kInvalidArgument, "input '", sv.name,
                  "' shape for blocks of ", block_size, " along axis ", a, " (expected ",
                  DimsToString(want), ", got ", DimsToString(sv.dims), ")");
  l.kind = QuantLayout::kBlocked;
  l.block = block_size;
  l.blocks = want[a];
  return l;
}

}  // namespace onyx::kernels::ref
