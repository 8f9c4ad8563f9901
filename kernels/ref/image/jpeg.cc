// JPEG through libjpeg-turbo with its defaults (islow DCT, fancy upsampling),
// as PIL decodes it; grayscale and YCbCr come out as RGB. libjpeg reports
// errors by calling error_exit, whose default ends the process: ours formats
// the message and longjmps back into the function that called setjmp. Those
// functions (ReadHeader, ReadPixels) hold only trivially destructible locals,
// so the jump skips no destructor; DecodeJpeg owns the rest. A premature end
// of data, which libjpeg only warns about (and pads with gray), is an error
// here as it is in PIL; other warnings are ignored.

#include <csetjmp>
#include <cstdio>
#include <cstring>

// jpeglib.h needs FILE and size_t declared first; jerror.h follows it.
#include <jpeglib.h>
// The warning codes (JWRN_JPEG_EOF).
#include <jerror.h>

#include "kernels/ref/image/image.h"

namespace onyx::kernels::ref::image {
namespace {

struct JpegState {
  jpeg_decompress_struct cinfo;
  jpeg_error_mgr err;
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
  bool created = false;
  bool unsupported = false;  // The message names a valid variant onyx does not read.
};

JpegState* StateOf(j_common_ptr cinfo) { return static_cast<JpegState*>(cinfo->client_data); }

void OnError(j_common_ptr cinfo) {
  JpegState* s = StateOf(cinfo);
  (*cinfo->err->format_message)(cinfo, s->message);
  std::longjmp(s->jump, 1);
}

void OnMessage(j_common_ptr cinfo, int level) {
  if (level == -1 && cinfo->err->msg_code == JWRN_JPEG_EOF) OnError(cinfo);
}

bool ReadHeader(JpegState* s, const uint8_t* data, size_t size) {
  s->cinfo.err = jpeg_std_error(&s->err);
  s->err.error_exit = OnError;
  s->err.emit_message = OnMessage;
  s->cinfo.client_data = s;
  if (setjmp(s->jump)) return false;
  jpeg_create_decompress(&s->cinfo);
  s->created = true;
  jpeg_mem_src(&s->cinfo, data, static_cast<unsigned long>(size));
  jpeg_read_header(&s->cinfo, TRUE);
  const J_COLOR_SPACE space = s->cinfo.jpeg_color_space;
  if (space == JCS_CMYK || space == JCS_YCCK) {
    std::snprintf(s->message, sizeof(s->message),
                  "CMYK and YCCK images are not supported (expected grayscale, RGB or YCbCr)");
    s->unsupported = true;
    return false;
  }
  s->cinfo.out_color_space = JCS_RGB;
  return true;
}

bool ReadPixels(JpegState* s, RgbImage* image) {
  if (setjmp(s->jump)) return false;
  jpeg_start_decompress(&s->cinfo);
  while (s->cinfo.output_scanline < s->cinfo.output_height) {
    JSAMPROW row = image->row(s->cinfo.output_scanline);
    jpeg_read_scanlines(&s->cinfo, &row, 1);
  }
  // No jpeg_finish_decompress: data after the last scanline (or its absence)
  // do not matter, as in PIL.
  return true;
}

Status Failure(const JpegState& s, const char* what) {
  return MakeError(s.unsupported ? StatusCode::kUnsupported : StatusCode::kInvalidArgument,
                   s.unsupported ? "" : what, s.message);
}

}  // namespace

Result<RgbImage> DecodeJpeg(const uint8_t* data, size_t size) {
  JpegState s;
  s.message[0] = '\0';
  struct Destroy {
    JpegState& s;
    ~Destroy() {
      if (s.created) jpeg_destroy_decompress(&s.cinfo);
    }
  } destroy{s};
  if (!ReadHeader(&s, data, size)) return Failure(s, "corrupt or truncated header: ");
  ASSIGN_OR_RETURN(RgbImage image, AllocateRgbImage(s.cinfo.image_height, s.cinfo.image_width));
  if (!ReadPixels(&s, &image)) return Failure(s, "corrupt or truncated data: ");
  return image;
}

}  // namespace onyx::kernels::ref::image
