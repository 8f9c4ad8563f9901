#pragma once

// onyx-bench's command line: what to load, how to run it, what to report.

#include <map>
#include <string>
#include <vector>

#include "runtime/core/shape.h"
#include "runtime/core/status.h"

namespace onyx::bench {

struct BenchOptions {
  std::string model;                               // .onnx (converted in-process) or .onyx (mapped).
  int threads = 0;                                 // SessionOptions::intra_op_num_threads; 0 lets onyx choose.
  std::vector<std::string> providers;              // SessionOptions::providers; empty: every provider built in.
  int warmup = 1;                                  // Untimed runs after the first run.
  int iterations = -1;                             // Timed runs; -1: 100, or unlimited with --duration. 0: load only.
  double duration_s = 0;                           // > 0: stop timing after this long (or at `iterations`).
  std::map<std::string, Dims> input_shapes;        // --input-shape: fixes symbolic dims (and converts with them).
  std::map<std::string, std::string> input_files;  // --input NAME=PATH (.npy, or raw .bin).
  uint64_t seed = 1;
  bool profile = false;
  std::string profile_prefix;  // Keep the trace there; empty: a temporary file, removed after reading.
  int top = 10;                // Nodes listed by --profile.
  bool json = false;
  bool quiet = false;
  std::string dump_outputs;     // Directory for <output>.npy of the first run.
  std::string save_converted;   // .onnx only: write the converted .onyx here.
  int optimization_level = -1;  // .onnx only: converter level; -1 the converter's default.
};

// Parses argv. kInvalidArgument names the offending flag; `*help` is set for
// -h/--help (and nothing else is checked).
Status ParseArgs(int argc, const char* const* argv, BenchOptions* options, bool* help);

// The --help text.
const char* Usage();

// "NAME=PATH" -> {NAME, PATH}.
Result<std::pair<std::string, std::string>> ParseInputFile(const std::string& spec);

}  // namespace onyx::bench
