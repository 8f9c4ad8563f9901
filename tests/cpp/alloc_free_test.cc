// A warm run performs no heap allocation: this binary replaces the C
// allocator (malloc and its family, which operator new, XNNPACK and
// pthreadpool all go through) with counting wrappers around glibc's, then
// runs a small fully connected model through Session::RunWithBinding with
// bound outputs and counts the allocations of the third run. Checked on
// XNNPACK (the default providers) and on the reference kernels, on one
// thread and on a pool of two.

#include <gtest/gtest.h>

#include <atomic>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "runtime/session/session.h"
#include "tests/cpp/model_builder.h"

// glibc's own allocator, which the wrappers below forward to.
extern "C" {
void* __libc_malloc(size_t size);
void* __libc_calloc(size_t count, size_t size);
void* __libc_realloc(void* p, size_t size);
void* __libc_memalign(size_t alignment, size_t size);
void __libc_free(void* p);
}

namespace {

std::atomic<bool> g_counting{false};
std::atomic<long> g_allocations{0};

inline void CountAllocation() {
  if (g_counting.load(std::memory_order_relaxed)) g_allocations.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace

extern "C" {
void* malloc(size_t size) {
  CountAllocation();
  return __libc_malloc(size);
}
void* calloc(size_t count, size_t size) {
  CountAllocation();
  return __libc_calloc(count, size);
}
void* realloc(void* p, size_t size) {
  CountAllocation();
  return __libc_realloc(p, size);
}
void free(void* p) { __libc_free(p); }
void* memalign(size_t alignment, size_t size) {
  CountAllocation();
  return __libc_memalign(alignment, size);
}
void* aligned_alloc(size_t alignment, size_t size) {
  CountAllocation();
  return __libc_memalign(alignment, size);
}
int posix_memalign(void** out, size_t alignment, size_t size) {
  CountAllocation();
  *out = __libc_memalign(alignment, size);
  return *out == nullptr ? ENOMEM : 0;
}
}

namespace onyx {
namespace {

using testing::ModelBuilder;

constexpr int kFloat = onnx::TensorProto::FLOAT;

// Allocations made while `f` runs on this thread (other threads are idle).
template <typename F>
long CountAllocations(F f) {
  g_allocations = 0;
  g_counting = true;
  f();
  g_counting = false;
  return g_allocations.load();
}

std::vector<float> RandomValues(size_t n, std::mt19937& rng) {
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> v(n);
  for (float& x : v) x = dist(rng);
  return v;
}

void SetInt(onnx::NodeProto* node, const std::string& name, int64_t value) {
  auto* a = node->add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto::INT);
  a->set_i(value);
}

// A two-layer perceptron with a gated activation and a softmax head, no
// convolution: Gemm (transB) + Relu, MatMul + Add, Sigmoid * itself, Concat
// with the first layer's slice of features, Softmax; two outputs.
std::vector<uint8_t> MlpModel() {
  std::mt19937 rng(5);
  ModelBuilder m(17);
  m.Input("x", kFloat, {8, 64});
  m.Weight("w1", {128, 64}, RandomValues(128 * 64, rng));
  m.Weight("b1", {128}, RandomValues(128, rng));
  m.Weight("w2", {128, 32}, RandomValues(128 * 32, rng));
  m.Weight("b2", {32}, RandomValues(32, rng));
  SetInt(m.Node("Gemm", {"x", "w1", "b1"}, {"h1"}, "fc1"), "transB", 1);
  m.Node("Relu", {"h1"}, {"a1"}, "relu1");
  m.Node("MatMul", {"a1", "w2"}, {"h2"}, "fc2");
  m.Node("Add", {"h2", "b2"}, {"h3"}, "bias2");
  m.Node("Sigmoid", {"h3"}, {"g"}, "gate");
  m.Node("Mul", {"h3", "g"}, {"h4"}, "swish");
  SetInt(m.Node("Concat", {"h4", "h3"}, {"h5"}, "concat"), "axis", 1);
  SetInt(m.Node("Softmax", {"h5"}, {"y"}, "softmax"), "axis", -1);
  m.Output("y", kFloat, {8, 64});
  m.Output("h4", kFloat, {8, 32});
  return m.Convert().value();
}

// Where the sanity check below keeps its blocks, so the compiler cannot
// drop the allocations.
void* volatile g_sink = nullptr;

TEST(AllocFree, TheCounterSeesAllocations) {
  // Without this, a counter that saw nothing would pass every test below.
  const long n = CountAllocations([] {
    std::vector<int>* v = new std::vector<int>(100);  // The vector and its buffer.
    g_sink = v;
    delete static_cast<std::vector<int>*>(g_sink);
    g_sink = std::malloc(10);
    std::free(g_sink);
  });
  EXPECT_EQ(n, 3);
}

struct Config {
  std::vector<std::string> providers;
  int threads;
};

class AllocFreeRun : public ::testing::TestWithParam<Config> {};

TEST_P(AllocFreeRun, WarmRunWithBoundOutputsAllocatesNothing) {
  const std::vector<uint8_t> file = MlpModel();
  SessionOptions options;
  options.providers = GetParam().providers;
  options.intra_op_num_threads = GetParam().threads;
  auto opened = Session::FromBytes(file.data(), file.size(), options);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  Session& session = *opened.value();

  std::mt19937 rng(6);
  std::vector<float> x = RandomValues(8 * 64, rng);
  std::vector<float> y(8 * 64, NAN), h4(8 * 32, NAN);
  const std::vector<NamedInput> inputs = {{"x", TensorView{DType::kFloat32, {8, 64}, x.data()}}};
  const std::vector<NamedInput> bound = {{"y", TensorView{DType::kFloat32, {8, 64}, y.data()}},
                                         {"h4", TensorView{DType::kFloat32, {8, 32}, h4.data()}}};
  for (int warm = 0; warm < 2; ++warm) ASSERT_TRUE(session.RunWithBinding(inputs, bound).ok());

  Status status;
  const long allocations = CountAllocations([&] { status = session.RunWithBinding(inputs, bound); });
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(allocations, 0) << "a warm run allocated";

  // RunValues with every output bound allocates only the vector it returns.
  Result<std::vector<Value>> values = Status();
  const long with_values = CountAllocations([&] { values = session.RunValues(inputs, {}, nullptr, bound); });
  ASSERT_TRUE(values.ok()) << values.status().ToString();
  EXPECT_EQ(with_values, 1);

  // The bound outputs hold what an unbound run returns.
  auto unbound = session.Run(inputs, {});
  ASSERT_TRUE(unbound.ok()) << unbound.status().ToString();
  EXPECT_EQ(unbound.value()[0].values<float>(), y);
  EXPECT_EQ(unbound.value()[1].values<float>(), h4);
  for (int row = 0; row < 8; ++row) {
    float sum = 0;
    for (int c = 0; c < 64; ++c) sum += y[row * 64 + c];
    EXPECT_NEAR(sum, 1.0f, 1e-5f) << "softmax row " << row;
  }
}

INSTANTIATE_TEST_SUITE_P(Providers, AllocFreeRun,
                         ::testing::Values(Config{{}, 1}, Config{{}, 2}, Config{{"CPUExecutionProvider"}, 1},
                                           Config{{"CPUExecutionProvider"}, 2}),
                         [](const ::testing::TestParamInfo<Config>& info) {
                           return std::string(info.param.providers.empty() ? "Default" : "Reference") +
                                  std::to_string(info.param.threads) + "Threads";
                         });

}  // namespace
}  // namespace onyx
