#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "converter/convert.h"
#include "tools/inspect/model_report.h"
#include "tools/inspect/plan_plot.h"
#include "tools/inspect/raster.h"

namespace onyx::inspect {
namespace {

constexpr const char* kSmallCnn = "examples/models/small_cnn.onnx";

struct Converted {
  converter::ConvertSummary summary;
  std::vector<uint8_t> file;
  ModelReport report;
};

Converted ConvertAndInspect() {
  Converted c;
  auto converted = converter::ConvertOnnxFile(kSmallCnn, {});
  EXPECT_TRUE(converted.ok()) << converted.status().ToString();
  if (!converted.ok()) return c;
  c.summary = converted->summary;
  c.file = converted->file;
  auto bytes = executor::ModelBytes::Copy(c.file.data(), c.file.size());
  EXPECT_TRUE(bytes.ok());
  auto report = InspectBytes(bytes.value(), "small_cnn.onyx");
  EXPECT_TRUE(report.ok()) << report.status().ToString();
  if (report.ok()) c.report = report.value();
  return c;
}

uint32_t BigEndian(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

TEST(Inspect, FiguresMatchWhatTheConverterPlanned) {
  Converted c = ConvertAndInspect();
  const ModelReport& r = c.report;
  ASSERT_TRUE(c.summary.planned);
  EXPECT_TRUE(r.planned);
  EXPECT_EQ(r.file_bytes, c.file.size());
  EXPECT_EQ(r.arena_bytes, c.summary.arena_bytes);
  EXPECT_EQ(r.naive_bytes, c.summary.naive_bytes);
  EXPECT_EQ(r.lower_bound_bytes, c.summary.lower_bound_bytes);
  EXPECT_EQ(r.weight_bytes, c.summary.weight_bytes);
  EXPECT_EQ(r.num_nodes, c.summary.num_nodes);
  EXPECT_GT(r.lower_bound_bytes, 0u);
  EXPECT_GE(r.arena_bytes, r.lower_bound_bytes);
  EXPECT_LT(r.arena_bytes, r.naive_bytes);
  EXPECT_TRUE(r.planner == "greedy_by_size" || r.planner == "greedy_by_breadth" || r.planner == "greedy_by_conflicts")
      << r.planner;
  std::map<std::string, int> expected(c.summary.op_counts.begin(), c.summary.op_counts.end()), got;
  for (const Count& op : r.op_counts) got[op.key] = op.count;
  EXPECT_EQ(got, expected);
  // The providers the converter assigned, as it counted them.
  std::map<std::string, int> want_providers(c.summary.provider_counts.begin(), c.summary.provider_counts.end()),
      got_providers;
  for (const Count& p : r.provider_counts) got_providers[p.key] = p.count;
  EXPECT_EQ(got_providers, want_providers);
  int assigned = 0;
  for (const auto& kv : got_providers) assigned += kv.second;
  EXPECT_EQ(assigned, static_cast<int>(r.num_nodes));
  // small_cnn: image float[batch,3,32,32] -> 10 class probabilities.
  ASSERT_EQ(r.inputs.size(), 1u);
  EXPECT_EQ(IoTypeString(r.inputs[0]), "float[batch,3,32,32]");
  ASSERT_EQ(r.plan_input_shapes.size(), 1u);
  EXPECT_EQ(r.plan_input_shapes[0], (Dims{1, 3, 32, 32}));
  ASSERT_EQ(r.outputs.size(), 1u);
  EXPECT_EQ(r.num_steps, static_cast<int>(r.num_nodes));
  // The planned tensors fill the arena exactly and stay inside it.
  ASSERT_FALSE(r.tensors.empty());
  uint64_t top = 0;
  for (const PlannedTensor& t : r.tensors) {
    EXPECT_LE(t.offset + t.size, r.arena_bytes) << t.name;
    EXPECT_LE(t.first, t.last) << t.name;
    EXPECT_FALSE(t.op.empty()) << t.name;
    top = std::max(top, t.offset + t.size);
  }
  EXPECT_GT(top, r.arena_bytes - 64);
  ASSERT_TRUE(r.scratch_known) << r.scratch_note;
  EXPECT_EQ(r.peak_bytes, r.file_bytes + r.arena_bytes + r.scratch_bytes);
}

TEST(Inspect, TextAndJsonCarryTheExactFigures) {
  Converted c = ConvertAndInspect();
  const ModelReport& r = c.report;
  std::string text = ReportText(r);
  for (uint64_t n : {r.arena_bytes, r.naive_bytes, r.lower_bound_bytes, r.weight_bytes, r.peak_bytes}) {
    EXPECT_NE(text.find("(" + std::to_string(n) + " bytes)"), std::string::npos) << n << "\n" << text;
  }
  EXPECT_NE(text.find("\n  image "), std::string::npos) << text;
  EXPECT_NE(text.find(" float[batch,3,32,32]\n"), std::string::npos) << text;
  EXPECT_NE(text.find("planned by " + r.planner + " for image" + DimsToString({1, 3, 32, 32})), std::string::npos)
      << text;
  std::string json = ReportJson(r);
  EXPECT_EQ(json.front(), '{');
  EXPECT_NE(json.find("\"arena_bytes\": " + std::to_string(c.summary.arena_bytes) + ","), std::string::npos);
  EXPECT_NE(json.find("\"lower_bound_bytes\": " + std::to_string(c.summary.lower_bound_bytes) + ","),
            std::string::npos);
  EXPECT_NE(json.find("\"shape\": [\"batch\", 3, 32, 32]"), std::string::npos) << json;
  EXPECT_NE(json.find("\"planner\": \"" + r.planner + "\""), std::string::npos);
}

TEST(Inspect, BadFilesAreRefused) {
  auto missing = InspectFile("no/such/model.onyx");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  std::vector<uint8_t> junk(256, 0x5A);
  auto bytes = executor::ModelBytes::Copy(junk.data(), junk.size());
  ASSERT_TRUE(bytes.ok());
  auto report = InspectBytes(bytes.value(), "junk.onyx");
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), StatusCode::kInvalidModel);
}

TEST(Raster, ChecksumsMatchTheirStandardCheckValues) {
  const char* digits = "123456789";
  EXPECT_EQ(Crc32(reinterpret_cast<const uint8_t*>(digits), 9), 0xCBF43926u);
  const char* wiki = "Wikipedia";
  EXPECT_EQ(Adler32(reinterpret_cast<const uint8_t*>(wiki), 9), 0x11E60398u);
}

TEST(Raster, DrawsRectsLinesAndText) {
  Canvas canvas(40, 30, Rgb{255, 255, 255});
  canvas.FillRect(2, 3, 6, 5, Rgb{10, 20, 30});
  EXPECT_EQ(canvas.pixel(2, 3).g, 20);
  EXPECT_EQ(canvas.pixel(5, 4).b, 30);
  EXPECT_EQ(canvas.pixel(6, 4).r, 255);  // x1 is exclusive.
  canvas.Line(0, 20, 39, 20, Rgb{1, 2, 3}, 1, 0);
  EXPECT_EQ(canvas.pixel(17, 20).r, 1);
  canvas.Text(10, 17, "I", Rgb{0, 0, 0}, 1, false);  // 'I' has its middle column set on every row.
  for (int y = 10; y < 17; ++y) EXPECT_EQ(canvas.pixel(12, y).r, 0) << y;
  EXPECT_EQ(canvas.pixel(12, 17).r, 255);
  EXPECT_EQ(Canvas::TextWidth("ab", 2), 22);
}

// Walks the chunks: signature, IHDR first, IEND last, every CRC right.
TEST(Plot, PngIsWellFormed) {
  Converted c = ConvertAndInspect();
  Scene scene = PlanScene(c.report);
  std::vector<uint8_t> png = RenderPng(scene);
  const uint8_t signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  ASSERT_GT(png.size(), 8u);
  ASSERT_EQ(std::memcmp(png.data(), signature, 8), 0);
  std::vector<std::string> types;
  size_t at = 8;
  while (at + 12 <= png.size()) {
    const uint32_t length = BigEndian(&png[at]);
    ASSERT_LE(at + 12 + length, png.size());
    types.emplace_back(reinterpret_cast<const char*>(&png[at + 4]), 4);
    EXPECT_EQ(BigEndian(&png[at + 8 + length]), Crc32(&png[at + 4], 4 + length)) << types.back();
    if (types.back() == "IHDR") {
      ASSERT_EQ(length, 13u);
      EXPECT_EQ(BigEndian(&png[at + 8]), static_cast<uint32_t>(scene.width));
      EXPECT_EQ(BigEndian(&png[at + 12]), static_cast<uint32_t>(scene.height));
      EXPECT_EQ(png[at + 16], 8);  // Bit depth.
      EXPECT_EQ(png[at + 17], 2);  // RGB.
    }
    if (types.back() == "IDAT") {
      EXPECT_EQ(png[at + 8], 0x78);  // zlib, deflate with a 32 KiB window.
      EXPECT_EQ((png[at + 8] * 256 + png[at + 9]) % 31, 0);
    }
    at += 12 + length;
  }
  EXPECT_EQ(at, png.size());
  EXPECT_EQ(types, (std::vector<std::string>{"IHDR", "IDAT", "IEND"}));
  // Flat colours compress: far below the raw 3 bytes a pixel.
  EXPECT_LT(png.size(), static_cast<size_t>(scene.width) * scene.height / 4);
}

// The SVG: an XML declaration, one <svg> root whose tags all close, and one
// rectangle with a tooltip per arena tensor, in the colour of its op.
TEST(Plot, SvgHasOneRectPerTensorAndBalancedTags) {
  Converted c = ConvertAndInspect();
  std::string svg = RenderSvg(PlanScene(c.report));
  ASSERT_EQ(svg.rfind("<?xml", 0), 0u);
  std::vector<std::string> open;
  size_t tooltips = 0, at = svg.find("?>") + 2;
  while ((at = svg.find('<', at)) != std::string::npos) {
    size_t end = svg.find('>', at);
    ASSERT_NE(end, std::string::npos);
    std::string tag = svg.substr(at + 1, end - at - 1);
    at = end + 1;
    if (tag[0] == '/') {
      ASSERT_FALSE(open.empty()) << tag;
      ASSERT_EQ(open.back(), tag.substr(1));
      open.pop_back();
      continue;
    }
    std::string name = tag.substr(0, tag.find_first_of(" /"));
    if (name == "title" && !open.empty() && open.back() == "rect") ++tooltips;
    if (tag.back() != '/') open.push_back(name);
    if (open.size() == 1) EXPECT_EQ(open[0], "svg");
  }
  EXPECT_TRUE(open.empty());
  EXPECT_EQ(tooltips, c.report.tensors.size());
  EXPECT_NE(svg.find(c.report.name + ": memory plan"), std::string::npos);
  EXPECT_NE(svg.find("lower bound"), std::string::npos);
  EXPECT_NE(svg.find("execution step"), std::string::npos);
  for (const PlannedTensor& t : c.report.tensors) {
    EXPECT_NE(svg.find("<title>" + t.name + " (" + t.op), std::string::npos) << t.name;
  }
}

}  // namespace
}  // namespace onyx::inspect
