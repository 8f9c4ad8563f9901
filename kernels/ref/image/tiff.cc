// TIFF through libtiff, read from memory with TIFFClientOpenExt, the first
// image of the file. libtiff's RGBA interface (TIFFReadRGBAImageOriented)
// converts every photometric interpretation it knows (gray, palette, RGB,
// YCbCr, CIE L*a*b*, ...) and bit depth to 8-bit RGBA; the alpha is dropped.
// Errors and warnings go to handlers of this handle only (libtiff's global
// ones print to stderr): the first error becomes the message.

#include <tiffio.h>

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <memory>
#include <new>

#include "kernels/ref/image/image.h"

namespace onyx::kernels::ref::image {
namespace {

struct TiffSource {
  const uint8_t* data = nullptr;
  uint64_t size = 0;
  uint64_t pos = 0;
  char message[256] = {};
};

TiffSource* SourceOf(thandle_t h) { return static_cast<TiffSource*>(h); }

tmsize_t Read(thandle_t h, void* out, tmsize_t n) {
  TiffSource* s = SourceOf(h);
  if (n < 0) return -1;
  const uint64_t count = s->pos >= s->size ? 0 : std::min<uint64_t>(n, s->size - s->pos);
  std::memcpy(out, s->data + s->pos, count);
  s->pos += count;
  return static_cast<tmsize_t>(count);
}

tmsize_t Write(thandle_t, void*, tmsize_t) { return -1; }

toff_t Seek(thandle_t h, toff_t offset, int whence) {
  TiffSource* s = SourceOf(h);
  const uint64_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? s->pos : s->size;
  // Offsets are unsigned: a backward SEEK_CUR wraps around, which the sum
  // undoes in 64-bit arithmetic.
  s->pos = base + offset;
  return s->pos;
}

int Close(thandle_t) { return 0; }
toff_t Size(thandle_t h) { return SourceOf(h)->size; }
int Map(thandle_t, void**, toff_t*) { return 0; }
void Unmap(thandle_t, void*, toff_t) {}

int OnError(TIFF*, void* user, const char* module, const char* format, va_list args) {
  auto* s = static_cast<TiffSource*>(user);
  if (s->message[0] == '\0') {
    int n = std::snprintf(s->message, sizeof(s->message), "%s: ", module ? module : "libtiff");
    if (n < 0 || n >= static_cast<int>(sizeof(s->message))) n = 0;
    std::vsnprintf(s->message + n, sizeof(s->message) - n, format, args);
  }
  return 1;  // Handled: libtiff's global handler does not print it.
}

int OnWarning(TIFF*, void*, const char*, const char*, va_list) { return 1; }

const char* MessageOr(const TiffSource& s, const char* fallback) {
  return s.message[0] != '\0' ? s.message : fallback;
}

}  // namespace

Result<RgbImage> DecodeTiff(const uint8_t* data, size_t size) {
  TiffSource src;
  src.data = data;
  src.size = size;
  TIFFOpenOptions* options = TIFFOpenOptionsAlloc();
  RETURN_ERROR_IF(options == nullptr, StatusCode::kOutOfMemory, "libtiff could not start");
  TIFFOpenOptionsSetErrorHandlerExtR(options, OnError, &src);
  TIFFOpenOptionsSetWarningHandlerExtR(options, OnWarning, &src);
  // "m": no memory mapping; the procedures above read from `data`.
  TIFF* tif =
      TIFFClientOpenExt("memory", "rm", &src, Read, Write, Seek, Close, Size, Map, Unmap, options);
  TIFFOpenOptionsFree(options);
  RETURN_ERROR_IF(tif == nullptr, StatusCode::kInvalidArgument,
                  "corrupt or truncated header: ", MessageOr(src, "libtiff could not open it"));
  std::unique_ptr<TIFF, void (*)(TIFF*)> closer(tif, TIFFClose);
  uint32_t width = 0, height = 0;
  RETURN_ERROR_IF(TIFFGetField(tif, TIFFTAG_IMAGEWIDTH, &width) != 1 ||
                      TIFFGetField(tif, TIFFTAG_IMAGELENGTH, &height) != 1,
                  StatusCode::kInvalidArgument, "the image width or length tag is missing");
  char reason[1024] = {};
  RETURN_ERROR_IF(TIFFRGBAImageOK(tif, reason) != 1, StatusCode::kUnsupported,
                  "libtiff cannot convert this image to RGB: ", reason);
  ASSIGN_OR_RETURN(RgbImage image, AllocateRgbImage(height, width));
  const size_t pixels = size_t{width} * height;
  std::unique_ptr<uint32_t[]> raster(new (std::nothrow) uint32_t[pixels]);
  RETURN_ERROR_IF(raster == nullptr, StatusCode::kOutOfMemory, "cannot allocate ", pixels * 4,
                  " bytes for the RGBA raster");
  src.message[0] = '\0';  // Errors libtiff recovered from while opening do not count.
  const int ok = TIFFReadRGBAImageOriented(tif, width, height, raster.get(), ORIENTATION_TOPLEFT,
                                           /*stop_on_error=*/1);
  RETURN_ERROR_IF(ok != 1, StatusCode::kInvalidArgument, "corrupt or truncated data: ",
                  MessageOr(src, "libtiff could not read the pixels"));
  uint8_t* out = image.pixels.get();
  for (size_t i = 0; i < pixels; ++i, out += 3) {
    out[0] = static_cast<uint8_t>(TIFFGetR(raster[i]));
    out[1] = static_cast<uint8_t>(TIFFGetG(raster[i]));
    out[2] = static_cast<uint8_t>(TIFFGetB(raster[i]));
  }
  return image;
}

}  // namespace onyx::kernels::ref::image
