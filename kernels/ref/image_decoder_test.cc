#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/internal/image_decoder_test_util.h"
#include "kernels/ref/internal/image_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

namespace vectors = image_vectors;
using image_test::Append;
using image_test::Bmp;
using image_test::Bytes;
using image_test::EncodeJpeg;
using image_test::Png;

template <size_t N>
Bytes Of(const uint8_t (&a)[N]) {
  return Bytes(a, a + N);
}

Bytes Text(const std::string& s) { return Bytes(s.begin(), s.end()); }

Result<std::vector<HostTensor>> Decode(const Bytes& file, const std::string& pixel_format = "") {
  KernelRunner runner(Library(), "ImageDecoder", 20);
  if (!pixel_format.empty()) runner.Attr("pixel_format", pixel_format);
  return runner.Run({HostTensor::From<uint8_t>({static_cast<int64_t>(file.size())}, file)});
}

void ExpectPixels(const Bytes& file, const std::string& pixel_format, const Dims& dims,
                  const Bytes& expected) {
  auto out = Decode(file, pixel_format);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dtype(), DType::kUInt8);
  EXPECT_EQ(out.value()[0].dims(), dims);
  EXPECT_EQ(out.value()[0].values<uint8_t>(), expected);
}

void ExpectRgb(const Bytes& file, int64_t height, int64_t width, const Bytes& expected) {
  ExpectPixels(file, "", Dims{height, width, 3}, expected);
}

void ExpectDecodeError(const Bytes& file, StatusCode code, const std::string& text) {
  testing::ExpectError(Decode(file), code, text);
}

// The image every lossless file of the ONNX test data decodes to.
Bytes Checkerboard() {
  const int tiles = vectors::kSize / vectors::kTile;
  Bytes image(vectors::kSize * vectors::kSize * 3, 0);
  for (int y = 0; y < tiles * vectors::kTile; ++y) {
    for (int x = 0; x < tiles * vectors::kTile; ++x) {
      const int tile = (y / vectors::kTile) * tiles + x / vectors::kTile;
      for (int c = 0; c < 3; ++c) {
        image[(y * vectors::kSize + x) * 3 + c] = vectors::kTileColors[tile * 3 + c];
      }
    }
  }
  return image;
}

Bytes SwapRedBlue(Bytes rgb) {
  for (size_t i = 0; i + 2 < rgb.size(); i += 3) std::swap(rgb[i], rgb[i + 2]);
  return rgb;
}

TEST(ImageDecoder, LosslessFilesFromTheOnnxDataGiveTheCheckerboard) {
  ExpectRgb(Of(vectors::kPng), 32, 32, Checkerboard());
  ExpectRgb(Of(vectors::kTiff), 32, 32, Checkerboard());
  ExpectRgb(Of(vectors::kJpeg2000), 32, 32, Checkerboard());
}

TEST(ImageDecoder, JpegMatchesPilInEachPixelFormat) {
  const Bytes rgb = Of(vectors::kJpegRgb);
  ExpectRgb(Of(vectors::kJpeg), 32, 32, rgb);
  ExpectPixels(Of(vectors::kJpeg), "RGB", {32, 32, 3}, rgb);
  ExpectPixels(Of(vectors::kJpeg), "BGR", {32, 32, 3}, SwapRedBlue(rgb));
  ExpectPixels(Of(vectors::kJpeg), "Grayscale", {32, 32, 1}, Of(vectors::kJpegGray));
}

TEST(ImageDecoder, LossyWebpMatchesPil) {
  ExpectRgb(Of(vectors::kWebp), 32, 32, Of(vectors::kWebpRgb));
  ExpectPixels(Of(vectors::kWebp), "BGR", {32, 32, 3}, SwapRedBlue(Of(vectors::kWebpRgb)));
}

// PIL's convert("L"): (19595 R + 38470 G + 7471 B + 32768) >> 16, worked by
// hand. (0, 170, 15) and (19, 17, 60) are where rounding 0.299 R + 0.587 G +
// 0.114 B in floating point gives 101 and 23 instead.
TEST(ImageDecoder, GrayscaleIsPilsIntegerLuma) {
  Bytes ppm = Text("P6\n4 2\n255\n");
  Append(ppm, Bytes{255, 0,   0,   0, 255, 0,  0,  0,  255, 255, 255, 255,  //
                    100, 100, 100, 0, 170, 15, 19, 17, 60,  1,   2,   3});
  ExpectPixels(ppm, "Grayscale", {2, 4, 1}, Bytes{76, 150, 29, 255, 100, 102, 22, 2});
  ExpectPixels(ppm, "BGR", {2, 4, 3},
               Bytes{0,   0,   255, 0,  255, 0, 255, 0,  0,  255, 255, 255,  //
                     100, 100, 100, 15, 170, 0, 60,  17, 19, 3,   2,   1});
}

TEST(ImageDecoder, BmpUncompressedDepths) {
  // 24 bits, bottom-up, 3 pixels a row padded from 9 to 12 bytes (BGR).
  ExpectRgb(Bmp(3, 2, 24, 0, {}, {1,  2,  3,  4,  5,  6,  7,  8,  9,  0, 0, 0,  //
                                  10, 11, 12, 13, 14, 15, 16, 17, 18, 0, 0, 0}),
            2, 3, {12, 11, 10, 15, 14, 13, 18, 17, 16, 3, 2, 1, 6, 5, 4, 9, 8, 7});
  // 32 bits, top-down (negative height), BGRX.
  ExpectRgb(Bmp(2, -2, 32, 0, {}, {1, 2, 3, 99, 4, 5, 6, 99, 7, 8, 9, 99, 10, 11, 12, 99}), 2, 2,
            {3, 2, 1, 6, 5, 4, 9, 8, 7, 12, 11, 10});
  // 8 bits with a 3-colour palette (B, G, R, 0 each).
  const Bytes palette = {0, 0, 255, 0, 0, 255, 0, 0, 255, 0, 0, 0};
  ExpectRgb(Bmp(2, 1, 8, 0, palette, {2, 1, 0, 0}, 3), 1, 2, {0, 0, 255, 0, 255, 0});
  // 4 bits: high nibble first.
  ExpectRgb(Bmp(3, 1, 4, 0, palette, {0x01, 0x20, 0, 0}, 3), 1, 3,
            {255, 0, 0, 0, 255, 0, 0, 0, 255});
  // 1 bit: 9 pixels, most significant bit first, the row padded to 4 bytes.
  const Bytes mono = {0, 0, 0, 0, 255, 255, 255, 0};
  Bytes want;
  for (int x = 0; x < 9; ++x)
    Append(want, x == 0 || x == 8 ? Bytes{255, 255, 255} : Bytes{0, 0, 0});
  ExpectRgb(Bmp(9, 1, 1, 0, mono, {0x80, 0x80, 0, 0}, 2), 1, 9, want);
}

TEST(ImageDecoder, BmpSixteenBitsAndBitfields) {
  // Default 5-5-5: white, red, blue 1 (1 * 255 / 31 = 8, truncated as PIL does).
  ExpectRgb(Bmp(3, 1, 16, 0, {}, {0xff, 0x7f, 0x00, 0x7c, 0x01, 0x00, 0, 0}), 1, 3,
            {255, 255, 255, 255, 0, 0, 0, 0, 8});
  // BI_BITFIELDS 5-6-5: green 63 and green 1 (255 / 63 = 4).
  Bytes masks;
  image_test::Le32(masks, 0xf800);
  image_test::Le32(masks, 0x07e0);
  image_test::Le32(masks, 0x001f);
  ExpectRgb(Bmp(2, 1, 16, 3, masks, {0xe0, 0x07, 0x20, 0x00}), 1, 2, {0, 255, 0, 0, 4, 0});
  // 32-bit bitfields in an unusual order: R in the low byte.
  Bytes masks32;
  image_test::Le32(masks32, 0x000000ff);
  image_test::Le32(masks32, 0x0000ff00);
  image_test::Le32(masks32, 0x00ff0000);
  ExpectRgb(Bmp(1, 1, 32, 3, masks32, {10, 20, 30, 0}), 1, 1, {10, 20, 30});
}

TEST(ImageDecoder, BmpRunLengthEncoded) {
  const Bytes palette = {9, 9, 9, 0, 0, 0, 255, 0, 0, 255, 0, 0};  // gray 9, red, green
  const Bytes gray = {9, 9, 9}, red = {255, 0, 0}, green = {0, 255, 0};
  // RLE8, 4 x 2, bottom row first: a run of two 1s and end of line; then a
  // literal run 2, 0, 1 (padded to an even count) and end of bitmap. Pixels
  // the stream skips stay palette entry 0.
  const Bytes rle8 = {2, 1, 0, 0, 0, 3, 2, 0, 1, 0, 0, 1};
  Bytes want;
  for (const Bytes* p : {&green, &gray, &red, &gray, &red, &red, &gray, &gray}) Append(want, *p);
  ExpectRgb(Bmp(4, 2, 8, 1, palette, rle8, 3), 2, 4, want);
  // RLE4, 7 x 1: a run of 3 alternating 1, 2; a move (delta) by one pixel;
  // a literal run 2, 2, 0 (two bytes, already even); end of bitmap.
  const Bytes rle4 = {3, 0x12, 0, 2, 1, 0, 0, 3, 0x22, 0x00, 0, 1};
  Bytes want4;
  for (const Bytes* p : {&red, &green, &red, &gray, &green, &green, &gray}) Append(want4, *p);
  ExpectRgb(Bmp(7, 1, 4, 2, palette, rle4, 3), 1, 7, want4);
}

TEST(ImageDecoder, PngColourTypesBecomeRgb) {
  // Gray 8 bits.
  ExpectRgb(Png(2, 1, 8, 0, {0, 7, 200}), 1, 2, {7, 7, 7, 200, 200, 200});
  // Palette of 1 bit with tRNS: the colours, alpha dropped.
  ExpectRgb(Png(2, 1, 1, 3, {0, 0x40}, {{"PLTE", {10, 20, 30, 40, 50, 60}}, {"tRNS", {0, 128}}}), 1,
            2, {10, 20, 30, 40, 50, 60});
  // RGBA 8 bits: alpha dropped.
  ExpectRgb(Png(1, 1, 8, 6, {0, 1, 2, 3, 4}), 1, 1, {1, 2, 3});
  // Gray and alpha, 16 bits: the high bytes.
  ExpectRgb(Png(1, 1, 16, 4, {0, 0x12, 0x34, 0xff, 0xff}), 1, 1, {0x12, 0x12, 0x12});
  // RGB 16 bits, big-endian samples.
  ExpectRgb(Png(1, 1, 16, 2, {0, 0xab, 1, 0xcd, 2, 0xef, 3}), 1, 1, {0xab, 0xcd, 0xef});
  // Adam7, 2 x 2 gray: pass 1 holds (0, 0), pass 6 (1, 0), pass 7 row 1.
  ExpectRgb(Png(2, 2, 8, 0, {0, 10, 0, 20, 0, 30, 40}, {}, /*interlaced=*/true), 2, 2,
            {10, 10, 10, 20, 20, 20, 30, 30, 30, 40, 40, 40});
}

TEST(ImageDecoder, GrayJpegIsReplicatedAndCmykIsRefused) {
  Bytes gray(16 * 8), want;
  for (int i = 0; i < 16 * 8; ++i) gray[i] = i % 16 < 8 ? 40 : 200;
  for (uint8_t v : gray) Append(want, Bytes{v, v, v});
  const Bytes jpeg = EncodeJpeg(16, 8, 1, JCS_GRAYSCALE, gray);
  ExpectRgb(jpeg, 8, 16, want);
  ExpectPixels(jpeg, "Grayscale", {8, 16, 1}, gray);
  ExpectDecodeError(EncodeJpeg(8, 8, 4, JCS_CMYK, Bytes(8 * 8 * 4, 100)), StatusCode::kUnsupported,
                    "JPEG: CMYK and YCCK images are not supported");
}

TEST(ImageDecoder, PnmPlainAndRawKinds) {
  // P1 with a comment: 1 is black.
  ExpectRgb(Text("P1\n# a comment\n3 2\n1 0 1\n010\n"), 2, 3,
            {0, 0, 0, 255, 255, 255, 0, 0, 0, 255, 255, 255, 0, 0, 0, 255, 255, 255});
  // P4: 9 pixels in 2 bytes, most significant bit first.
  Bytes p4 = Text("P4 9 1\n");
  Append(p4, Bytes{0x80, 0x80});
  Bytes want;
  for (int x = 0; x < 9; ++x)
    Append(want, x == 0 || x == 8 ? Bytes{0, 0, 0} : Bytes{255, 255, 255});
  ExpectRgb(p4, 1, 9, want);
  // P2 with maxval 15: (v * 255 + 7) / 15 gives 0, 119, 255.
  ExpectRgb(Text("P2 3 1 15 0 7 15"), 1, 3, {0, 0, 0, 119, 119, 119, 255, 255, 255});
  // P3.
  ExpectRgb(Text("P3\n1 1\n255\n10 20 30\n"), 1, 1, {10, 20, 30});
  // P5 with 16-bit samples: 0x1234 = 4660 scales to (4660 * 255 + 32767) / 65535 = 18.
  Bytes p5 = Text("P5 2 1 65535\n");
  Append(p5, Bytes{0x12, 0x34, 0xff, 0xff});
  ExpectRgb(p5, 1, 2, {18, 18, 18, 255, 255, 255});
  // P6 with maxval 100: 50 scales to 128 (half up), 100 to 255.
  Bytes p6 = Text("P6 1 1 100\n");
  Append(p6, Bytes{50, 100, 0});
  ExpectRgb(p6, 1, 1, {128, 255, 0});
}

TEST(ImageDecoder, BmpAndPnmOfTheCheckerboard) {
  const Bytes board = Checkerboard();
  Bytes ppm = Text("P6\n32 32\n255\n");
  Append(ppm, board);
  ExpectRgb(ppm, 32, 32, board);
  Bytes rows;  // Bottom-up BGR, 96 bytes a row (no padding needed).
  for (int y = 31; y >= 0; --y)
    Append(rows, SwapRedBlue(Bytes(&board[y * 96], &board[y * 96 + 96])));
  ExpectRgb(Bmp(32, 32, 24, 0, {}, rows), 32, 32, board);
}

// The library formats' files from the ONNX data, with the name each error
// message starts with.
struct LibraryFile {
  const char* format;
  Bytes file;
};

std::vector<LibraryFile> LibraryFiles() {
  return {{"JPEG", Of(vectors::kJpeg)},
          {"PNG", Of(vectors::kPng)},
          {"TIFF", Of(vectors::kTiff)},
          {"WebP", Of(vectors::kWebp)},
          {"JPEG 2000", Of(vectors::kJpeg2000)}};
}

TEST(ImageDecoder, TruncatedLibraryFilesAreErrors) {
  for (const LibraryFile& f : LibraryFiles()) {
    SCOPED_TRACE(f.format);
    for (size_t cut : {size_t{20}, f.file.size() / 2, f.file.size() - 20}) {
      SCOPED_TRACE(cut);
      const Bytes head(f.file.begin(), f.file.begin() + cut);
      ExpectDecodeError(head, StatusCode::kInvalidArgument,
                        std::string("input 'input0': ") + f.format + ": ");
      ExpectDecodeError(head, StatusCode::kInvalidArgument, "truncated");
    }
  }
}

// Damage each decoder must notice (entropy-coded data may decode to other
// pixels without complaint, so these hit headers and checksums).
TEST(ImageDecoder, CorruptLibraryFilesAreErrors) {
  Bytes jpeg = Of(vectors::kJpeg);
  const Bytes sof0 = {0xff, 0xc0};
  auto sof = std::search(jpeg.begin(), jpeg.end(), sof0.begin(), sof0.end());
  ASSERT_NE(sof, jpeg.end());
  sof[4] = 3;  // Sample precision 3 bits.
  ExpectDecodeError(jpeg, StatusCode::kInvalidArgument, "JPEG: corrupt or truncated header: ");
  ExpectDecodeError(jpeg, StatusCode::kInvalidArgument, "precision 3");

  Bytes png = Of(vectors::kPng);
  png[30] ^= 0x5a;  // Inside IHDR: its CRC no longer matches.
  ExpectDecodeError(png, StatusCode::kInvalidArgument,
                    "PNG: corrupt or truncated header: IHDR: CRC error");
  png = Of(vectors::kPng);
  for (size_t k = 104; k < 108; ++k) png[k] ^= 0x5a;  // Inside IDAT's deflate stream.
  ExpectDecodeError(png, StatusCode::kInvalidArgument, "PNG: corrupt or truncated data: IDAT");

  Bytes tiff = Of(vectors::kTiff);
  tiff[12] ^= 0x5a;  // The ImageWidth entry's type.
  ExpectDecodeError(tiff, StatusCode::kInvalidArgument, "TIFF: corrupt or truncated header: ");
  ExpectDecodeError(tiff, StatusCode::kInvalidArgument, "ImageWidth");

  Bytes webp = Of(vectors::kWebp);
  for (size_t k = 12; k < 16; ++k) webp[k] ^= 0x5a;  // The VP8 chunk's tag.
  ExpectDecodeError(webp, StatusCode::kInvalidArgument, "WebP: corrupt bitstream");

  Bytes jp2 = Of(vectors::kJpeg2000);
  jp2[12] ^= 0x5a;  // The ftyp box's size.
  ExpectDecodeError(jp2, StatusCode::kInvalidArgument, "JPEG 2000: corrupt or truncated header: ");
  ExpectDecodeError(jp2, StatusCode::kInvalidArgument, "box 'ftyp'");
}

TEST(ImageDecoder, BmpErrors) {
  ExpectDecodeError(Bmp(3, 2, 24, 0, {}, Bytes(12, 0)), StatusCode::kInvalidArgument,
                    "BMP: truncated data (2 rows of 12 bytes from byte 54 need 78 bytes, got 66)");
  const Bytes whole = Bmp(1, 1, 24, 0, {}, {1, 2, 3, 0});
  ExpectDecodeError(Bytes(whole.begin(), whole.begin() + 20), StatusCode::kInvalidArgument,
                    "BMP: truncated data (20 bytes");
  ExpectDecodeError(Bmp(1, 1, 24, 4, {}, {1, 2, 3, 0}), StatusCode::kUnsupported,
                    "BMP: compression 4");
  ExpectDecodeError(Bmp(1, 1, 7, 0, {}, {1, 2, 3, 0}), StatusCode::kInvalidArgument,
                    "BMP: bit count 7");
  ExpectDecodeError(Bmp(0, 1, 24, 0, {}, {1, 2, 3, 0}), StatusCode::kInvalidArgument, "empty");
  ExpectDecodeError(Bmp(4, 2, 8, 1, Bytes(8, 0), {2, 1, 0, 0}, 2), StatusCode::kInvalidArgument,
                    "BMP: truncated data (the RLE stream ends at row 1 of 2)");
  ExpectDecodeError(Bmp(100000, 100000, 24, 0, {}, {1, 2, 3, 0}), StatusCode::kUnsupported,
                    "larger than onyx decodes");
  Bytes bad_masks;
  for (int k = 0; k < 3; ++k) image_test::Le32(bad_masks, k == 1 ? 0 : 0xff);
  ExpectDecodeError(Bmp(1, 1, 32, 3, bad_masks, {1, 2, 3, 4}), StatusCode::kInvalidArgument,
                    "a bitfield mask is zero");
}

TEST(ImageDecoder, PnmErrors) {
  ExpectDecodeError(Text("P2 1 1 3 4"), StatusCode::kInvalidArgument,
                    "PNM: sample 0 is 4, above maxval 3");
  Bytes p5 = Text("P5 1 1 1000\n");
  Append(p5, Bytes{0x03, 0xe9});
  ExpectDecodeError(p5, StatusCode::kInvalidArgument, "is 1001, above maxval 1000");
  Bytes p6 = Text("P6 2 2 255\n");
  Append(p6, Bytes(11, 7));
  ExpectDecodeError(p6, StatusCode::kInvalidArgument,
                    "PNM: truncated data (2 x 2 pixels need 12 bytes from byte 11, got 11)");
  ExpectDecodeError(Text("P6 2 2"), StatusCode::kInvalidArgument,
                    "PNM: truncated data (the file ends before the maxval)");
  ExpectDecodeError(Text("P3 2 2 255 1 2 3"), StatusCode::kInvalidArgument, "truncated");
  ExpectDecodeError(Text("P5 x 2 255\n"), StatusCode::kInvalidArgument,
                    "the width at byte 3 is not a decimal number");
  ExpectDecodeError(Text("P5 1 1 0\n\0"), StatusCode::kInvalidArgument,
                    "maxval 0 is out of range (expected 1 to 65535)");
  ExpectDecodeError(Text("P7\nWIDTH 1\n"), StatusCode::kUnsupported, "PNM: PAM (P7)");
  ExpectDecodeError(Text("P1 2 1 1 2"), StatusCode::kInvalidArgument, "is not 0 or 1");
}

TEST(ImageDecoder, UnknownFormatsAndEmptyInput) {
  ExpectDecodeError(Bytes{'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0}, StatusCode::kInvalidArgument,
                    "input 'input0': not a supported image format (expected the signature of BMP, "
                    "JPEG, JPEG 2000, PNG, PNM, TIFF or WebP, got 47 49 46 38 39 61 01 00)");
  ExpectDecodeError({}, StatusCode::kInvalidArgument, "got no bytes");
  ExpectDecodeError(Bytes(vectors::kPng, vectors::kPng + 8), StatusCode::kInvalidArgument,
                    "PNG: corrupt or truncated header");
}

TEST(ImageDecoder, RejectsBadAttributesAndInputs) {
  const Bytes file = Text("P6 1 1 255\n\1\2\3");
  const int64_t n = static_cast<int64_t>(file.size());
  const HostTensor ppm = HostTensor::From<uint8_t>({n}, file);
  for (const char* bad : {"YUV", "rgb", ""}) {
    testing::ExpectError(
        KernelRunner(Library(), "ImageDecoder", 20)
            .Attr("pixel_format", std::string(bad))
            .Run({ppm}),
        StatusCode::kInvalidModel,
        std::string("attribute 'pixel_format' is not supported (expected RGB, BGR or Grayscale, "
                    "got '") +
            bad + "')");
  }
  testing::ExpectError(
      KernelRunner(Library(), "ImageDecoder", 20).Attr("pixel_format", int64_t{1}).Run({ppm}),
      StatusCode::kInvalidModel, "attribute 'pixel_format' type (expected string, got int)");
  testing::ExpectError(
      KernelRunner(Library(), "ImageDecoder", 20).Run({HostTensor::From<uint8_t>({1, n}, file)}),
      StatusCode::kInvalidArgument, "has rank 2 (expected 1");
  testing::ExpectError(
      KernelRunner(Library(), "ImageDecoder", 20).Run({HostTensor::From<int8_t>({2}, {1, 2})}),
      StatusCode::kNotFound, "no kernel for ImageDecoder");
  testing::ExpectError(KernelRunner(Library(), "ImageDecoder", 19).Run({ppm}),
                       StatusCode::kNotFound, "no kernel for ImageDecoder");
}

// Every prefix and a few hundred random byte changes of a file of each
// format: each decodes or fails with a message, never crashes (the runner's
// guard bytes also catch writes past the output).
TEST(ImageDecoder, DamagedFilesNeverCrash) {
  struct Target {
    Bytes file;
    size_t first = 0;  // Random changes hit bytes from here on.
  };
  std::vector<Target> targets;
  for (const LibraryFile& f : LibraryFiles()) targets.push_back({f.file});
  const Bytes board = Checkerboard();
  Bytes ppm = Text("P6\n32 32\n255\n");
  Append(ppm, board);
  targets.push_back({ppm});
  targets.push_back({Text("P2 3 2 15\n1 2 3\n4 5 6\n")});
  targets.push_back({Bmp(32, 32, 24, 0, {}, board)});
  // An RLE stream may end a bitmap early, so a damaged height could ask for
  // a huge, valid image: damage only the stream after the palette.
  targets.push_back({Bmp(4, 2, 8, 1, Bytes(12, 9), {2, 1, 0, 0, 0, 3, 2, 0, 1, 0, 0, 1}, 3), 66});
  std::mt19937 rng(20);
  for (const Target& t : targets) {
    std::vector<Bytes> damaged;
    for (size_t cut = 0; cut < t.file.size(); cut += 1 + t.file.size() / 300) {
      damaged.emplace_back(t.file.begin(), t.file.begin() + cut);
    }
    for (int trial = 0; trial < 300; ++trial) {
      Bytes d = t.file;
      const int changes = std::uniform_int_distribution<int>(1, 4)(rng);
      for (int k = 0; k < changes; ++k) {
        d[std::uniform_int_distribution<size_t>(t.first, d.size() - 1)(rng)] =
            static_cast<uint8_t>(std::uniform_int_distribution<int>(0, 255)(rng));
      }
      damaged.push_back(std::move(d));
    }
    for (const Bytes& d : damaged) {
      auto out = Decode(d);
      if (out.ok()) {
        const Dims& dims = out.value()[0].dims();
        ASSERT_EQ(dims.size(), 3u);
        EXPECT_EQ(dims[2], 3);
        EXPECT_GT(dims[0] * dims[1], 0);
      } else {
        const StatusCode code = out.status().code();
        EXPECT_TRUE(code == StatusCode::kInvalidArgument || code == StatusCode::kUnsupported)
            << out.status().ToString();
        EXPECT_GT(out.status().message().size(), std::string("input 'input0': ").size());
      }
    }
  }
}

}  // namespace
}  // namespace onyx::kernels::ref
