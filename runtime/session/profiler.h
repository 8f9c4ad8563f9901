#pragma once

// Profiler: what SessionOptions::enable_profiling records, written as a
// Chrome trace (the JSON array of "X" events that chrome://tracing and
// Perfetto open), in the shape ONNX Runtime writes: a "Session" event for
// loading and one per run ("model_run"), and a "Node" event per node run
// ("<node>_kernel_time") whose args carry op_name, provider and the input and
// output types and shapes. Thread-safe: concurrent runs add their events.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "runtime/core/status.h"
#include "runtime/executor/execution_plan.h"

namespace onyx {

class Profiler {
 public:
  explicit Profiler(std::string file_prefix);

  // Nanoseconds since the epoch when profiling started (the trace's zero).
  int64_t start_time_ns() const { return start_epoch_ns_; }
  // A session-level event from steady-clock nanoseconds.
  void AddSessionEvent(const std::string& name, int64_t start_ns, int64_t duration_ns);
  // One run: its span and each node's timing, with the shapes `ws` holds.
  void AddRun(const executor::ExecutionPlan& plan, const executor::Workspace& ws,
              const std::vector<executor::NodeTiming>& timings, int64_t start_ns, int64_t duration_ns);
  // Writes "<prefix>_<date>_<time>.json" (the time profiling started) and
  // returns its path; recording stops there, as in ONNX Runtime.
  Result<std::string> End();
  bool active() const { return active_.load(); }

  static int64_t SteadyNowNs();

 private:
  std::string Event(const char* category, const std::string& name, int64_t start_ns, int64_t duration_ns,
                    const std::string& args) const;

  std::string prefix_;
  int64_t start_steady_ns_ = 0;
  int64_t start_epoch_ns_ = 0;
  std::string path_;
  std::atomic<bool> active_{true};
  std::mutex mutex_;
  std::vector<std::string> events_;  // Each a JSON object.
};

}  // namespace onyx
