// onyx-inspect: what an .onyx file holds and the memory it will need, as
// text, JSON, or a picture of its memory plan.

#include <cstdio>
#include <fstream>
#include <string>

#include "tools/inspect/model_report.h"
#include "tools/inspect/plan_plot.h"

namespace {

constexpr const char* kUsage =
    "usage: onyx-inspect MODEL.onyx [--json] [--plot PLAN.svg|PLAN.png]\n"
    "\n"
    "Prints an .onyx model's inputs and outputs, its nodes by op type and provider,\n"
    "its weight bytes, its arena (beside the naive sum and the lower bound), and the\n"
    "peak memory a run needs.\n"
    "  --json         print the same as one JSON object\n"
    "  --plot PATH    draw the memory plan (.svg or .png): one rectangle per arena\n"
    "                 tensor, x = execution step, y = arena offset, coloured by op\n";

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool WriteFile(const std::string& path, const void* data, size_t size) {
  std::ofstream file(path, std::ios::binary);
  file.write(static_cast<const char*>(data), static_cast<std::streamsize>(size));
  return static_cast<bool>(file);
}

}  // namespace

int main(int argc, char** argv) {
  std::string model, plot;
  bool json = false;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      std::fputs(kUsage, stdout);
      return 0;
    } else if (arg == "--json") {
      json = true;
    } else if (arg == "--plot" && i + 1 < argc) {
      plot = argv[++i];
    } else if (!arg.empty() && arg[0] != '-' && model.empty()) {
      model = arg;
    } else {
      std::fprintf(stderr, "onyx-inspect: unexpected argument '%s'\n%s", arg.c_str(), kUsage);
      return 2;
    }
  }
  if (model.empty()) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  if (!plot.empty() && !EndsWith(plot, ".svg") && !EndsWith(plot, ".png")) {
    std::fprintf(stderr, "onyx-inspect: --plot '%s': expected a path ending in .svg or .png\n", plot.c_str());
    return 2;
  }
  auto report = onyx::inspect::InspectFile(model);
  if (!report.ok()) {
    std::fprintf(stderr, "onyx-inspect: error: %s: %s\n", model.c_str(), report.status().ToString().c_str());
    return 1;
  }
  std::string text = json ? onyx::inspect::ReportJson(report.value()) : onyx::inspect::ReportText(report.value());
  std::fputs(text.c_str(), stdout);
  if (!plot.empty()) {
    onyx::inspect::Scene scene = onyx::inspect::PlanScene(report.value());
    bool ok = false;
    if (EndsWith(plot, ".svg")) {
      std::string svg = onyx::inspect::RenderSvg(scene);
      ok = WriteFile(plot, svg.data(), svg.size());
    } else {
      std::vector<uint8_t> png = onyx::inspect::RenderPng(scene);
      ok = WriteFile(plot, png.data(), png.size());
    }
    if (!ok) {
      std::fprintf(stderr, "onyx-inspect: error: cannot write '%s'\n", plot.c_str());
      return 1;
    }
    if (!json) std::printf("plot: %s\n", plot.c_str());
  }
  return 0;
}
