#pragma once

// Reads the Chrome trace a session writes with profiling on
// (runtime/session/profiler.h) and sums its node events into the time per
// operator type and per node.

#include <string>
#include <vector>

#include "runtime/core/status.h"

namespace onyx::bench {

struct OpTypeTime {
  std::string op_type;
  std::string provider;
  int nodes = 0;          // Distinct nodes of this type on this provider.
  double ms_per_run = 0;  // Summed over those nodes, averaged over the runs counted.
  double percent = 0;     // Of all node time.
};

struct NodeTime {
  std::string name;
  std::string op_type;
  std::string provider;
  std::string output_shape;  // "float[1,64,56,56]" of the first output.
  double ms_per_run = 0;
  double percent = 0;
};

struct TraceSummary {
  int runs = 0;                        // model_run events counted.
  double run_ms = 0;                   // Their mean duration.
  double node_ms_per_run = 0;          // The sum of node times per run (the rest is the executor's own time).
  std::vector<OpTypeTime> by_op_type;  // Slowest first.
  std::vector<NodeTime> by_node;       // Slowest first, every node.
};

// Summarizes the trace text `json`, counting only the runs after the first
// `skip_runs` (the first run and the warm-up): node events before the start
// of run number `skip_runs` (0-based, in time order) are left out. When the
// trace has no more runs than that, every run counts. kInvalidArgument when
// `json` is not a JSON array of events.
Result<TraceSummary> SummarizeTrace(const std::string& json, int skip_runs);

}  // namespace onyx::bench
