#pragma once

// Image decoding behind ImageDecoder: finds the format from its magic bytes
// and decodes to 8-bit RGB. BMP and PNM are read here (bmp.cc, pnm.cc);
// JPEG, PNG, TIFF, WebP and JPEG 2000 through Debian's libjpeg-turbo,
// libpng, libtiff, libwebp and OpenJPEG, whose error paths each codec's glue
// catches (libjpeg and libpng report errors by longjmp, kept inside the glue).
// Every failure is a Status, never an abort:
//   kInvalidArgument  unknown format, corrupt or truncated data;
//   kUnsupported      a valid variant not handled (CMYK JPEG, animated WebP,
//                     PAM), or an image over kMaxImagePixels;
//   kOutOfMemory      the pixels could not be allocated.
// Messages say what was wrong, without the format or the tensor: the kernel
// adds those.
//
// Conversions to RGB: grayscale is replicated; palettes are expanded; alpha
// is dropped (TIFF's unassociated alpha excepted: libtiff's RGBA interface
// premultiplies it); samples wider than 8 bits keep their top 8 bits, PNM's
// maxval and narrower samples are rescaled to 0..255.

#include <cstddef>
#include <cstdint>
#include <memory>

#include "runtime/core/status.h"

namespace onyx::kernels::ref::image {

enum class ImageFormat { kUnknown, kBmp, kJpeg, kJpeg2000, kPng, kPnm, kTiff, kWebp };

// "JPEG", "PNG", ...; "unknown" for kUnknown.
const char* ImageFormatName(ImageFormat format);

// The format whose signature `data` starts with, or kUnknown.
ImageFormat SniffImageFormat(const uint8_t* data, size_t size);

// `height` rows of `width` RGB triplets, row-major, no padding.
struct RgbImage {
  int64_t height = 0;
  int64_t width = 0;
  std::unique_ptr<uint8_t[]> pixels;

  uint8_t* row(int64_t y) { return pixels.get() + y * width * 3; }
  const uint8_t* row(int64_t y) const { return pixels.get() + y * width * 3; }
};

// The largest image decoded (16384 x 16384): bounds the memory a hostile
// header can make the decoder ask for.
constexpr int64_t kMaxImagePixels = int64_t{1} << 28;

// kInvalidArgument for an empty size, kUnsupported past kMaxImagePixels.
// Decoders call it before checking that the data hold that many pixels.
Status CheckImageSize(int64_t height, int64_t width);

// An RgbImage of height x width with uninitialised pixels: CheckImageSize's
// errors, or kOutOfMemory.
Result<RgbImage> AllocateRgbImage(int64_t height, int64_t width);

// Decodes one image of any supported format; on failure the message starts
// with the format's name ("PNG: ...").
Result<RgbImage> DecodeImage(const uint8_t* data, size_t size);

// The decoders, one per format, for data whose signature matched.
Result<RgbImage> DecodeBmp(const uint8_t* data, size_t size);
Result<RgbImage> DecodeJpeg(const uint8_t* data, size_t size);
Result<RgbImage> DecodeJpeg2000(const uint8_t* data, size_t size);
Result<RgbImage> DecodePng(const uint8_t* data, size_t size);
Result<RgbImage> DecodePnm(const uint8_t* data, size_t size);
Result<RgbImage> DecodeTiff(const uint8_t* data, size_t size);
Result<RgbImage> DecodeWebp(const uint8_t* data, size_t size);

}  // namespace onyx::kernels::ref::image
