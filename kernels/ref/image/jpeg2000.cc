// JPEG 2000 (a JP2 file or a bare J2K codestream) through OpenJPEG, read
// from memory, in strict mode so that a truncated codestream is an error
// rather than a blurred image. One or two components are gray (and alpha);
// three or more are R, G, B (and alpha). Components sampled more coarsely
// than the first are repeated; signed samples are offset to unsigned; wider
// than 8 bits keep their top 8 bits, narrower scale up to 0..255. sYCC, e-YCC
// and CMYK colour spaces are not converted and so are refused. OpenJPEG
// reports through callbacks of this codec only: the first error is the
// message.

#include <openjpeg.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <memory>

#include "kernels/ref/image/image.h"

namespace onyx::kernels::ref::image {
namespace {

struct J2kSource {
  const uint8_t* data = nullptr;
  size_t size = 0;
  size_t pos = 0;
  char message[256] = {};
};

OPJ_SIZE_T Read(void* out, OPJ_SIZE_T n, void* user) {
  auto* s = static_cast<J2kSource*>(user);
  if (s->pos >= s->size) return static_cast<OPJ_SIZE_T>(-1);
  const size_t count = std::min<size_t>(n, s->size - s->pos);
  std::memcpy(out, s->data + s->pos, count);
  s->pos += count;
  return count;
}

OPJ_OFF_T Skip(OPJ_OFF_T n, void* user) {
  auto* s = static_cast<J2kSource*>(user);
  if (n < 0) {
    const size_t back = std::min<size_t>(static_cast<size_t>(-n), s->pos);
    s->pos -= back;
    return -static_cast<OPJ_OFF_T>(back);
  }
  const size_t ahead =
      std::min<size_t>(static_cast<size_t>(n), s->size - std::min(s->pos, s->size));
  s->pos += ahead;
  return static_cast<OPJ_OFF_T>(ahead);
}

OPJ_BOOL Seek(OPJ_OFF_T offset, void* user) {
  auto* s = static_cast<J2kSource*>(user);
  if (offset < 0 || static_cast<uint64_t>(offset) > s->size) return OPJ_FALSE;
  s->pos = static_cast<size_t>(offset);
  return OPJ_TRUE;
}

void OnError(const char* message, void* user) {
  auto* s = static_cast<J2kSource*>(user);
  if (s->message[0] != '\0') return;
  std::strncpy(s->message, message, sizeof(s->message) - 1);
  // OpenJPEG's messages end with a newline, some with a space before it.
  for (size_t n = std::strlen(s->message);
       n > 0 && std::isspace(static_cast<unsigned char>(s->message[n - 1]));) {
    s->message[--n] = '\0';
  }
}

void Ignore(const char*, void*) {}

// opj_stream_t and opj_codec_t are the same type (void *): a deleter each.
struct StreamDeleter {
  void operator()(opj_stream_t* p) const { opj_stream_destroy(p); }
};
struct CodecDeleter {
  void operator()(opj_codec_t* p) const { opj_destroy_codec(p); }
};
struct ImageDeleter {
  void operator()(opj_image_t* p) const { opj_image_destroy(p); }
};

// Sample (x, y) of the image's grid from component `c`, as 8 bits.
uint8_t Sample(const opj_image_comp_t& c, const opj_image_comp_t& first, int64_t x, int64_t y) {
  const int64_t cx = std::min<int64_t>(x * first.dx / c.dx, c.w - 1);
  const int64_t cy = std::min<int64_t>(y * first.dy / c.dy, c.h - 1);
  int64_t v = c.data[cy * c.w + cx];
  if (c.sgnd) v += int64_t{1} << (c.prec - 1);
  v = std::clamp<int64_t>(v, 0, (int64_t{1} << c.prec) - 1);
  if (c.prec > 8) return static_cast<uint8_t>(v >> (c.prec - 8));
  return static_cast<uint8_t>(v * 255 / ((int64_t{1} << c.prec) - 1));
}

Status CheckImage(const opj_image_t& image) {
  RETURN_ERROR_IF(image.numcomps < 1 || image.comps == nullptr, StatusCode::kInvalidArgument,
                  "the image has no components");
  RETURN_ERROR_IF(image.color_space == OPJ_CLRSPC_SYCC || image.color_space == OPJ_CLRSPC_EYCC ||
                      image.color_space == OPJ_CLRSPC_CMYK,
                  StatusCode::kUnsupported, "colour space ", static_cast<int>(image.color_space),
                  " (sYCC, e-YCC or CMYK) is not supported (expected sRGB or gray)");
  const int used = image.numcomps >= 3 ? 3 : 1;
  for (int k = 0; k < used; ++k) {
    const opj_image_comp_t& c = image.comps[k];
    RETURN_ERROR_IF(c.data == nullptr || c.w == 0 || c.h == 0 || c.dx == 0 || c.dy == 0,
                    StatusCode::kInvalidArgument, "component ", k, " has no samples");
    RETURN_ERROR_IF(c.prec < 1 || c.prec > 31, StatusCode::kUnsupported, "component ", k, " has ",
                    c.prec, " bits a sample (expected 1 to 31)");
  }
  return Status::Ok();
}

}  // namespace

Result<RgbImage> DecodeJpeg2000(const uint8_t* data, size_t size) {
  J2kSource src;
  src.data = data;
  src.size = size;
  const bool jp2 = size >= 4 && std::memcmp(data, "\0\0\0\x0c", 4) == 0;
  std::unique_ptr<opj_stream_t, StreamDeleter> stream(opj_stream_default_create(OPJ_TRUE));
  std::unique_ptr<opj_codec_t, CodecDeleter> codec(
      opj_create_decompress(jp2 ? OPJ_CODEC_JP2 : OPJ_CODEC_J2K));
  RETURN_ERROR_IF(stream == nullptr || codec == nullptr, StatusCode::kOutOfMemory,
                  "OpenJPEG could not start");
  opj_stream_set_read_function(stream.get(), Read);
  opj_stream_set_skip_function(stream.get(), Skip);
  opj_stream_set_seek_function(stream.get(), Seek);
  opj_stream_set_user_data(stream.get(), &src, nullptr);
  opj_stream_set_user_data_length(stream.get(), size);
  opj_set_error_handler(codec.get(), OnError, &src);
  opj_set_warning_handler(codec.get(), Ignore, nullptr);
  opj_set_info_handler(codec.get(), Ignore, nullptr);
  opj_dparameters_t params;
  opj_set_default_decoder_parameters(&params);
  RETURN_ERROR_IF(!opj_setup_decoder(codec.get(), &params) ||
                      !opj_decoder_set_strict_mode(codec.get(), OPJ_TRUE),
                  StatusCode::kInternal, "OpenJPEG refused the default decoder parameters");
  opj_image_t* raw_image = nullptr;
  const bool header_ok = opj_read_header(stream.get(), codec.get(), &raw_image);
  std::unique_ptr<opj_image_t, ImageDeleter> decoded(raw_image);
  RETURN_ERROR_IF(!header_ok, StatusCode::kInvalidArgument, "corrupt or truncated header: ",
                  src.message[0] ? src.message : "OpenJPEG could not read it");
  // The header gives the size: refuse a huge one before OpenJPEG allocates it.
  RETURN_IF_ERROR(
      CheckImageSize(int64_t{decoded->y1} - decoded->y0, int64_t{decoded->x1} - decoded->x0));
  RETURN_ERROR_IF(!opj_decode(codec.get(), stream.get(), decoded.get()) ||
                      !opj_end_decompress(codec.get(), stream.get()),
                  StatusCode::kInvalidArgument, "corrupt or truncated data: ",
                  src.message[0] ? src.message : "OpenJPEG could not decode it");
  const opj_image_t& j = *decoded;
  RETURN_IF_ERROR(CheckImage(j));
  const opj_image_comp_t& first = j.comps[0];
  ASSIGN_OR_RETURN(RgbImage image, AllocateRgbImage(first.h, first.w));
  const bool gray = j.numcomps < 3;
  for (int64_t y = 0; y < image.height; ++y) {
    uint8_t* out = image.row(y);
    for (int64_t x = 0; x < image.width; ++x, out += 3) {
      out[0] = Sample(j.comps[0], first, x, y);
      out[1] = gray ? out[0] : Sample(j.comps[1], first, x, y);
      out[2] = gray ? out[0] : Sample(j.comps[2], first, x, y);
    }
  }
  return image;
}

}  // namespace onyx::kernels::ref::image
