#include "tools/inspect/plan_plot.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "runtime/core/status.h"

namespace onyx::inspect {
namespace {

constexpr int kWidth = 1200, kHeight = 640;
constexpr double kLeft = 130, kRight = 920, kTop = 84, kBottom = 560;  // The plot area.
constexpr double kLegendX = 945;
constexpr Rgb kInk{0x22, 0x22, 0x22}, kGrey{0x77, 0x77, 0x77}, kGrid{0xDD, 0xDD, 0xDD};
constexpr Rgb kPlotBackground{0xF6, 0xF6, 0xF6}, kWhite{0xFF, 0xFF, 0xFF};
constexpr Rgb kArenaColor{0xC0, 0x1F, 0x1F}, kBoundColor{0x1F, 0x4F, 0xB0};
constexpr Rgb kOtherOps{0xB8, 0xB0, 0xAA};
constexpr Rgb kPalette[] = {
    {0x4C, 0x78, 0xA8}, {0xF5, 0x85, 0x18}, {0x54, 0xA2, 0x4B}, {0xE4, 0x57, 0x56}, {0x72, 0xB7, 0xB2},
    {0xEE, 0xCA, 0x3B}, {0xB2, 0x79, 0xA2}, {0xFF, 0x9D, 0xA6}, {0x9D, 0x75, 0x5D}, {0x6B, 0x6E, 0xCF},
    {0x8C, 0xD1, 0x7D},
};
constexpr size_t kNamedOps = sizeof(kPalette) / sizeof(kPalette[0]);

Item Rect(double x0, double y0, double x1, double y1, Rgb color, bool outline = false, std::string tip = "") {
  Item it;
  it.kind = Item::Kind::kRect;
  it.x0 = x0, it.y0 = y0, it.x1 = x1, it.y1 = y1;
  it.color = color;
  it.outline = outline;
  it.text = std::move(tip);
  return it;
}

Item Line(double x0, double y0, double x1, double y1, Rgb color, double width, bool dashed = false) {
  Item it;
  it.kind = Item::Kind::kLine;
  it.x0 = x0, it.y0 = y0, it.x1 = x1, it.y1 = y1;
  it.color = color;
  it.width = width;
  it.dashed = dashed;
  return it;
}

Item Text(double x, double y, std::string text, Rgb color, int scale = 2, Anchor anchor = Anchor::kStart,
          bool vertical = false) {
  Item it;
  it.kind = Item::Kind::kText;
  it.x0 = x, it.y0 = y;
  it.text = std::move(text);
  it.color = color;
  it.scale = scale;
  it.anchor = anchor;
  it.vertical = vertical;
  return it;
}

// 1, 2 or 5 times a power of ten, so that `range` takes about `ticks` steps.
double NiceStep(double range, int ticks) {
  const double raw = std::max(range / ticks, 1e-9);
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0}) {
    if (m * power >= raw) return m * power;
  }
  return 10 * power;
}

std::string Number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%g", v);
  return buf;
}

Rgb Darker(Rgb c) {
  return Rgb{static_cast<uint8_t>(c.r * 0.6), static_cast<uint8_t>(c.g * 0.6), static_cast<uint8_t>(c.b * 0.6)};
}

// Op types by the area (bytes x steps) their tensors cover, largest first.
std::vector<std::string> OpsByArea(const ModelReport& r) {
  std::map<std::string, double> area;
  for (const PlannedTensor& t : r.tensors) area[t.op] += static_cast<double>(t.size) * (t.last - t.first + 1);
  std::vector<std::pair<std::string, double>> sorted(area.begin(), area.end());
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  std::vector<std::string> ops;
  for (const auto& kv : sorted) ops.push_back(kv.first);
  return ops;
}

void AddAxes(const ModelReport& r, double y_max, Scene* s) {
  auto y_of = [&](double bytes) { return kBottom - bytes / y_max * (kBottom - kTop); };
  const double steps = std::max(1, r.num_steps + 1);
  const char* unit = y_max >= 1048576 ? "MiB" : y_max >= 1024 ? "KiB" : "B";
  const double unit_bytes = y_max >= 1048576 ? 1048576 : y_max >= 1024 ? 1024 : 1;
  const double y_step = NiceStep(y_max / unit_bytes, 6);
  for (double v = 0; v * unit_bytes <= y_max; v += y_step) {
    const double y = y_of(v * unit_bytes);
    s->items.push_back(Line(kLeft, y, kRight, y, kGrid, 1));
    s->items.push_back(Line(kLeft - 6, y, kLeft, y, kGrey, 1));
    s->items.push_back(Text(kLeft - 10, y + 7, Number(v) + " " + unit, kInk, 2, Anchor::kEnd));
  }
  const double x_step = std::max(1.0, NiceStep(steps, 10));
  for (double v = 0; v < steps; v += x_step) {
    const double x = kLeft + (v + 0.5) / steps * (kRight - kLeft);
    s->items.push_back(Line(x, kBottom, x, kBottom + 6, kGrey, 1));
    s->items.push_back(Text(x, kBottom + 24, Number(v), kInk, 2, Anchor::kMiddle));
  }
  s->items.push_back(Line(kLeft, kTop, kLeft, kBottom, kGrey, 1));
  s->items.push_back(Line(kLeft, kBottom, kRight, kBottom, kGrey, 1));
  s->items.push_back(Text((kLeft + kRight) / 2, kBottom + 56, "execution step", kInk, 2, Anchor::kMiddle));
  s->items.push_back(Text(34, (kTop + kBottom) / 2, "arena offset", kInk, 2, Anchor::kMiddle, /*vertical=*/true));
}

// A horizontal limit across the plot, labelled at its right end on a white
// box (above the line, or below it when `below`).
void AddLimit(double y, Rgb color, bool dashed, const std::string& label, bool below, Scene* s) {
  s->items.push_back(Line(kLeft, y, kRight, y, color, 2, dashed));
  const double width = Canvas::TextWidth(label, 2);
  const double base = below ? y + 20 : y - 6;
  s->items.push_back(Rect(kRight - 10 - width, base - 16, kRight - 4, base + 3, kWhite));
  s->items.push_back(Text(kRight - 7, base, label, color, 2, Anchor::kEnd));
}

}  // namespace

Scene PlanScene(const ModelReport& r) {
  Scene s;
  s.width = kWidth;
  s.height = kHeight;
  s.title = r.name + ": memory plan";
  s.items.push_back(Rect(0, 0, kWidth, kHeight, kWhite));
  s.items.push_back(Rect(kLeft, kTop, kRight, kBottom, kPlotBackground));
  s.items.push_back(Text(20, 36, s.title, kInk, 3));
  std::string subtitle = r.planned ? StrCat("arena ", HumanBytes(r.arena_bytes), "   lower bound ",
                                            HumanBytes(r.lower_bound_bytes), "   naive sum ", HumanBytes(r.naive_bytes),
                                            "   planner ", r.planner.empty() ? "?" : r.planner)
                                   : std::string("not planned ahead: the runtime plans the arena per input shape");
  s.items.push_back(Text(20, 64, subtitle, kGrey, 2));
  const double y_max = std::max<double>({static_cast<double>(r.arena_bytes), static_cast<double>(r.lower_bound_bytes),
                                         64.0}) * 1.08;
  AddAxes(r, y_max, &s);
  std::vector<std::string> ops = OpsByArea(r);
  std::map<std::string, Rgb> color_of;
  for (size_t i = 0; i < ops.size(); ++i) color_of[ops[i]] = i < kNamedOps ? kPalette[i] : kOtherOps;
  const double steps = std::max(1, r.num_steps + 1);
  auto x_of = [&](double step) { return kLeft + step / steps * (kRight - kLeft); };
  auto y_of = [&](double bytes) { return kBottom - bytes / y_max * (kBottom - kTop); };
  for (const PlannedTensor& t : r.tensors) {
    std::string tip = StrCat(t.name, " (", t.op, "): ", HumanBytes(t.size), " at offset ", t.offset, ", steps ",
                             t.first, "-", t.last);
    // At least 2 pixels tall, so that small tensors still show.
    const double bottom = y_of(static_cast<double>(t.offset));
    const double top = std::min(y_of(static_cast<double>(t.offset + t.size)), bottom - 2);
    s.items.push_back(Rect(x_of(t.first), top, x_of(t.last + 1), bottom, color_of[t.op], true, tip));
  }
  if (r.planned) {
    // Two labels less than a line apart: the bound's goes below its line.
    const double y_arena = y_of(static_cast<double>(r.arena_bytes));
    const double y_bound = y_of(static_cast<double>(r.lower_bound_bytes));
    // The dashed bound goes over the arena line, so that both show when equal.
    AddLimit(y_arena, kArenaColor, false, "arena " + HumanBytes(r.arena_bytes), false, &s);
    AddLimit(y_bound, kBoundColor, true, "lower bound " + HumanBytes(r.lower_bound_bytes), y_bound - y_arena < 24, &s);
  }
  double y = kTop + 8;
  s.items.push_back(Text(kLegendX, y, "written by", kInk, 2));
  for (size_t i = 0; i < ops.size() && i <= kNamedOps; ++i) {
    y += 24;
    const bool other = i == kNamedOps;
    s.items.push_back(Rect(kLegendX, y - 14, kLegendX + 16, y + 2, other ? kOtherOps : kPalette[i], true));
    std::string label = other ? "other ops" : ops[i];
    if (label.size() > 19) label = label.substr(0, 17) + "..";
    s.items.push_back(Text(kLegendX + 24, y, label, kInk, 2));
  }
  y += 40;
  s.items.push_back(Line(kLegendX, y - 6, kLegendX + 16, y - 6, kArenaColor, 2));
  s.items.push_back(Text(kLegendX + 24, y, "arena size", kInk, 2));
  y += 24;
  s.items.push_back(Line(kLegendX, y - 6, kLegendX + 16, y - 6, kBoundColor, 2, true));
  s.items.push_back(Text(kLegendX + 24, y, "lower bound", kInk, 2));
  return s;
}

namespace {

std::string Hex(Rgb c) {
  char buf[8];
  std::snprintf(buf, sizeof(buf), "#%02x%02x%02x", c.r, c.g, c.b);
  return buf;
}

std::string Escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default:
        // XML 1.0 admits no control characters but tab and newlines.
        if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n') out += c;
    }
  }
  return out;
}

std::string Fixed(double v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.2f", v);
  return buf;
}

}  // namespace

std::string RenderSvg(const Scene& scene) {
  std::string svg = StrCat("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
                           "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"", scene.width, "\" height=\"", scene.height, "\" viewBox=\"0 0 ", scene.width, " ",
                           scene.height, "\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">\n<title>",
                           Escape(scene.title), "</title>\n");
  for (const Item& it : scene.items) {
    switch (it.kind) {
      case Item::Kind::kRect:
        svg += StrCat("<rect x=\"", Fixed(it.x0), "\" y=\"", Fixed(it.y0), "\" width=\"",
                      Fixed(std::max(it.x1 - it.x0, 0.5)), "\" height=\"", Fixed(std::max(it.y1 - it.y0, 0.5)),
                      "\" fill=\"", Hex(it.color), "\"");
        if (it.outline) svg += StrCat(" stroke=\"", Hex(Darker(it.color)), "\" stroke-width=\"0.6\"");
        svg += it.text.empty() ? "/>\n" : StrCat("><title>", Escape(it.text), "</title></rect>\n");
        break;
      case Item::Kind::kLine:
        svg += StrCat("<line x1=\"", Fixed(it.x0), "\" y1=\"", Fixed(it.y0), "\" x2=\"", Fixed(it.x1), "\" y2=\"",
                      Fixed(it.y1), "\" stroke=\"", Hex(it.color), "\" stroke-width=\"", Fixed(it.width), "\"",
                      it.dashed ? " stroke-dasharray=\"8 6\"" : "", "/>\n");
        break;
      case Item::Kind::kText: {
        const char* anchor = it.anchor == Anchor::kMiddle ? "middle" : it.anchor == Anchor::kEnd ? "end" : "start";
        svg += StrCat("<text x=\"", Fixed(it.x0), "\" y=\"", Fixed(it.y0), "\" font-size=\"", 5 * it.scale + 4,
                      "\" fill=\"", Hex(it.color), "\" text-anchor=\"", anchor, "\"");
        if (it.vertical) svg += StrCat(" transform=\"rotate(-90 ", Fixed(it.x0), " ", Fixed(it.y0), ")\"");
        svg += StrCat(">", Escape(it.text), "</text>\n");
        break;
      }
    }
  }
  return svg + "</svg>\n";
}

std::vector<uint8_t> RenderPng(const Scene& scene) {
  Canvas canvas(scene.width, scene.height, kWhite);
  auto px = [](double v) { return static_cast<int>(std::lround(v)); };
  for (const Item& it : scene.items) {
    switch (it.kind) {
      case Item::Kind::kRect: {
        const int x0 = px(it.x0), y0 = px(it.y0);
        const int x1 = std::max(px(it.x1), x0 + 1), y1 = std::max(px(it.y1), y0 + 1);
        canvas.FillRect(x0, y0, x1, y1, it.color);
        if (it.outline && x1 - x0 >= 4 && y1 - y0 >= 4) {
          const Rgb edge = Darker(it.color);
          canvas.FillRect(x0, y0, x1, y0 + 1, edge);
          canvas.FillRect(x0, y1 - 1, x1, y1, edge);
          canvas.FillRect(x0, y0, x0 + 1, y1, edge);
          canvas.FillRect(x1 - 1, y0, x1, y1, edge);
        }
        break;
      }
      case Item::Kind::kLine:
        canvas.Line(px(it.x0), px(it.y0), px(it.x1), px(it.y1), it.color, px(it.width), it.dashed ? 7 : 0);
        break;
      case Item::Kind::kText: {
        const int width = Canvas::TextWidth(it.text, it.scale);
        const int shift = it.anchor == Anchor::kMiddle ? width / 2 : it.anchor == Anchor::kEnd ? width : 0;
        if (it.vertical) {
          canvas.Text(px(it.x0), px(it.y0) + shift, it.text, it.color, it.scale, true);
        } else {
          canvas.Text(px(it.x0) - shift, px(it.y0), it.text, it.color, it.scale, false);
        }
        break;
      }
    }
  }
  return canvas.EncodePng();
}

}  // namespace onyx::inspect
