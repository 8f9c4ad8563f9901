#pragma once

// Byte builders for the ImageDecoder tests: small BMP and PNG files written
// field by field from the formats' specifications, so that each test states
// the pixels it encodes and the pixels it expects. PNGs use stored
// (uncompressed) deflate blocks, which need no zlib. JPEGs come from
// libjpeg's encoder. Test-only.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

// After <cstdio>: jpeglib.h needs FILE.
#include <jpeglib.h>

namespace onyx::kernels::ref::image_test {

using Bytes = std::vector<uint8_t>;

inline void Append(Bytes& out, const Bytes& more) {
  out.insert(out.end(), more.begin(), more.end());
}
inline void Append(Bytes& out, const std::string& text) {
  out.insert(out.end(), text.begin(), text.end());
}

inline void Le16(Bytes& out, uint32_t v) {
  out.push_back(v & 0xff);
  out.push_back((v >> 8) & 0xff);
}
inline void Le32(Bytes& out, uint32_t v) {
  Le16(out, v & 0xffff);
  Le16(out, v >> 16);
}
inline void Be32(Bytes& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back((v >> shift) & 0xff);
}

// A BMP with a 40-byte BITMAPINFOHEADER: file header, info header (a
// negative height means top-down rows), then `extra` (bitfield masks or the
// palette, `colors_used` entries of B, G, R, 0), then `pixels` as stored.
inline Bytes Bmp(int32_t width, int32_t height, uint16_t bits, uint32_t compression,
                 const Bytes& extra, const Bytes& pixels, uint32_t colors_used = 0) {
  Bytes out = {'B', 'M'};
  Le32(out, static_cast<uint32_t>(14 + 40 + extra.size() + pixels.size()));
  Le32(out, 0);
  Le32(out, static_cast<uint32_t>(14 + 40 + extra.size()));
  Le32(out, 40);
  Le32(out, static_cast<uint32_t>(width));
  Le32(out, static_cast<uint32_t>(height));
  Le16(out, 1);
  Le16(out, bits);
  Le32(out, compression);
  Le32(out, static_cast<uint32_t>(pixels.size()));
  Le32(out, 2835);  // 72 dpi, both ways.
  Le32(out, 2835);
  Le32(out, colors_used);
  Le32(out, 0);
  Append(out, extra);
  Append(out, pixels);
  return out;
}

inline uint32_t Crc32(const uint8_t* p, size_t n) {
  uint32_t crc = 0xffffffffu;
  for (size_t i = 0; i < n; ++i) {
    crc ^= p[i];
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1)));
  }
  return ~crc;
}

inline void PngChunk(Bytes& out, const char* type, const Bytes& data) {
  Be32(out, static_cast<uint32_t>(data.size()));
  Bytes body(type, type + 4);
  Append(body, data);
  Append(out, body);
  Be32(out, Crc32(body.data(), body.size()));
}

// A zlib stream holding `data` in one stored block (at most 65535 bytes).
inline Bytes StoredZlib(const Bytes& data) {
  Bytes out = {0x78, 0x01, 0x01};
  Le16(out, static_cast<uint32_t>(data.size()));
  Le16(out, static_cast<uint32_t>(~data.size() & 0xffff));
  Append(out, data);
  uint32_t a = 1, b = 0;
  for (uint8_t v : data) {
    a = (a + v) % 65521;
    b = (b + a) % 65521;
  }
  Be32(out, (b << 16) | a);
  return out;
}

// A PNG: `rows` are the raw scanlines, each led by its filter byte (0 for
// none), of the whole image or, when `interlaced`, of the Adam7 passes in
// turn; `chunks` (PLTE, tRNS) go between IHDR and IDAT as (type, data) pairs.
inline Bytes Png(uint32_t width, uint32_t height, uint8_t bit_depth, uint8_t color_type,
                 const Bytes& rows, const std::vector<std::pair<const char*, Bytes>>& chunks = {},
                 bool interlaced = false) {
  Bytes out = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  Bytes ihdr;
  Be32(ihdr, width);
  Be32(ihdr, height);
  Append(ihdr, Bytes{bit_depth, color_type, 0, 0, static_cast<uint8_t>(interlaced ? 1 : 0)});
  PngChunk(out, "IHDR", ihdr);
  for (const auto& [type, data] : chunks) PngChunk(out, type, data);
  PngChunk(out, "IDAT", StoredZlib(rows));
  PngChunk(out, "IEND", {});
  return out;
}

// A JPEG that libjpeg writes at quality 100 (every quantizer 1): 8 x 8
// blocks of one value each then decode exactly. For the colour spaces no
// file in the ONNX data has (grayscale, CMYK).
inline Bytes EncodeJpeg(int width, int height, int components, J_COLOR_SPACE space,
                        const Bytes& pixels) {
  jpeg_compress_struct cinfo;
  jpeg_error_mgr err;
  cinfo.err = jpeg_std_error(&err);
  jpeg_create_compress(&cinfo);
  unsigned char* buffer = nullptr;
  unsigned long size = 0;
  jpeg_mem_dest(&cinfo, &buffer, &size);
  cinfo.image_width = width;
  cinfo.image_height = height;
  cinfo.input_components = components;
  cinfo.in_color_space = space;
  jpeg_set_defaults(&cinfo);
  jpeg_set_quality(&cinfo, 100, TRUE);
  jpeg_start_compress(&cinfo, TRUE);
  for (int y = 0; y < height; ++y) {
    JSAMPROW row = const_cast<uint8_t*>(&pixels[y * width * components]);
    jpeg_write_scanlines(&cinfo, &row, 1);
  }
  jpeg_finish_compress(&cinfo);
  jpeg_destroy_compress(&cinfo);
  Bytes file(buffer, buffer + size);
  std::free(buffer);
  return file;
}

}  // namespace onyx::kernels::ref::image_test
