// ImageDecoder: decodes the encoded bytes of one image (BMP, JPEG, JPEG 2000,
// PNG, PNM, TIFF or WebP, told apart by their signature) into uint8
// [H, W, 3] in RGB or BGR order, or [H, W, 1] for Grayscale. Grayscale is
// the ITU-R 601-2 luma of the RGB pixels with PIL's integer weights and
// rounding, (19595 R + 38470 G + 7471 B + 2^15) >> 16, which is what PIL's
// convert("L") gives and the ONNX test data hold (the weights sum to 2^16,
// so gray images stay as they are). The size comes from the data, so the
// output is dynamic. Undecodable bytes are an error naming the format and
// what was wrong (the ONNX text suggests an empty output instead; an error
// cannot be mistaken for an image). The codecs live in kernels/ref/image/.

#include <cstring>
#include <string>

#include "kernels/ref/image/image.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

enum class PixelFormat { kRgb, kBgr, kGrayscale };

struct ImageDecoderParams {
  PixelFormat format = PixelFormat::kRgb;
  std::string input_name;
};

uint8_t Luma(const uint8_t* rgb) {
  return static_cast<uint8_t>((rgb[0] * 19595 + rgb[1] * 38470 + rgb[2] * 7471 + 0x8000) >> 16);
}

void WritePixels(const image::RgbImage& image, PixelFormat format, uint8_t* out) {
  const int64_t n = image.height * image.width;
  const uint8_t* in = image.pixels.get();
  switch (format) {
    case PixelFormat::kRgb:
      std::memcpy(out, in, static_cast<size_t>(n * 3));
      break;
    case PixelFormat::kBgr:
      for (int64_t i = 0; i < n; ++i, in += 3, out += 3) {
        out[0] = in[2], out[1] = in[1], out[2] = in[0];
      }
      break;
    case PixelFormat::kGrayscale:
      for (int64_t i = 0; i < n; ++i, in += 3) out[i] = Luma(in);
      break;
  }
}

}  // namespace

Status ImageDecoderPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, 1));
  RETURN_IF_ERROR(ExpectDType(ctx, 0, DTypeBit(DType::kUInt8)));
  RETURN_IF_ERROR(ctx.ExpectRank(0, 1, 1));
  ASSIGN_OR_RETURN(std::string format, StringAttr(ctx.attrs(), "pixel_format", "RGB"));
  auto* p = ctx.EmplaceState<ImageDecoderParams>();
  if (format == "RGB") {
    p->format = PixelFormat::kRgb;
  } else if (format == "BGR") {
    p->format = PixelFormat::kBgr;
  } else if (format == "Grayscale") {
    p->format = PixelFormat::kGrayscale;
  } else {
    return MakeError(StatusCode::kInvalidModel,
                     "attribute 'pixel_format' is not supported (expected RGB, BGR or Grayscale, "
                     "got '",
                     format, "')");
  }
  p->input_name = ctx.input(0).name;
  ctx.SetDynamicOutput(0, DType::kUInt8);
  return Status::Ok();
}

Status ImageDecoderRun(const RunContext& ctx) {
  const ImageDecoderParams& p = ctx.state<ImageDecoderParams>();
  const TensorView& encoded = ctx.input(0);
  Result<image::RgbImage> decoded = image::DecodeImage(encoded.data_as<const uint8_t>(),
                                                       static_cast<size_t>(encoded.num_elements()));
  if (!decoded.ok()) return decoded.status().WithContext(StrCat("input '", p.input_name, "'"));
  const image::RgbImage& image = decoded.value();
  const int64_t channels = p.format == PixelFormat::kGrayscale ? 1 : 3;
  RETURN_IF_ERROR(ctx.AllocateOutput(0, Dims{image.height, image.width, channels}));
  WritePixels(image, p.format, ctx.output(0).data_as<uint8_t>());
  return Status::Ok();
}

}  // namespace onyx::kernels::ref
