#pragma once

// Latency statistics and the process's memory figures.

#include <cstdint>
#include <vector>

namespace onyx::bench {

struct LatencyStats {
  int count = 0;
  double min_ms = 0, mean_ms = 0, stddev_ms = 0;
  double median_ms = 0, p90_ms = 0, p99_ms = 0, max_ms = 0;
  double total_ms = 0;
};

// Statistics of `samples_ms` (any order). The median of an even count is the
// mean of the two middle samples; p90 and p99 are nearest-rank percentiles
// (the smallest sample with at least p% of the samples at or below it).
LatencyStats ComputeStats(std::vector<double> samples_ms);

// A field of /proc/self/status in KiB ("VmRSS", "VmHWM"); -1 where the file
// or the field is missing (not Linux).
int64_t ProcStatusKib(const char* field);

}  // namespace onyx::bench
