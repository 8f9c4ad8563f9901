// WebP (lossy and lossless, still images) through libwebp's advanced API,
// decoding straight into the RGB image with libwebp's default (fancy)
// upsampling; alpha is dropped. libwebp returns status codes, so no jumps.

#include <webp/decode.h>

#include "kernels/ref/image/image.h"

namespace onyx::kernels::ref::image {
namespace {

const char* Describe(VP8StatusCode code) {
  switch (code) {
    case VP8_STATUS_OUT_OF_MEMORY:
      return "libwebp ran out of memory";
    case VP8_STATUS_INVALID_PARAM:
      return "invalid parameter";
    case VP8_STATUS_BITSTREAM_ERROR:
      return "corrupt bitstream";
    case VP8_STATUS_UNSUPPORTED_FEATURE:
      return "unsupported feature";
    case VP8_STATUS_SUSPENDED:
      return "corrupt or truncated data (decoding suspended)";
    case VP8_STATUS_USER_ABORT:
      return "decoding aborted";
    case VP8_STATUS_NOT_ENOUGH_DATA:
      return "truncated data";
    case VP8_STATUS_OK:
      break;
  }
  return "unknown error";
}

Status Failure(VP8StatusCode code, const char* where) {
  const StatusCode status = code == VP8_STATUS_OUT_OF_MEMORY         ? StatusCode::kOutOfMemory
                            : code == VP8_STATUS_UNSUPPORTED_FEATURE ? StatusCode::kUnsupported
                                                                     : StatusCode::kInvalidArgument;
  return MakeError(status, Describe(code), " (libwebp status ", static_cast<int>(code), ", ", where,
                   ")");
}

}  // namespace

Result<RgbImage> DecodeWebp(const uint8_t* data, size_t size) {
  WebPDecoderConfig config;
  RETURN_ERROR_IF(!WebPInitDecoderConfig(&config), StatusCode::kInternal,
                  "libwebp's decoder version does not match its header");
  VP8StatusCode code = WebPGetFeatures(data, size, &config.input);
  if (code != VP8_STATUS_OK) return Failure(code, "reading the header");
  RETURN_ERROR_IF(config.input.has_animation, StatusCode::kUnsupported,
                  "animated WebP is not supported (expected a still image)");
  ASSIGN_OR_RETURN(RgbImage image, AllocateRgbImage(config.input.height, config.input.width));
  config.output.colorspace = MODE_RGB;
  config.output.is_external_memory = 1;
  config.output.u.RGBA.rgba = image.pixels.get();
  config.output.u.RGBA.stride = static_cast<int>(image.width * 3);
  config.output.u.RGBA.size = static_cast<size_t>(image.height * image.width * 3);
  code = WebPDecode(data, size, &config);
  WebPFreeDecBuffer(&config.output);  // Frees nothing of ours; required after WebPDecode.
  if (code != VP8_STATUS_OK) return Failure(code, "decoding the pixels");
  return image;
}

}  // namespace onyx::kernels::ref::image
