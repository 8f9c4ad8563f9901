#pragma once

// What onyx-bench measured, and the two ways it prints it: a text report for
// people and one JSON object for scripts (bench/run_bench.py).

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "runtime/core/shape.h"
#include "tools/bench/bench_stats.h"
#include "tools/bench/trace_summary.h"

namespace onyx::bench {

struct TensorSummary {
  std::string name;
  std::string dtype;
  Dims dims;
  std::string source;  // Inputs: "random" or the file; outputs: "".
};

struct BenchResult {
  std::string model;
  std::string format;  // "onnx" (converted in memory) or "onyx" (mapped).
  std::vector<std::string> providers_requested;
  std::vector<std::string> providers;  // The session's, in priority order.
  std::vector<std::string> available_providers;
  int threads = 0;
  uint64_t seed = 1;

  // Milliseconds; -1 where a step did not happen (read and convert: .onnx only).
  double read_ms = -1;
  double convert_ms = -1;
  double session_ms = 0;  // Session::Open (map + create) or Session::FromBytes.
  double load_ms = 0;     // read + session: the model to a session ready to run, conversion aside.
  size_t converted_nodes = 0;
  uint64_t model_file_bytes = 0;

  double first_run_ms = -1;
  int warmup = 0;
  LatencyStats latency;
  double timed_wall_s = 0;  // Wall time of the timed loop.
  double throughput = 0;    // Inferences per second over the timed loop.

  // KiB, from /proc/self/status; -1 where unknown.
  int64_t rss_before_load_kib = -1;
  int64_t rss_after_load_kib = -1;
  int64_t rss_end_kib = -1;
  int64_t peak_rss_kib = -1;  // VmHWM: the most the process ever held.
  uint64_t arena_bytes = 0;
  bool arena_known = false;

  std::vector<TensorSummary> inputs;
  std::vector<TensorSummary> outputs;
  std::string dump_dir;

  bool profiled = false;
  TraceSummary profile;
  std::string trace_file;  // Kept trace (--profile-prefix), or "".
  std::vector<std::string> notes;
};

void PrintText(const BenchResult& r, int top, std::FILE* out);
void PrintJson(const BenchResult& r, int top, std::FILE* out);

}  // namespace onyx::bench
