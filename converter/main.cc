// onyx-convert: ONNX model in, .onyx file out, memory planned ahead of time.

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include "converter/convert.h"
#include "format/ops_config.h"

namespace {

constexpr const char* kUsage =
    "usage: onyx-convert MODEL.onnx -o MODEL.onyx [--input-shape NAME:D0,D1,...]... [--optimize LEVEL]\n"
    "                    [--emit-ops OPS.config] [--quiet]\n"
    "       onyx-convert --emit-ops OPS.config [options] MODEL.(onnx|onyx)...\n"
    "\n"
    "Converts an ONNX model to an .onyx file whose memory is planned ahead of time.\n"
    "  -o, --output PATH        where to write the .onyx file\n"
    "  --input-shape NAME:DIMS  fix the shape of input NAME (replaces symbolic dims); given again for\n"
    "                           the same NAME, adds a shape profile: the file keeps the symbolic dims\n"
    "                           and holds one plan per profile (e.g. batch 1, 4 and 16)\n"
    "  --optimize LEVEL         graph optimizations, ONNX Runtime's levels: disable_all, basic\n"
    "                           (folding, no-op and dead-node elimination), extended (+ fusions),\n"
    "                           layout, all (the default); ORT_ENABLE_BASIC etc. also accepted\n"
    "  --providers LIST         providers to assign nodes to, in priority order (comma-separated ONNX\n"
    "                           Runtime names; default every one built in, CPUExecutionProvider last)\n"
    "  --emit-ops PATH          write the ops the models run (after the passes) as an ops config, ONNX\n"
    "                           Runtime's reduced-ops format, for a selective build (kernels/BUILD);\n"
    "                           without -o, lists the ops of every MODEL given (.onyx files as they are)\n"
    "  --quiet                  print nothing on success\n";

std::string HumanBytes(uint64_t n) {
  char buf[32];
  if (n >= (1u << 20)) std::snprintf(buf, sizeof(buf), "%.2f MiB", n / 1048576.0);
  else if (n >= 1024) std::snprintf(buf, sizeof(buf), "%.1f KiB", n / 1024.0);
  else std::snprintf(buf, sizeof(buf), "%llu B", static_cast<unsigned long long>(n));
  return buf;
}

void PrintSummary(const std::string& input, const std::string& output, const onyx::converter::ConvertSummary& s,
                  size_t file_bytes) {
  std::printf("%s -> %s (%s)\n", input.c_str(), output.c_str(), HumanBytes(file_bytes).c_str());
  std::printf("  nodes:   %zu (", s.num_nodes);
  for (size_t i = 0; i < s.op_counts.size(); ++i) {
    std::printf("%s%s %d", i ? ", " : "", s.op_counts[i].first.c_str(), s.op_counts[i].second);
  }
  std::printf(")\n");
  if (!s.rewrites.empty()) {
    std::printf("  passes:  %zu -> %zu nodes (", s.imported_nodes, s.num_nodes);
    for (size_t i = 0; i < s.rewrites.size(); ++i) {
      std::printf("%s%s %d", i ? ", " : "", s.rewrites[i].first.c_str(), s.rewrites[i].second);
    }
    std::printf(")\n");
  }
  if (!s.provider_counts.empty()) {
    std::printf("  providers:");
    for (size_t i = 0; i < s.provider_counts.size(); ++i) {
      std::printf("%s %s %d", i ? "," : "", s.provider_counts[i].first.c_str(), s.provider_counts[i].second);
    }
    std::printf("\n");
  }
  std::printf("  weights: %s\n", HumanBytes(s.weight_bytes).c_str());
  if (s.planned) {
    double saved = s.naive_bytes ? 100.0 * (1.0 - static_cast<double>(s.arena_bytes) / s.naive_bytes) : 0.0;
    std::printf("  arena:   %s (naive sum of intermediates %s, %.0f%% saved)\n", HumanBytes(s.arena_bytes).c_str(),
                HumanBytes(s.naive_bytes).c_str(), saved);
    std::printf("  bound:   %s (lower bound: the most bytes alive at one step)\n",
                HumanBytes(s.lower_bound_bytes).c_str());
  }
  for (const auto& [shapes, arena] : s.profile_arenas) {
    std::printf("  profile: %s: arena %s\n", shapes.c_str(), HumanBytes(arena).c_str());
  }
  if (!s.plan_note.empty()) std::printf("  note:    %s\n", s.plan_note.c_str());
}

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Adds the ops of the .onyx bytes `file` to `ops`; false (and a message) if
// the file does not verify.
bool AddOps(const std::string& name, const std::vector<uint8_t>& file, std::set<onyx::format::OpUse>* ops) {
  // VerifyModel wants 8-byte-aligned bytes; a vector's storage from operator new is.
  auto view = onyx::format::VerifyModel(file.data(), file.size());
  if (!view.ok()) {
    std::fprintf(stderr, "onyx-convert: error: %s: %s\n", name.c_str(), view.status().ToString().c_str());
    return false;
  }
  onyx::format::CollectOps(*view, ops);
  return true;
}

bool WriteFile(const std::string& path, const void* data, size_t size) {
  std::ofstream file(path, std::ios::binary);
  file.write(static_cast<const char*>(data), static_cast<std::streamsize>(size));
  if (!file) std::fprintf(stderr, "onyx-convert: error: cannot write '%s'\n", path.c_str());
  return static_cast<bool>(file);
}

// onyx-convert --emit-ops PATH MODEL...: the union of the models' ops.
int EmitOpsOnly(const std::vector<std::string>& inputs, const std::string& ops_path,
                const onyx::converter::ConvertOptions& options, bool quiet) {
  std::set<onyx::format::OpUse> ops;
  for (const std::string& input : inputs) {
    std::vector<uint8_t> file;
    if (EndsWith(input, ".onyx")) {
      std::ifstream in(input, std::ios::binary);
      if (!in) {
        std::fprintf(stderr, "onyx-convert: error: cannot read '%s'\n", input.c_str());
        return 1;
      }
      file.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    } else {
      auto result = onyx::converter::ConvertOnnxFile(input, options);
      if (!result.ok()) {
        std::fprintf(stderr, "onyx-convert: error: %s: %s\n", input.c_str(), result.status().ToString().c_str());
        return 1;
      }
      file = std::move(result->file);
    }
    if (!AddOps(input, file, &ops)) return 1;
  }
  std::string config = onyx::format::FormatOpsConfig(ops, inputs);
  if (!WriteFile(ops_path, config.data(), config.size())) return 1;
  if (!quiet) std::printf("%zu ops of %zu model(s) -> %s\n", ops.size(), inputs.size(), ops_path.c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string output, ops_path;
  std::vector<std::string> inputs;
  bool quiet = false;
  onyx::converter::ConvertOptions options;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      std::fputs(kUsage, stdout);
      return 0;
    } else if ((arg == "-o" || arg == "--output") && i + 1 < argc) {
      output = argv[++i];
    } else if (arg == "--input-shape" && i + 1 < argc) {
      auto parsed = onyx::converter::ParseInputShape(argv[++i]);
      if (!parsed.ok()) {
        std::fprintf(stderr, "onyx-convert: %s\n", parsed.status().message().c_str());
        return 2;
      }
      // The k-th --input-shape of a name belongs to shape profile k.
      if (!options.input_shapes.count(parsed->first)) {
        options.input_shapes[parsed->first] = parsed->second;
      } else {
        size_t k = 0;
        while (k < options.extra_profiles.size() && options.extra_profiles[k].count(parsed->first)) ++k;
        if (k == options.extra_profiles.size()) options.extra_profiles.emplace_back();
        options.extra_profiles[k][parsed->first] = parsed->second;
      }
    } else if (arg == "--optimize" && i + 1 < argc) {
      auto level = onyx::converter::passes::ParseOptimizationLevel(argv[++i]);
      if (!level.ok()) {
        std::fprintf(stderr, "onyx-convert: --optimize: %s\n", level.status().message().c_str());
        return 2;
      }
      options.optimization_level = level.value();
    } else if (arg == "--providers" && i + 1 < argc) {
      std::string list = argv[++i];
      for (size_t start = 0; start <= list.size();) {
        size_t comma = list.find(',', start);
        if (comma == std::string::npos) comma = list.size();
        if (comma > start) options.providers.push_back(list.substr(start, comma - start));
        start = comma + 1;
      }
    } else if (arg == "--emit-ops" && i + 1 < argc) {
      ops_path = argv[++i];
    } else if (arg == "--quiet") {
      quiet = true;
    } else if (!arg.empty() && arg[0] != '-') {
      inputs.push_back(arg);
    } else {
      std::fprintf(stderr, "onyx-convert: unexpected argument '%s'\n%s", arg.c_str(), kUsage);
      return 2;
    }
  }
  if (output.empty() && !ops_path.empty() && !inputs.empty()) return EmitOpsOnly(inputs, ops_path, options, quiet);
  if (inputs.size() != 1 || output.empty()) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  const std::string& input = inputs[0];
  auto result = onyx::converter::ConvertOnnxFile(input, options);
  if (!result.ok()) {
    std::fprintf(stderr, "onyx-convert: error: %s\n", result.status().ToString().c_str());
    return 1;
  }
  if (!WriteFile(output, result->file.data(), result->file.size())) return 1;
  if (!quiet) PrintSummary(input, output, result->summary, result->file.size());
  if (!ops_path.empty()) {
    std::set<onyx::format::OpUse> ops;
    if (!AddOps(output, result->file, &ops)) return 1;
    std::string config = onyx::format::FormatOpsConfig(ops, {input});
    if (!WriteFile(ops_path, config.data(), config.size())) return 1;
    if (!quiet) std::printf("  ops:     %zu -> %s\n", ops.size(), ops_path.c_str());
  }
  return 0;
}
