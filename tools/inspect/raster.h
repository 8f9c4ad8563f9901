#pragma once

// A small RGB raster and a PNG encoder with no dependency: what
// onyx-inspect --plot plan.png draws into. Text uses a built-in 5x7 font
// (printable ASCII; other bytes draw as '?').

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace onyx::inspect {

struct Rgb {
  uint8_t r = 0, g = 0, b = 0;
};

class Canvas {
 public:
  Canvas(int width, int height, Rgb background);

  int width() const { return width_; }
  int height() const { return height_; }
  Rgb pixel(int x, int y) const;

  // Pixels [x0, x1) x [y0, y1), clipped to the canvas.
  void FillRect(int x0, int y0, int x1, int y1, Rgb color);
  // A line `thickness` pixels wide; `dash` > 0 draws dash-long strokes with
  // dash-long gaps.
  void Line(int x0, int y0, int x1, int y1, Rgb color, int thickness, int dash);
  // Text whose first glyph's bottom-left corner is at (x, y), each font
  // pixel `scale` pixels wide; `vertical` reads bottom to top.
  void Text(int x, int y, const std::string& text, Rgb color, int scale, bool vertical);
  static int TextWidth(const std::string& text, int scale);
  static int TextHeight(int scale) { return 7 * scale; }

  // The image as a PNG file: 8-bit RGB, one IDAT of zlib data.
  std::vector<uint8_t> EncodePng() const;

 private:
  void Set(int x, int y, Rgb color);

  int width_;
  int height_;
  std::vector<uint8_t> rgb_;  // Row-major, 3 bytes a pixel.
};

// CRC-32 (ISO-HDLC, as PNG chunks use), continuing from `crc`.
uint32_t Crc32(const uint8_t* data, size_t size, uint32_t crc = 0);
// Adler-32 (the zlib trailer).
uint32_t Adler32(const uint8_t* data, size_t size);
// A zlib stream of `data`: one deflate block with the fixed Huffman codes,
// repeats found at distances 1, 3 (an RGB pixel) and `row_bytes` (the row
// above), which is what flat-coloured plots are made of.
std::vector<uint8_t> ZlibCompress(const uint8_t* data, size_t size, size_t row_bytes);

}  // namespace onyx::inspect
