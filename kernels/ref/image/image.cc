#include "kernels/ref/image/image.h"

#include <cstdio>
#include <cstring>
#include <new>
#include <string>

namespace onyx::kernels::ref::image {
namespace {

bool StartsWith(const uint8_t* data, size_t size, const char* magic, size_t n) {
  return size >= n && std::memcmp(data, magic, n) == 0;
}

// "42 4d 00 ..." of the first bytes, for the unknown-format message.
std::string LeadingBytes(const uint8_t* data, size_t size) {
  std::string s;
  char hex[4];
  for (size_t i = 0; i < size && i < 8; ++i) {
    std::snprintf(hex, sizeof(hex), "%02x", data[i]);
    if (i > 0) s += ' ';
    s += hex;
  }
  return s.empty() ? std::string("no bytes") : s;
}

}  // namespace

const char* ImageFormatName(ImageFormat format) {
  switch (format) {
    case ImageFormat::kBmp:
      return "BMP";
    case ImageFormat::kJpeg:
      return "JPEG";
    case ImageFormat::kJpeg2000:
      return "JPEG 2000";
    case ImageFormat::kPng:
      return "PNG";
    case ImageFormat::kPnm:
      return "PNM";
    case ImageFormat::kTiff:
      return "TIFF";
    case ImageFormat::kWebp:
      return "WebP";
    case ImageFormat::kUnknown:
      break;
  }
  return "unknown";
}

ImageFormat SniffImageFormat(const uint8_t* data, size_t size) {
  if (StartsWith(data, size, "\xff\xd8\xff", 3)) return ImageFormat::kJpeg;
  if (StartsWith(data, size, "\x89PNG\r\n\x1a\n", 8)) return ImageFormat::kPng;
  if (StartsWith(data, size, "BM", 2)) return ImageFormat::kBmp;
  // Classic and BigTIFF, either byte order.
  if (StartsWith(data, size, "II*\0", 4) || StartsWith(data, size, "MM\0*", 4) ||
      StartsWith(data, size, "II+\0", 4) || StartsWith(data, size, "MM\0+", 4)) {
    return ImageFormat::kTiff;
  }
  if (size >= 12 && StartsWith(data, size, "RIFF", 4) && std::memcmp(data + 8, "WEBP", 4) == 0) {
    return ImageFormat::kWebp;
  }
  // The JP2 signature box, or a bare J2K codestream (SOC then SIZ).
  if (StartsWith(data, size, "\0\0\0\x0cjP  \r\n\x87\n", 12) ||
      StartsWith(data, size, "\xff\x4f\xff\x51", 4)) {
    return ImageFormat::kJpeg2000;
  }
  // P1..P6 (and P7, PAM, which DecodePnm names as unsupported).
  if (size >= 2 && data[0] == 'P' && data[1] >= '1' && data[1] <= '7') return ImageFormat::kPnm;
  return ImageFormat::kUnknown;
}

Status CheckImageSize(int64_t height, int64_t width) {
  RETURN_ERROR_IF(height <= 0 || width <= 0, StatusCode::kInvalidArgument, "the image is empty (",
                  height, " x ", width, " pixels)");
  RETURN_ERROR_IF(height > kMaxImagePixels / width, StatusCode::kUnsupported, "the image of ",
                  height, " x ", width, " pixels is larger than onyx decodes (at most ",
                  kMaxImagePixels, " pixels)");
  return Status::Ok();
}

Result<RgbImage> AllocateRgbImage(int64_t height, int64_t width) {
  RETURN_IF_ERROR(CheckImageSize(height, width));
  RgbImage image;
  image.height = height;
  image.width = width;
  image.pixels.reset(new (std::nothrow) uint8_t[static_cast<size_t>(height * width * 3)]);
  RETURN_ERROR_IF(image.pixels == nullptr, StatusCode::kOutOfMemory, "cannot allocate ",
                  height * width * 3, " bytes for the decoded image");
  return image;
}

Result<RgbImage> DecodeImage(const uint8_t* data, size_t size) {
  const ImageFormat format = SniffImageFormat(data, size);
  Result<RgbImage> image = Status(StatusCode::kInternal, "no decoder ran");
  switch (format) {
    case ImageFormat::kBmp:
      image = DecodeBmp(data, size);
      break;
    case ImageFormat::kJpeg:
      image = DecodeJpeg(data, size);
      break;
    case ImageFormat::kJpeg2000:
      image = DecodeJpeg2000(data, size);
      break;
    case ImageFormat::kPng:
      image = DecodePng(data, size);
      break;
    case ImageFormat::kPnm:
      image = DecodePnm(data, size);
      break;
    case ImageFormat::kTiff:
      image = DecodeTiff(data, size);
      break;
    case ImageFormat::kWebp:
      image = DecodeWebp(data, size);
      break;
    case ImageFormat::kUnknown:
      return MakeError(StatusCode::kInvalidArgument,
                       "not a supported image format (expected the signature of BMP, JPEG, "
                       "JPEG 2000, PNG, PNM, TIFF or WebP, got ",
                       LeadingBytes(data, size), ")");
  }
  if (!image.ok()) return image.status().WithContext(ImageFormatName(format));
  return image;
}

}  // namespace onyx::kernels::ref::image
