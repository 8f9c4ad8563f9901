#pragma once

// The picture of a memory plan: one rectangle per arena tensor (x: the
// execution steps it is alive, y: its bytes in the arena), coloured by the op
// that writes it, with the arena size and the lower bound drawn across. One
// scene, drawn as SVG or rasterized to PNG, so both show the same rectangles.

#include <cstdint>
#include <string>
#include <vector>

#include "tools/inspect/model_report.h"
#include "tools/inspect/raster.h"

namespace onyx::inspect {

enum class Anchor { kStart, kMiddle, kEnd };

// One thing to draw, in pixels from the top-left corner; drawn in order.
struct Item {
  enum class Kind { kRect, kLine, kText } kind = Kind::kRect;
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // Rect corners, or line ends.
  Rgb color;                              // Fill, line or text colour.
  bool outline = false;                   // Rect: a darker border.
  double width = 1;                       // Line thickness.
  bool dashed = false;
  std::string text;                       // Text; a rect's tooltip (SVG <title>).
  int scale = 2;                          // Text: font pixels (7 * scale tall).
  Anchor anchor = Anchor::kStart;         // Text: where (x0, y0) sits on the baseline.
  bool vertical = false;                  // Text: reads bottom to top.
};

struct Scene {
  int width = 0;
  int height = 0;
  std::string title;
  std::vector<Item> items;
};

// The plan of `report` (empty plot with a note when it has none).
Scene PlanScene(const ModelReport& report);

std::string RenderSvg(const Scene& scene);
std::vector<uint8_t> RenderPng(const Scene& scene);

}  // namespace onyx::inspect
