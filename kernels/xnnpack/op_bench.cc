// op_bench: times single XNNPACK kernels against the reference kernels on
// the same node and inputs, the way the executor calls them (Prepare once,
// Run many times into preallocated outputs), on one thread and on a pool.
//
//   bazel run -c opt //kernels/xnnpack:op_bench [-- --threads=2 --min_ms=300]
//
// Prints, per case, the median Run time of each provider and the ratio.

#include <pthreadpool.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "kernels/ref/registry.h"
#include "kernels/xnnpack/registry.h"
#include "runtime/core/host_tensor.h"

namespace onyx::kernels {
namespace {

struct Case {
  std::string name;
  std::string op;
  int opset;
  std::vector<Dims> inputs;
  std::vector<size_t> constants;  // Inputs Prepare sees the value of.
  std::vector<Attribute> attrs;
};

Attribute IntAttr(const char* name, int64_t v) {
  Attribute a;
  a.name = name;
  a.type = AttrType::kInt;
  a.i = v;
  return a;
}

// Median microseconds of one Run of `op` from `library`, or -1 when the
// library has no kernel or declines.
double TimeRun(const KernelLibrary& library, const Case& c, const std::vector<HostTensor>& in, void* pool,
               double min_ms) {
  const KernelDef* def = FindKernel(library, "", c.op, c.opset, in[0].dtype());
  if (def == nullptr) return -1;
  NodeInfo node;
  node.name = c.name;
  node.op_type = c.op;
  node.opset = c.opset;
  node.attrs = Attributes(c.attrs);
  std::vector<ValueInfo> infos;
  for (size_t i = 0; i < in.size(); ++i) {
    ValueInfo v{"in" + std::to_string(i), true, in[i].dtype(), in[i].dims(), nullptr, false};
    if (std::find(c.constants.begin(), c.constants.end(), i) != c.constants.end()) v.data = in[i].data();
    infos.push_back(v);
  }
  PrepareContext prepare(node, infos, 1);
  prepare.set_threadpool(pool);
  Status status = def->prepare(prepare);
  if (!status.ok()) {
    std::printf("  %s: %s\n", library.provider, status.ToString().c_str());
    return -1;
  }
  KernelState state = prepare.TakeState();
  HostTensor out = HostTensor::Allocate(prepare.output(0).dtype, prepare.output(0).dims).value();
  AlignedBuffer scratch = AlignedBuffer::Allocate(prepare.scratch_bytes() + 64).value();
  std::vector<TensorView> views;
  for (const HostTensor& t : in) views.push_back(t.view());
  std::vector<const TensorView*> in_ptrs;
  for (const TensorView& v : views) in_ptrs.push_back(&v);
  TensorView out_view = out.view();
  TensorView* out_ptr = &out_view;
  RunContext run;
  run.node = &node;
  run.inputs = Span<const TensorView* const>(in_ptrs.data(), in_ptrs.size());
  run.outputs = Span<TensorView* const>(&out_ptr, 1);
  run.state_ptr = state.get();
  run.scratch = scratch.data();
  run.scratch_bytes = prepare.scratch_bytes();
  run.threadpool = pool;
  std::vector<double> times;
  const auto begin = std::chrono::steady_clock::now();
  while (times.size() < 5 ||
         std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - begin).count() < min_ms) {
    const auto t0 = std::chrono::steady_clock::now();
    if (!def->run(run).ok()) return -1;
    times.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

std::vector<Case> Cases() {
  return {
      {"Gemm 64x1024x1024 (transB)", "Gemm", 13, {{64, 1024}, {1024, 1024}, {1024}}, {1, 2}, {IntAttr("transB", 1)}},
      {"MatMul [1,128,768]x[768,768]", "MatMul", 13, {{1, 128, 768}, {768, 768}}, {1}, {}},
      {"MatMul [1,768]x[768,1000]", "MatMul", 13, {{1, 768}, {768, 1000}}, {1}, {}},
      {"Add [1,64,56,56] + same", "Add", 14, {{1, 64, 56, 56}, {1, 64, 56, 56}}, {}, {}},
      {"Mul [1,64,56,56] * [64,1,1]", "Mul", 14, {{1, 64, 56, 56}, {64, 1, 1}}, {}, {}},
      {"Relu [1,64,112,112]", "Relu", 14, {{1, 64, 112, 112}}, {}, {}},
      {"Sigmoid [1,64,112,112]", "Sigmoid", 13, {{1, 64, 112, 112}}, {}, {}},
      {"HardSwish [1,64,112,112]", "HardSwish", 14, {{1, 64, 112, 112}}, {}, {}},
      {"Softmax [12,128,128]", "Softmax", 13, {{12, 128, 128}}, {}, {}},
      {"Concat axis 1 [1,64,56,56]x2", "Concat", 13, {{1, 64, 56, 56}, {1, 64, 56, 56}}, {}, {IntAttr("axis", 1)}},
  };
}

int Main(int argc, char** argv) {
  int threads = 2;
  double min_ms = 300;
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--threads=", 10) == 0) threads = std::atoi(argv[i] + 10);
    if (std::strncmp(argv[i], "--min_ms=", 9) == 0) min_ms = std::atof(argv[i] + 9);
  }
  KernelLibrary xnn = xnnpack::Library();
  if (!xnn.initialize().ok()) return 1;
  pthreadpool_t pool = threads > 1 ? pthreadpool_create(threads) : nullptr;
  std::mt19937 rng(1);
  std::uniform_real_distribution<float> dist(-1, 1);
  std::printf("%-32s %12s %12s %12s %8s %8s\n", "case", "reference us", "xnnpack 1t", "xnnpack pool", "x 1t",
              "x pool");
  for (const Case& c : Cases()) {
    std::vector<HostTensor> in;
    for (const Dims& d : c.inputs) {
      HostTensor t = HostTensor::Allocate(DType::kFloat32, d).value();
      float* p = static_cast<float*>(t.data());
      for (int64_t i = 0; i < NumElements(d); ++i) p[i] = dist(rng);
      in.push_back(std::move(t));
    }
    const double ref = TimeRun(ref::Library(), c, in, nullptr, min_ms);
    const double one = TimeRun(xnn, c, in, nullptr, min_ms);
    const double many = TimeRun(xnn, c, in, pool, min_ms);
    std::printf("%-32s %12.1f %12.1f %12.1f %8.1f %8.1f\n", c.name.c_str(), ref, one, many, ref / one, ref / many);
  }
  if (pool) pthreadpool_destroy(pool);
  std::printf("(pool: %d threads; median of runs over at least %.0f ms each)\n", threads, min_ms);
  return 0;
}

}  // namespace
}  // namespace onyx::kernels

int main(int argc, char** argv) { return onyx::kernels::Main(argc, argv); }
