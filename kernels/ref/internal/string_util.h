#pragma once

// Helpers of the string kernels (StringNormalizer, StringSplit, ...): UTF-8
// decoding and encoding, case mapping, and Python's notion of whitespace.
//
// Case mapping covers the scripts with simple one-to-one case pairs: ASCII,
// Latin-1 (U+00C0-U+00FE, but not the multiplication and division signs),
// Greek (U+0391-U+03A9 / U+03B1-U+03C9) and Cyrillic (U+0400-U+042F /
// U+0430-U+045F). Characters outside them, and those without a one-to-one
// mapping (German sharp s), are left as they are.

#include <cstdint>
#include <string>
#include <string_view>

namespace onyx::kernels::ref {

// Decodes the code point at s[*i], advancing *i. Bytes that are not valid
// UTF-8 decode as themselves (one byte each), so no input is ever rejected.
inline uint32_t NextCodePoint(std::string_view s, size_t* i) {
  const uint8_t b0 = static_cast<uint8_t>(s[*i]);
  int extra = b0 >= 0xF0 && b0 < 0xF8 ? 3 : b0 >= 0xE0 && b0 < 0xF0 ? 2 : b0 >= 0xC0 && b0 < 0xE0 ? 1 : 0;
  if (*i + extra >= s.size()) extra = 0;  // A truncated sequence.
  uint32_t cp = extra == 0 ? b0 : (b0 & (0x3F >> extra));
  for (int k = 1; k <= extra; ++k) {
    const uint8_t b = static_cast<uint8_t>(s[*i + k]);
    if ((b & 0xC0) != 0x80) {
      extra = 0;
      cp = b0;
      break;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  *i += 1 + extra;
  return cp;
}

inline void AppendCodePoint(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    *out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    *out += static_cast<char>(0xC0 | (cp >> 6));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *out += static_cast<char>(0xE0 | (cp >> 12));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    *out += static_cast<char>(0xF0 | (cp >> 18));
    *out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

inline uint32_t ToUpperCodePoint(uint32_t c) {
  if (c >= 'a' && c <= 'z') return c - 0x20;
  if (c >= 0xE0 && c <= 0xFE && c != 0xF7) return c - 0x20;
  if (c >= 0x3B1 && c <= 0x3C9 && c != 0x3C2) return c - 0x20;
  if (c >= 0x430 && c <= 0x44F) return c - 0x20;
  if (c >= 0x450 && c <= 0x45F) return c - 0x50;
  return c;
}

inline uint32_t ToLowerCodePoint(uint32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 0x20;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 0x20;
  if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2) return c + 0x20;
  if (c >= 0x410 && c <= 0x42F) return c + 0x20;
  if (c >= 0x400 && c <= 0x40F) return c + 0x50;
  return c;
}

// `s` with every character mapped through ToUpperCodePoint or ToLowerCodePoint.
inline std::string ChangeCase(std::string_view s, bool upper) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const uint32_t cp = NextCodePoint(s, &i);
    AppendCodePoint(upper ? ToUpperCodePoint(cp) : ToLowerCodePoint(cp), &out);
  }
  return out;
}

// Python's str.isspace() for the characters str.split() splits on.
inline bool IsPythonSpace(uint32_t c) {
  return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
         c == 0x3000;
}

}  // namespace onyx::kernels::ref
