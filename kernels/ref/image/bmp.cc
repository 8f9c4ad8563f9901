// BMP (Windows and OS/2 bitmaps), read by hand: 1, 4 and 8 bits with a
// palette (uncompressed, RLE8, RLE4), 16 and 32 bits with the default masks
// or BI_BITFIELDS, 24 bits. Rows are bottom-up unless the height is negative.
// Masked channels scale to 0..255 as PIL's unpackers do ((v * 255) / max,
// truncated); pixels an RLE stream skips take palette entry 0, and palette
// indices past the palette are black.

#include <cstring>

#include "kernels/ref/image/image.h"

namespace onyx::kernels::ref::image {
namespace {

constexpr uint32_t kBiRgb = 0, kBiRle8 = 1, kBiRle4 = 2, kBiBitfields = 3, kBiAlphaBitfields = 6;

uint32_t U16(const uint8_t* p) { return p[0] | (p[1] << 8); }
uint32_t U32(const uint8_t* p) {
  return p[0] | (p[1] << 8) | (p[2] << 16) | (static_cast<uint32_t>(p[3]) << 24);
}

struct BmpHeader {
  int64_t width = 0, height = 0;
  bool top_down = false;
  uint32_t bits = 0, compression = kBiRgb;
  uint32_t masks[3] = {0, 0, 0};  // R, G, B for 16 and 32 bits.
  uint8_t palette[256][3] = {};   // RGB.
  uint32_t data_offset = 0;
};

// One channel of a BI_BITFIELDS pixel: its mask, shifted down, scaled to 0..255.
struct Channel {
  uint32_t mask = 0, shift = 0, max = 0;

  explicit Channel(uint32_t m) : mask(m) {
    if (m == 0) return;
    while (((m >> shift) & 1) == 0) ++shift;
    max = m >> shift;
  }
  uint8_t Get(uint32_t pixel) const {
    return static_cast<uint8_t>(max == 255 ? (pixel & mask) >> shift
                                           : uint64_t{(pixel & mask) >> shift} * 255 / max);
  }
};

// Entries are BGR (OS/2) or BGRx; entries the file leaves out stay black.
void ReadPalette(const uint8_t* data, size_t size, size_t at, uint32_t entry_bytes, uint32_t used,
                 BmpHeader& h) {
  uint32_t count = used == 0 || used > (1u << h.bits) ? (1u << h.bits) : used;
  // Short palettes occur (writers that count used entries); read what is there.
  const size_t room = at < h.data_offset && h.data_offset <= size ? (h.data_offset - at) : 0;
  if (count > room / entry_bytes) count = static_cast<uint32_t>(room / entry_bytes);
  for (uint32_t i = 0; i < count; ++i) {
    const uint8_t* e = data + at + i * entry_bytes;
    h.palette[i][0] = e[2];
    h.palette[i][1] = e[1];
    h.palette[i][2] = e[0];
  }
}

Result<BmpHeader> ReadHeader(const uint8_t* data, size_t size) {
  RETURN_ERROR_IF(size < 26, StatusCode::kInvalidArgument, "truncated data (", size,
                  " bytes, shorter than the file and info headers)");
  BmpHeader h;
  h.data_offset = U32(data + 10);
  const uint32_t info_size = U32(data + 14);
  uint32_t used_colors = 0, entry_bytes = 4;
  if (info_size == 12) {  // OS/2 BITMAPCOREHEADER
    h.width = U16(data + 18);
    h.height = U16(data + 20);
    h.bits = U16(data + 24);
    entry_bytes = 3;
  } else {
    RETURN_ERROR_IF(info_size != 40 && info_size != 52 && info_size != 56 && info_size != 64 &&
                        info_size != 108 && info_size != 124,
                    StatusCode::kUnsupported, "info header of ", info_size,
                    " bytes (expected 12, 40, 52, 56, 64, 108 or 124)");
    RETURN_ERROR_IF(size < 14 + 40, StatusCode::kInvalidArgument,
                    "truncated data (the info header ends after ", size, " bytes)");
    h.width = static_cast<int32_t>(U32(data + 18));
    const int64_t height = static_cast<int32_t>(U32(data + 22));
    h.top_down = height < 0;
    h.height = height < 0 ? -height : height;
    h.bits = U16(data + 28);
    h.compression = U32(data + 30);
    used_colors = U32(data + 46);
  }
  RETURN_ERROR_IF(h.width <= 0 || h.height <= 0, StatusCode::kInvalidArgument,
                  "the image is empty or negative (", h.width, " x ", h.height, " pixels)");
  const bool bitfields = h.compression == kBiBitfields || h.compression == kBiAlphaBitfields;
  RETURN_ERROR_IF(
      h.compression != kBiRgb && h.compression != kBiRle8 && h.compression != kBiRle4 && !bitfields,
      StatusCode::kUnsupported, "compression ", h.compression,
      " (expected 0 uncompressed, 1 RLE8, 2 RLE4 or 3 bitfields)");
  const bool bits_ok = h.compression == kBiRle8   ? h.bits == 8
                       : h.compression == kBiRle4 ? h.bits == 4
                       : bitfields                ? h.bits == 16 || h.bits == 32
                                   : h.bits == 1 || h.bits == 4 || h.bits == 8 || h.bits == 16 ||
                                         h.bits == 24 || h.bits == 32;
  RETURN_ERROR_IF(!bits_ok, StatusCode::kInvalidArgument, "bit count ", h.bits,
                  " with compression ", h.compression,
                  " (expected 1, 4, 8, 16, 24 or 32 bits; RLE8 with 8, RLE4 with 4, bitfields with "
                  "16 or 32)");
  RETURN_ERROR_IF(h.data_offset >= size, StatusCode::kInvalidArgument,
                  "truncated data (pixels start at byte ", h.data_offset, " of ", size, ")");
  if (h.bits <= 8) {
    ReadPalette(data, size, 14 + info_size, entry_bytes, used_colors, h);
  } else if (bitfields) {
    // The masks follow a 40-byte header and lie inside the longer ones.
    RETURN_ERROR_IF(size < 14 + 40 + 12, StatusCode::kInvalidArgument,
                    "truncated data (the bitfield masks end after ", size, " bytes)");
    for (int c = 0; c < 3; ++c) h.masks[c] = U32(data + 54 + 4 * c);
    RETURN_ERROR_IF(h.masks[0] == 0 || h.masks[1] == 0 || h.masks[2] == 0,
                    StatusCode::kInvalidArgument, "a bitfield mask is zero (red ", h.masks[0],
                    ", green ", h.masks[1], ", blue ", h.masks[2], ")");
  } else if (h.bits == 16) {
    h.masks[0] = 0x7c00, h.masks[1] = 0x03e0, h.masks[2] = 0x001f;  // 5-5-5
  } else if (h.bits == 32) {
    h.masks[0] = 0xff0000, h.masks[1] = 0x00ff00, h.masks[2] = 0x0000ff;
  }
  return h;
}

void PutIndex(const BmpHeader& h, uint8_t* rgb, uint32_t index) {
  std::memcpy(rgb, h.palette[index & 255], 3);
}

// Uncompressed rows are padded to a multiple of 4 bytes.
int64_t Stride(const BmpHeader& h) { return (h.width * h.bits + 31) / 32 * 4; }

// Before allocating: a size onyx decodes and, uncompressed, all the rows.
Status CheckPixelBytes(size_t size, const BmpHeader& h) {
  RETURN_IF_ERROR(CheckImageSize(h.height, h.width));
  if (h.compression == kBiRle8 || h.compression == kBiRle4) return Status::Ok();
  const int64_t stride = Stride(h);
  RETURN_ERROR_IF(stride * h.height > static_cast<int64_t>(size - h.data_offset),
                  StatusCode::kInvalidArgument, "truncated data (", h.height, " rows of ", stride,
                  " bytes from byte ", h.data_offset, " need ", h.data_offset + stride * h.height,
                  " bytes, got ", size, ")");
  return Status::Ok();
}

Status ReadRows(const uint8_t* data, const BmpHeader& h, RgbImage& image) {
  const int64_t stride = Stride(h);
  const Channel r(h.masks[0]), g(h.masks[1]), b(h.masks[2]);
  for (int64_t y = 0; y < h.height; ++y) {
    const uint8_t* in = data + h.data_offset + y * stride;
    uint8_t* out = image.row(h.top_down ? y : h.height - 1 - y);
    for (int64_t x = 0; x < h.width; ++x, out += 3) {
      if (h.bits <= 8) {
        const int64_t bit = x * h.bits;
        const uint32_t index = (in[bit / 8] >> (8 - h.bits - bit % 8)) & ((1u << h.bits) - 1);
        PutIndex(h, out, index);
      } else if (h.bits == 24) {
        out[0] = in[3 * x + 2], out[1] = in[3 * x + 1], out[2] = in[3 * x];
      } else {
        const uint32_t pixel = h.bits == 16 ? U16(in + 2 * x) : U32(in + 4 * x);
        out[0] = r.Get(pixel), out[1] = g.Get(pixel), out[2] = b.Get(pixel);
      }
    }
  }
  return Status::Ok();
}

// RLE8 and RLE4: runs of one index, literal runs, end of line, end of
// bitmap, and moves (delta) that leave pixels at palette entry 0.
Status ReadRle(const uint8_t* data, size_t size, const BmpHeader& h, RgbImage& image) {
  for (int64_t y = 0; y < h.height; ++y) {
    for (int64_t x = 0; x < h.width; ++x) PutIndex(h, image.row(y) + 3 * x, 0);
  }
  const bool rle4 = h.compression == kBiRle4;
  int64_t x = 0, y = 0;  // y counts rows in file order.
  auto put = [&](uint32_t index) {
    if (x < h.width && y < h.height) {
      PutIndex(h, image.row(h.top_down ? y : h.height - 1 - y) + 3 * x, index);
    }
    ++x;
  };
  size_t pos = h.data_offset;
  while (y < h.height) {
    RETURN_ERROR_IF(size - pos < 2, StatusCode::kInvalidArgument,
                    "truncated data (the RLE stream ends at row ", y, " of ", h.height, ")");
    const uint32_t n = data[pos], c = data[pos + 1];
    pos += 2;
    if (n > 0) {
      for (uint32_t i = 0; i < n; ++i) put(rle4 ? (i % 2 == 0 ? c >> 4 : c & 15) : c);
    } else if (c == 0) {
      x = 0, ++y;
    } else if (c == 1) {
      break;
    } else if (c == 2) {
      RETURN_ERROR_IF(size - pos < 2, StatusCode::kInvalidArgument,
                      "truncated data (an RLE move ends the stream)");
      x += data[pos], y += data[pos + 1];
      pos += 2;
    } else {
      const size_t bytes = rle4 ? (c + 1) / 2 : c;
      RETURN_ERROR_IF(size - pos < bytes, StatusCode::kInvalidArgument,
                      "truncated data (a literal RLE run of ", c, " pixels ends the stream)");
      for (uint32_t i = 0; i < c; ++i) {
        put(rle4 ? (i % 2 == 0 ? data[pos + i / 2] >> 4 : data[pos + i / 2] & 15) : data[pos + i]);
      }
      pos += bytes + (bytes & 1);  // Literal runs are padded to 16 bits.
      if (pos > size) pos = size;
    }
  }
  return Status::Ok();
}

}  // namespace

Result<RgbImage> DecodeBmp(const uint8_t* data, size_t size) {
  ASSIGN_OR_RETURN(BmpHeader h, ReadHeader(data, size));
  RETURN_IF_ERROR(CheckPixelBytes(size, h));
  ASSIGN_OR_RETURN(RgbImage image, AllocateRgbImage(h.height, h.width));
  if (h.compression == kBiRle8 || h.compression == kBiRle4) {
    RETURN_IF_ERROR(ReadRle(data, size, h, image));
  } else {
    RETURN_IF_ERROR(ReadRows(data, h, image));
  }
  return image;
}

}  // namespace onyx::kernels::ref::image
