// run_model: load an .onyx model with the C++ API, feed deterministic inputs
// (symbolic dimensions set to 1), run it, and print the outputs and timings.
//
//   run_model model.onyx [--iterations N]

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "runtime/session/session.h"

namespace {

double MillisSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

// A float32 input filled with a fixed ramp, so runs are reproducible.
onyx::HostTensor MakeInput(const onyx::IOInfo& io) {
  onyx::Dims dims = io.dims;
  for (int64_t& d : dims) d = d < 0 ? 1 : d;
  onyx::HostTensor t = onyx::HostTensor::Allocate(io.dtype, dims).value();
  if (io.dtype == onyx::DType::kFloat32) {
    float* p = static_cast<float*>(t.data());
    for (int64_t i = 0; i < onyx::NumElements(dims); ++i) p[i] = static_cast<float>((i % 17) - 8) / 8.0f;
  }
  return t;
}

void PrintTensor(const std::string& name, const onyx::HostTensor& t) {
  std::printf("  %s: %s %s", name.c_str(), onyx::DTypeName(t.dtype()), onyx::DimsToString(t.dims()).c_str());
  if (t.dtype() == onyx::DType::kFloat32) {
    std::vector<float> v = t.values<float>();
    std::printf(" = [");
    for (size_t i = 0; i < std::min<size_t>(v.size(), 8); ++i) std::printf("%s%.5f", i ? ", " : "", v[i]);
    std::printf("%s]", v.size() > 8 ? ", ..." : "");
    if (!v.empty()) {
      size_t top = std::max_element(v.begin(), v.end()) - v.begin();
      std::printf("  argmax %zu", top);
    }
  }
  std::printf("\n");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: run_model MODEL.onyx [--iterations N]\n");
    return 2;
  }
  int iterations = 20;
  if (argc >= 4 && std::string(argv[2]) == "--iterations") iterations = std::max(1, std::atoi(argv[3]));

  auto start = std::chrono::steady_clock::now();
  auto session = onyx::Session::Open(argv[1], onyx::SessionOptions());
  if (!session.ok()) {
    std::fprintf(stderr, "run_model: %s\n", session.status().ToString().c_str());
    return 1;
  }
  double load_ms = MillisSince(start);

  std::vector<onyx::HostTensor> storage;
  std::vector<onyx::NamedInput> inputs;
  for (const onyx::IOInfo& io : session.value()->inputs()) storage.push_back(MakeInput(io));
  for (size_t i = 0; i < storage.size(); ++i) {
    inputs.push_back({session.value()->inputs()[i].name, storage[i].view()});
  }

  std::vector<double> times;
  std::vector<onyx::HostTensor> outputs;
  for (int i = 0; i < iterations + 1; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    auto result = session.value()->Run(inputs, {});
    if (!result.ok()) {
      std::fprintf(stderr, "run_model: %s\n", result.status().ToString().c_str());
      return 1;
    }
    times.push_back(MillisSince(t0));
    outputs = std::move(result).value();
  }
  double first_ms = times.front();
  times.erase(times.begin());
  std::sort(times.begin(), times.end());

  auto memory = session.value()->PlannedMemory(inputs);
  if (!memory.ok()) {
    std::fprintf(stderr, "run_model: %s\n", memory.status().ToString().c_str());
    return 1;
  }
  std::printf("%s: %zu input(s), %zu output(s), arena %llu bytes (naive sum %llu, %s)\n", argv[1],
              session.value()->inputs().size(), outputs.size(),
              static_cast<unsigned long long>(memory->arena_bytes),
              static_cast<unsigned long long>(memory->naive_bytes),
              memory->from_file ? "the plan in the file" : "planned at load for these shapes");
  for (size_t i = 0; i < outputs.size(); ++i) PrintTensor(session.value()->outputs()[i].name, outputs[i]);
  std::printf("load %.3f ms, first run %.3f ms, median of %d runs %.3f ms (min %.3f ms)\n", load_ms, first_ms,
              iterations, times[times.size() / 2], times.front());
  return 0;
}
