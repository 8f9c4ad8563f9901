// Cast: converts every element to the dtype of attribute `to` (a TensorProto
// DataType; a name such as "FLOAT" in opset 1), with the rules of
// internal/cast_util.h. Each opset adds dtypes (bfloat16 at 13, float8 and
// `saturate` at 19, int4/uint4 at 21, float4 at 23, float8e8m0 and
// `round_mode` at 24, int2/uint2 at 25, float6 at 28). Strings convert
// element by element (FormatElement, ParseElement).
//
// Run converts in chunks: a typed loop decodes up to kChunk elements into
// canonical values on the stack, another encodes them, so each dtype has one
// decoder and one encoder instead of one loop per pair.

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <type_traits>

#include "kernels/ref/internal/cast_util.h"
#include "kernels/ref/internal/copy.h"
#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

constexpr int64_t kChunk = 256;

// Canonical values of one chunk: `f` for float sources, `u` (two's
// complement) for integer and bool sources.
enum class Canon { kFloat, kSigned, kUnsigned };
struct Chunk {
  double f[kChunk];
  uint64_t u[kChunk];
};

template <typename T>
Canon LoadFloats(const void* in, int64_t n, Chunk& c) {
  const T* p = static_cast<const T*>(in);
  for (int64_t i = 0; i < n; ++i) c.f[i] = static_cast<double>(p[i]);
  return Canon::kFloat;
}

template <typename T>
Canon LoadInts(const void* in, int64_t n, Chunk& c) {
  const T* p = static_cast<const T*>(in);
  for (int64_t i = 0; i < n; ++i) c.u[i] = static_cast<uint64_t>(p[i]);  // Sign-extends.
  return std::is_signed_v<T> ? Canon::kSigned : Canon::kUnsigned;
}

Canon Decode(DType from, const void* in, int64_t n, Chunk& c) {
  const uint8_t* bytes = static_cast<const uint8_t*>(in);
  if (const MiniFloat* mini = MiniFormat(from)) {
    for (int64_t i = 0; i < n; ++i) c.f[i] = DecodeMini(bytes[i], *mini);
    return Canon::kFloat;
  }
  if (const int bits = SubByteIntBits(from)) {
    const bool is_signed = from == DType::kInt4 || from == DType::kInt2;
    for (int64_t i = 0; i < n; ++i)
      c.u[i] = static_cast<uint64_t>(DecodeSubByteInt(bytes[i], bits, is_signed));
    return is_signed ? Canon::kSigned : Canon::kUnsigned;
  }
  switch (from) {
    case DType::kFloat32:
      return LoadFloats<float>(in, n, c);
    case DType::kFloat64:
      return LoadFloats<double>(in, n, c);
    case DType::kFloat16:
      return LoadFloats<Float16>(in, n, c);
    case DType::kBFloat16:
      return LoadFloats<BFloat16>(in, n, c);
    case DType::kFloat8E8M0:
      for (int64_t i = 0; i < n; ++i) c.f[i] = DecodeE8M0(bytes[i]);
      return Canon::kFloat;
    case DType::kBool:
      for (int64_t i = 0; i < n; ++i) c.u[i] = bytes[i] != 0;
      return Canon::kUnsigned;
    case DType::kInt8:
      return LoadInts<int8_t>(in, n, c);
    case DType::kInt16:
      return LoadInts<int16_t>(in, n, c);
    case DType::kInt32:
      return LoadInts<int32_t>(in, n, c);
    case DType::kInt64:
      return LoadInts<int64_t>(in, n, c);
    case DType::kUInt8:
      return LoadInts<uint8_t>(in, n, c);
    case DType::kUInt16:
      return LoadInts<uint16_t>(in, n, c);
    case DType::kUInt32:
      return LoadInts<uint32_t>(in, n, c);
    default:
      return LoadInts<uint64_t>(in, n, c);  // Prepare admitted nothing else.
  }
}

// Stores integer bits `get(i)` into T, keeping the low bits.
template <typename T, typename Get>
void StoreInts(void* out, int64_t n, Get get) {
  T* p = static_cast<T*>(out);
  for (int64_t i = 0; i < n; ++i) p[i] = static_cast<T>(get(i));
}

// Integer targets (the standard ones, sub-byte ones and bool) from the bits
// `get(i)`; false when `to` is not an integer type.
template <typename Get>
bool EncodeIntTarget(DType to, int64_t n, void* out, Get get) {
  uint8_t* bytes = static_cast<uint8_t*>(out);
  if (const int bits = SubByteIntBits(to)) {
    const uint64_t mask = (uint64_t{1} << bits) - 1;
    for (int64_t i = 0; i < n; ++i) bytes[i] = static_cast<uint8_t>(get(i) & mask);
    return true;
  }
  switch (to) {
    case DType::kInt8:
      StoreInts<int8_t>(out, n, get);
      return true;
    case DType::kInt16:
      StoreInts<int16_t>(out, n, get);
      return true;
    case DType::kInt32:
      StoreInts<int32_t>(out, n, get);
      return true;
    case DType::kInt64:
      StoreInts<int64_t>(out, n, get);
      return true;
    case DType::kUInt8:
      StoreInts<uint8_t>(out, n, get);
      return true;
    case DType::kUInt16:
      StoreInts<uint16_t>(out, n, get);
      return true;
    case DType::kUInt32:
      StoreInts<uint32_t>(out, n, get);
      return true;
    case DType::kUInt64:
      StoreInts<uint64_t>(out, n, get);
      return true;
    default:
      return false;
  }
}

template <typename T, typename F>
void StoreEach(void* out, int64_t n, F convert) {
  T* p = static_cast<T*>(out);
  for (int64_t i = 0; i < n; ++i) p[i] = convert(i);
}

void EncodeFloats(const CastParams& p, const double* f, int64_t n, void* out) {
  uint8_t* bytes = static_cast<uint8_t*>(out);
  if (const MiniFloat* mini = MiniFormat(p.to)) {
    for (int64_t i = 0; i < n; ++i)
      bytes[i] = static_cast<uint8_t>(EncodeMini(f[i], *mini, p.saturate));
    return;
  }
  switch (p.to) {
    case DType::kFloat32:
      return StoreEach<float>(out, n, [&](int64_t i) { return static_cast<float>(f[i]); });
    case DType::kFloat64:
      return StoreEach<double>(out, n, [&](int64_t i) { return f[i]; });
    case DType::kFloat16:
      return StoreEach<Float16>(out, n, [&](int64_t i) { return Float16FromDouble(f[i]); });
    case DType::kBFloat16:
      return StoreEach<BFloat16>(out, n, [&](int64_t i) { return BFloat16FromDouble(f[i]); });
    case DType::kFloat8E8M0:
      for (int64_t i = 0; i < n; ++i)
        bytes[i] = EncodeE8M0(static_cast<float>(f[i]), p.saturate, p.round);
      return;
    case DType::kBool:
      for (int64_t i = 0; i < n; ++i) bytes[i] = f[i] != 0;  // NaN is true.
      return;
    default:
      EncodeIntTarget(p.to, n, out, [&](int64_t i) { return DoubleToIntBits(f[i]); });
  }
}

void EncodeInts(const CastParams& p, Canon kind, Chunk& c, int64_t n, void* out) {
  const uint64_t* u = c.u;
  if (EncodeIntTarget(p.to, n, out, [&](int64_t i) { return u[i]; })) return;
  const bool is_signed = kind == Canon::kSigned;
  auto value = [&](int64_t i) {
    return is_signed ? static_cast<double>(static_cast<int64_t>(u[i])) : static_cast<double>(u[i]);
  };
  // int64 -> float converts directly: through double it could round twice.
  switch (p.to) {
    case DType::kFloat32:
      return StoreEach<float>(out, n, [&](int64_t i) {
        return is_signed ? static_cast<float>(static_cast<int64_t>(u[i]))
                         : static_cast<float>(u[i]);
      });
    case DType::kBool:
      for (int64_t i = 0; i < n; ++i) static_cast<uint8_t*>(out)[i] = u[i] != 0;
      return;
    default:
      for (int64_t i = 0; i < n; ++i) c.f[i] = value(i);
      EncodeFloats(p, c.f, n, out);
  }
}

// Numpy's str() of a floating-point value `v` of type `from`, given its
// shortest scientific form `sci` ("d.ddde+XX"): positional for
// 1e-4 <= |v| < 10^d, scientific otherwise, where numpy's d is 16 for double,
// 6 for float and 3 for float16 (and, here, for the other narrow floats).
std::string NumpyFloatString(double v, DType from, const std::string& sci) {
  const double upper = from == DType::kFloat64 ? 1e16 : from == DType::kFloat32 ? 1e6 : 1e3;
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v < 0 ? "-inf" : "inf";
  const size_t e = sci.find('e');
  std::string mantissa = sci.substr(0, e);
  const int exponent = std::atoi(sci.c_str() + e + 1);
  const bool negative = mantissa[0] == '-';
  if (negative) mantissa.erase(0, 1);
  std::string digits;
  for (char c : mantissa) {
    if (c != '.') digits += c;
  }
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  std::string out = negative ? "-" : "";
  const double magnitude = std::fabs(v);
  if (magnitude == 0 || (magnitude >= 1e-4 && magnitude < upper)) {
    const int point = magnitude == 0 ? 1 : exponent + 1;  // Digits before the point.
    if (point <= 0) {
      out += "0." + std::string(static_cast<size_t>(-point), '0') + digits;
    } else if (static_cast<size_t>(point) >= digits.size()) {
      out += digits + std::string(point - digits.size(), '0') + ".0";
    } else {
      out += digits.substr(0, point) + "." + digits.substr(point);
    }
    return out;
  }
  out += digits.substr(0, 1);
  if (digits.size() > 1) out += "." + digits.substr(1);
  char exp[8];
  std::snprintf(exp, sizeof(exp), "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
  return out + exp;
}

// The shortest scientific form of `v` that reads back as the same value of
// `from` (a float type): round-trips through a one-element cast.
std::string ShortestScientific(double v, DType from, const CastParams& p) {
  char buf[64];
  if (from == DType::kFloat32 || from == DType::kFloat64) {
    std::to_chars_result r = from == DType::kFloat32
                                 ? std::to_chars(buf, buf + sizeof(buf), static_cast<float>(v), std::chars_format::scientific)
                                 : std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::scientific);
    return std::string(buf, r.ptr);
  }
  // Narrow types: the fewest digits whose value rounds back to the same bits.
  CastParams back = p;
  back.to = from;
  uint8_t want[2] = {0, 0}, got[2] = {0, 0};
  EncodeFloats(back, &v, 1, want);
  for (int precision = 1; precision < 17; ++precision) {
    std::snprintf(buf, sizeof(buf), "%.*e", precision - 1, v);
    double parsed = std::strtod(buf, nullptr);
    EncodeFloats(back, &parsed, 1, got);
    if (std::memcmp(want, got, sizeof(want)) == 0) return buf;
  }
  std::snprintf(buf, sizeof(buf), "%.16e", v);
  return buf;
}

// Element `i` of a numeric tensor as numpy's str() spells it.
std::string FormatElement(const CastParams& p, const uint8_t* src, int64_t i) {
  Chunk c;
  const Canon kind = Decode(p.from, src + i * DTypeSize(p.from), 1, c);
  if (p.from == DType::kBool) return c.u[0] ? "True" : "False";
  if (kind == Canon::kSigned) return std::to_string(static_cast<int64_t>(c.u[0]));
  if (kind == Canon::kUnsigned) return std::to_string(c.u[0]);
  return NumpyFloatString(c.f[0], p.from, ShortestScientific(c.f[0], p.from, p));
}

// Parses one string into element `i` of the output (see cast_util.h).
Status ParseElement(const CastParams& p, StringRef s, uint8_t* dst, int64_t i) {
  std::string text(s.view());
  const size_t first = text.find_first_not_of(" \t\n");
  text = first == std::string::npos ? "" : text.substr(first, text.find_last_not_of(" \t\n") - first + 1);
  void* out = dst + i * DTypeSize(p.to);
  const char* begin = text.c_str();
  char* end = nullptr;
  const bool to_int = SubByteIntBits(p.to) != 0 || ((kIntTypes & DTypeBit(p.to)) != 0);
  if (to_int && !text.empty()) {
    errno = 0;
    uint64_t bits = text[0] == '-' ? static_cast<uint64_t>(std::strtoll(begin, &end, 10)) : std::strtoull(begin, &end, 10);
    if (*end == '\0' && errno == 0) {
      EncodeIntTarget(p.to, 1, out, [&](int64_t) { return bits; });
      return Status::Ok();
    }
  }
  std::string lower = text;
  for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (p.to == DType::kBool && (lower == "true" || lower == "false")) {
    *static_cast<uint8_t*>(out) = lower == "true";
    return Status::Ok();
  }
  double v = std::strtod(begin, &end);  // Reads inf, +inf, -inf and nan in any case.
  RETURN_ERROR_IF(text.empty() || *end != '\0', StatusCode::kInvalidArgument, "string #", i, " of the input is '",
                  text, "', which is not a number");
  if (p.to == DType::kFloat32) {
    *static_cast<float*>(out) = std::strtof(begin, nullptr);  // Rounds once, from the text.
  } else {
    EncodeFloats(p, &v, 1, out);
  }
  return Status::Ok();
}

Status CastStrings(const RunContext& ctx, const CastParams& p) {
  const TensorView& in = ctx.input(0);
  const TensorView& out = ctx.output(0);
  const uint8_t* src = in.data_as<const uint8_t>();
  for (int64_t i = 0; i < in.num_elements(); ++i) {
    if (p.to == DType::kString) {
      ASSIGN_OR_RETURN(out.data_as<StringRef>()[i], ctx.NewString(FormatElement(p, src, i)));
    } else {
      RETURN_IF_ERROR(ParseElement(p, in.data_as<const StringRef>()[i], out.data_as<uint8_t>(), i));
    }
  }
  return Status::Ok();
}

// Cast's `to`: a name ("FLOAT") before opset 6, an int from 6 on.
Result<DType> TargetDType(const PrepareContext& ctx) {
  const Attribute* a = ctx.attrs().Find("to");
  RETURN_ERROR_IF(a == nullptr, StatusCode::kInvalidModel,
                  "attribute 'to' is required (expected a dtype, got none)");
  if (ctx.node().opset < 6) {
    RETURN_IF_ERROR(CheckAttrType(*a, AttrType::kString));
    for (int32_t t = 1; t <= kMaxDType; ++t) {
      std::string name = DTypeName(static_cast<DType>(t));
      for (char& ch : name) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      if (name == a->s) return static_cast<DType>(t);
    }
    return MakeError(StatusCode::kInvalidModel,
                     "attribute 'to' (expected a TensorProto.DataType name such as FLOAT, got '",
                     a->s, "')");
  }
  RETURN_IF_ERROR(CheckAttrType(*a, AttrType::kInt));
  RETURN_ERROR_IF(a->i < 1 || a->i > kMaxDType, StatusCode::kInvalidModel,
                  "attribute 'to' (expected a TensorProto.DataType in [1, ", kMaxDType, "], got ",
                  a->i, ")");
  return static_cast<DType>(a->i);
}

}  // namespace

Status CastPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, 1));
  ASSIGN_OR_RETURN(DType to, TargetDType(ctx));
  return PrepareCastTo(ctx, to, ctx.node().opset, "attribute 'to'");
}

Status CastRun(const RunContext& ctx) {
  const CastParams& p = ctx.state<CastParams>();
  const TensorView& in = ctx.input(0);
  const TensorView& out = ctx.output(0);
  if (p.from == p.to) {
    CopyUnlessSame(out.data, in.data, in.nbytes());
    return Status::Ok();
  }
  if (p.from == DType::kString || p.to == DType::kString) return CastStrings(ctx, p);
  const int64_t n = in.num_elements();
  const size_t in_size = DTypeSize(p.from), out_size = DTypeSize(p.to);
  const uint8_t* src = in.data_as<const uint8_t>();
  uint8_t* dst = out.data_as<uint8_t>();
  Chunk chunk;
  for (int64_t start = 0; start < n; start += kChunk) {
    const int64_t m = std::min(kChunk, n - start);
    void* out_at = dst + start * out_size;
    const Canon kind = Decode(p.from, src + start * in_size, m, chunk);
    if (kind == Canon::kFloat) {
      EncodeFloats(p, chunk.f, m, out_at);
    } else {
      EncodeInts(p, kind, chunk, m, out_at);
    }
  }
  return Status::Ok();
}

}  // namespace onyx::kernels::ref
