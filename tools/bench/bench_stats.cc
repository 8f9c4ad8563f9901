#include "tools/bench/bench_stats.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace onyx::bench {
namespace {

double NearestRank(const std::vector<double>& sorted, double percent) {
  size_t rank = static_cast<size_t>(std::ceil(percent / 100.0 * static_cast<double>(sorted.size())));
  return sorted[std::min(sorted.size(), std::max<size_t>(rank, 1)) - 1];
}

}  // namespace

LatencyStats ComputeStats(std::vector<double> samples_ms) {
  LatencyStats s;
  if (samples_ms.empty()) return s;
  std::sort(samples_ms.begin(), samples_ms.end());
  const size_t n = samples_ms.size();
  s.count = static_cast<int>(n);
  s.min_ms = samples_ms.front();
  s.max_ms = samples_ms.back();
  for (double v : samples_ms) s.total_ms += v;
  s.mean_ms = s.total_ms / static_cast<double>(n);
  double squares = 0;
  for (double v : samples_ms) squares += (v - s.mean_ms) * (v - s.mean_ms);
  s.stddev_ms = n > 1 ? std::sqrt(squares / static_cast<double>(n - 1)) : 0.0;
  s.median_ms = n % 2 ? samples_ms[n / 2] : 0.5 * (samples_ms[n / 2 - 1] + samples_ms[n / 2]);
  s.p90_ms = NearestRank(samples_ms, 90);
  s.p99_ms = NearestRank(samples_ms, 99);
  return s;
}

int64_t ProcStatusKib(const char* field) {
  std::FILE* f = std::fopen("/proc/self/status", "r");
  if (f == nullptr) return -1;
  char line[256];
  int64_t value = -1;
  const size_t len = std::strlen(field);
  while (std::fgets(line, sizeof(line), f) != nullptr) {
    if (std::strncmp(line, field, len) == 0 && line[len] == ':') {
      value = std::strtoll(line + len + 1, nullptr, 10);  // "VmHWM:	  123456 kB"
      break;
    }
  }
  std::fclose(f);
  return value;
}

}  // namespace onyx::bench
