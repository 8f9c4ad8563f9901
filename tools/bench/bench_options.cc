#include "tools/bench/bench_options.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "converter/convert.h"

namespace onyx::bench {
namespace {

constexpr const char* kUsage =
    "usage: onyx-bench MODEL.(onnx|onyx) [options]\n"
    "\n"
    "Loads a model, runs it on random (seeded) or given inputs and reports load time, first-run time,\n"
    "latency (min, median, p90, p99, max), throughput and peak memory; with --profile, the time per\n"
    "operator type and per node. An .onnx model is converted in memory first (timed separately).\n"
    "\n"
    "  --threads N               intra-op threads (SessionOptions.intra_op_num_threads; 0: onyx chooses)\n"
    "  --providers A,B           providers in priority order, ONNX Runtime's names\n"
    "                            (e.g. XnnpackExecutionProvider,CPUExecutionProvider); default: all built in\n"
    "  --warmup N                untimed runs after the first run (default 1)\n"
    "  --iterations N            timed runs (default 100; 0: load only, no run)\n"
    "  --duration SECONDS        time runs for this long (with --iterations: stop at whichever comes first)\n"
    "  --input-shape NAME:D0,..  the shape of input NAME, for its symbolic dims (default 1); an .onnx model\n"
    "                            is converted with these shapes, as onyx-convert --input-shape does\n"
    "  --input NAME=FILE         feed NAME from FILE: .npy (dtype and shape from the file) or raw bytes\n"
    "                            (any other name: the model's dtype, the shape as for random inputs)\n"
    "  --seed N                  seed of the random inputs (default 1): floats uniform in [-1, 1),\n"
    "                            integers in [0, 100), booleans 0/1\n"
    "  --profile                 record a profile and report the time per operator type and per node\n"
    "  --profile-prefix PREFIX   keep the Chrome trace as PREFIX_<date>_<time>.json (default: removed)\n"
    "  --top N                   nodes listed by --profile (default 10)\n"
    "  --optimize LEVEL          .onnx only: the converter's optimization level (as onyx-convert)\n"
    "  --save-converted PATH     .onnx only: also write the converted .onyx model to PATH\n"
    "  --dump-outputs DIR        write the first run's outputs to DIR/<output>.npy\n"
    "  --json                    print one JSON object with every figure instead of the text report\n"
    "  --quiet                   no progress line on stderr (it is shown only when stderr is a terminal)\n";

Result<long long> ParseInt(const std::string& flag, const std::string& text, long long min_value) {
  errno = 0;
  char* end = nullptr;
  long long v = std::strtoll(text.c_str(), &end, 10);
  RETURN_ERROR_IF(text.empty() || *end != '\0' || errno != 0 || v < min_value, StatusCode::kInvalidArgument, flag,
                  ": '", text, "' is not an integer >= ", min_value);
  return v;
}

std::vector<std::string> SplitCommas(const std::string& text) {
  std::vector<std::string> items;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    if (comma > start) items.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return items;
}

// Flags that take a value: applies `value` to `o`.
Status ApplyValueFlag(const std::string& flag, const std::string& value, BenchOptions* o) {
  if (flag == "--threads") {
    ASSIGN_OR_RETURN(long long v, ParseInt(flag, value, 0));
    o->threads = static_cast<int>(v);
  } else if (flag == "--providers") {
    o->providers = SplitCommas(value);
    RETURN_ERROR_IF(o->providers.empty(), StatusCode::kInvalidArgument, "--providers: no provider named");
  } else if (flag == "--warmup") {
    ASSIGN_OR_RETURN(long long v, ParseInt(flag, value, 0));
    o->warmup = static_cast<int>(v);
  } else if (flag == "--iterations") {
    ASSIGN_OR_RETURN(long long v, ParseInt(flag, value, 0));
    o->iterations = static_cast<int>(v);
  } else if (flag == "--duration") {
    char* end = nullptr;
    double v = std::strtod(value.c_str(), &end);
    RETURN_ERROR_IF(value.empty() || *end != '\0' || !(v > 0), StatusCode::kInvalidArgument, "--duration: '", value,
                    "' is not a positive number of seconds");
    o->duration_s = v;
  } else if (flag == "--input-shape") {
    ASSIGN_OR_RETURN(auto parsed, converter::ParseInputShape(value));
    RETURN_ERROR_IF(o->input_shapes.count(parsed.first), StatusCode::kInvalidArgument, "--input-shape: input '",
                    parsed.first, "' is given twice");
    o->input_shapes[parsed.first] = parsed.second;
  } else if (flag == "--input") {
    ASSIGN_OR_RETURN(auto parsed, ParseInputFile(value));
    RETURN_ERROR_IF(o->input_files.count(parsed.first), StatusCode::kInvalidArgument, "--input: input '", parsed.first,
                    "' is given twice");
    o->input_files[parsed.first] = parsed.second;
  } else if (flag == "--seed") {
    ASSIGN_OR_RETURN(long long v, ParseInt(flag, value, 0));
    o->seed = static_cast<uint64_t>(v);
  } else if (flag == "--profile-prefix") {
    o->profile = true;
    o->profile_prefix = value;
  } else if (flag == "--top") {
    ASSIGN_OR_RETURN(long long v, ParseInt(flag, value, 0));
    o->top = static_cast<int>(v);
  } else if (flag == "--optimize") {
    Result<int> level = converter::passes::ParseOptimizationLevel(value);
    if (!level.ok()) return level.status().WithContext("--optimize");
    o->optimization_level = level.value();
  } else if (flag == "--save-converted") {
    o->save_converted = value;
  } else if (flag == "--dump-outputs") {
    o->dump_outputs = value;
  } else {
    return MakeError(StatusCode::kInvalidArgument, "unknown option '", flag, "' (see --help)");
  }
  return Status::Ok();
}

bool TakesValue(const std::string& flag) {
  static const char* const kFlags[] = {
      "--threads", "--providers",      "--warmup", "--iterations", "--duration",       "--input-shape", "--input",
      "--seed",    "--profile-prefix", "--top",    "--optimize",   "--save-converted", "--dump-outputs"};
  for (const char* f : kFlags) {
    if (flag == f) return true;
  }
  return false;
}

}  // namespace

const char* Usage() { return kUsage; }

Result<std::pair<std::string, std::string>> ParseInputFile(const std::string& spec) {
  size_t eq = spec.find('=');
  RETURN_ERROR_IF(eq == std::string::npos || eq == 0 || eq + 1 == spec.size(), StatusCode::kInvalidArgument,
                  "--input '", spec, "' is not NAME=FILE");
  return std::make_pair(spec.substr(0, eq), spec.substr(eq + 1));
}

Status ParseArgs(int argc, const char* const* argv, BenchOptions* options, bool* help) {
  *help = false;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    std::string value;
    bool inline_value = false;
    // --flag=value as well as --flag value.
    if (arg.rfind("--", 0) == 0 && arg.find('=') != std::string::npos && TakesValue(arg.substr(0, arg.find('=')))) {
      value = arg.substr(arg.find('=') + 1);
      arg = arg.substr(0, arg.find('='));
      inline_value = true;
    }
    if (arg == "-h" || arg == "--help") {
      *help = true;
      return Status::Ok();
    } else if (arg == "--profile") {
      options->profile = true;
    } else if (arg == "--json") {
      options->json = true;
    } else if (arg == "--quiet" || arg == "-q") {
      options->quiet = true;
    } else if (TakesValue(arg)) {
      if (!inline_value) {
        RETURN_ERROR_IF(i + 1 >= argc, StatusCode::kInvalidArgument, arg, " needs a value");
        value = argv[++i];
      }
      RETURN_IF_ERROR(ApplyValueFlag(arg, value, options));
    } else if (!arg.empty() && arg[0] != '-' && options->model.empty()) {
      options->model = arg;
    } else {
      return MakeError(StatusCode::kInvalidArgument, arg[0] == '-' ? "unknown option '" : "unexpected argument '", arg,
                       "' (see --help)");
    }
  }
  RETURN_ERROR_IF(options->model.empty(), StatusCode::kInvalidArgument, "no model given");
  return Status::Ok();
}

}  // namespace onyx::bench
