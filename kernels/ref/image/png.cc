// PNG through libpng, read from memory, with transforms to 8-bit RGB:
// palettes expanded, gray of 1, 2 or 4 bits widened, 16-bit samples cut to
// their high byte (as PIL reads them), alpha and tRNS dropped, gray
// replicated, Adam7 interlacing undone; no gamma correction (PIL applies
// none). libpng reports errors through our error function, which records the
// message and longjmps back into ReadHeader or ReadPixels; both hold only
// trivially destructible locals. Warnings are dropped.

#include <png.h>

#include <cstring>
#include <memory>
#include <new>

#include "kernels/ref/image/image.h"

namespace onyx::kernels::ref::image {
namespace {

struct PngState {
  png_structp png = nullptr;
  png_infop info = nullptr;
  const uint8_t* data = nullptr;
  size_t size = 0;
  size_t pos = 0;
  png_uint_32 width = 0, height = 0;
  char message[200] = {};
};

void OnError(png_structp png, png_const_charp message) {
  auto* s = static_cast<PngState*>(png_get_error_ptr(png));
  std::strncpy(s->message, message, sizeof(s->message) - 1);
  png_longjmp(png, 1);
}

void OnWarning(png_structp, png_const_charp) {}

void ReadFromMemory(png_structp png, png_bytep out, png_size_t n) {
  auto* s = static_cast<PngState*>(png_get_io_ptr(png));
  if (n > s->size - s->pos) png_error(png, "the data end inside a chunk");
  std::memcpy(out, s->data + s->pos, n);
  s->pos += n;
}

bool ReadHeader(PngState* s) {
  s->png = png_create_read_struct(PNG_LIBPNG_VER_STRING, s, OnError, OnWarning);
  if (s->png == nullptr) {
    std::strncpy(s->message, "libpng could not start (out of memory)", sizeof(s->message) - 1);
    return false;
  }
  if (setjmp(png_jmpbuf(s->png))) return false;
  s->info = png_create_info_struct(s->png);
  if (s->info == nullptr) png_error(s->png, "out of memory");
  png_set_read_fn(s->png, s, ReadFromMemory);
  png_read_info(s->png, s->info);
  const int color = png_get_color_type(s->png, s->info);
  const int depth = png_get_bit_depth(s->png, s->info);
  if (color == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(s->png);
  if (color == PNG_COLOR_TYPE_GRAY && depth < 8) png_set_expand_gray_1_2_4_to_8(s->png);
  if (depth == 16) png_set_strip_16(s->png);
  png_set_strip_alpha(s->png);
  if ((color & PNG_COLOR_MASK_COLOR) == 0) png_set_gray_to_rgb(s->png);
  png_set_interlace_handling(s->png);
  png_read_update_info(s->png, s->info);
  s->width = png_get_image_width(s->png, s->info);
  s->height = png_get_image_height(s->png, s->info);
  if (png_get_rowbytes(s->png, s->info) != size_t{s->width} * 3) {
    png_error(s->png, "the transforms to 8-bit RGB did not give 3 bytes a pixel");
  }
  return true;
}

bool ReadPixels(PngState* s, png_bytepp rows) {
  if (setjmp(png_jmpbuf(s->png))) return false;
  png_read_image(s->png, rows);
  // No png_read_end: chunks after the image data do not change the pixels.
  return true;
}

}  // namespace

Result<RgbImage> DecodePng(const uint8_t* data, size_t size) {
  PngState s;
  s.data = data;
  s.size = size;
  struct Destroy {
    PngState& s;
    ~Destroy() {
      if (s.png != nullptr) png_destroy_read_struct(&s.png, s.info ? &s.info : nullptr, nullptr);
    }
  } destroy{s};
  RETURN_ERROR_IF(!ReadHeader(&s), StatusCode::kInvalidArgument,
                  "corrupt or truncated header: ", s.message);
  ASSIGN_OR_RETURN(RgbImage image, AllocateRgbImage(s.height, s.width));
  std::unique_ptr<png_bytep[]> rows(new (std::nothrow) png_bytep[s.height]);
  RETURN_ERROR_IF(rows == nullptr, StatusCode::kOutOfMemory, "cannot allocate ", s.height,
                  " row pointers");
  for (png_uint_32 y = 0; y < s.height; ++y) rows[y] = image.row(y);
  RETURN_ERROR_IF(!ReadPixels(&s, rows.get()), StatusCode::kInvalidArgument,
                  "corrupt or truncated data: ", s.message);
  return image;
}

}  // namespace onyx::kernels::ref::image
