// Sessions and their providers and threads: which providers a session uses
// for each list of names, a node XNNPACK declines running on the reference
// kernels (per node, seen in the profile), the thread pool's size, and runs
// from several threads on one session agreeing.

#include <gtest/gtest.h>

#include <algorithm>

#include <cstdio>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "format/reader.h"
#include "kernels/providers.h"
#include "runtime/session/session.h"
#include "tests/cpp/model_builder.h"

namespace onyx {
namespace {

using testing::ModelBuilder;

constexpr int kFloat = onnx::TensorProto::FLOAT;
const std::vector<std::string> kBoth = {"XnnpackExecutionProvider", "CPUExecutionProvider"};

std::vector<float> RandomValues(size_t n, std::mt19937& rng) {
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> v(n);
  for (float& x : v) x = dist(rng);
  return v;
}

void SetFloat(onnx::NodeProto* node, const std::string& name, float value) {
  auto* a = node->add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto::FLOAT);
  a->set_f(value);
}

// fc: Gemm with a constant weight (XNNPACK); scaled: Gemm with alpha 2
// (declined); mm: MatMul by a graph input then Tanh (the converter fuses
// them into a FusedGemm, which XNNPACK declines); then Add and Relu (XNNPACK).
std::vector<uint8_t> MixedModel() {
  std::mt19937 rng(3);
  ModelBuilder m(17);
  m.Input("x", kFloat, {4, 16});
  m.Input("w", kFloat, {16, 16});
  m.Weight("w1", {16, 16}, RandomValues(256, rng));
  m.Node("Gemm", {"x", "w1"}, {"h1"}, "fc");
  SetFloat(m.Node("Gemm", {"h1", "w1"}, {"h2"}, "scaled"), "alpha", 2.0f);
  m.Node("MatMul", {"h2", "w"}, {"h3"}, "mm");
  m.Node("Tanh", {"h3"}, {"h4"}, "tanh");
  m.Node("Add", {"h4", "h1"}, {"h5"}, "add");
  m.Node("Relu", {"h5"}, {"y"}, "relu");
  m.Output("y", kFloat, {4, 16});
  return m.Convert().value();
}

Result<std::unique_ptr<Session>> Open(const std::vector<uint8_t>& file, const SessionOptions& options) {
  return Session::FromBytes(file.data(), file.size(), options);
}

struct Feeds {
  std::vector<float> x, w;
  std::vector<NamedInput> inputs;
  explicit Feeds(int seed) {
    std::mt19937 rng(seed);
    x = RandomValues(64, rng);
    w = RandomValues(256, rng);
    inputs = {{"x", TensorView{DType::kFloat32, {4, 16}, x.data()}},
              {"w", TensorView{DType::kFloat32, {16, 16}, w.data()}}};
  }
};

std::vector<float> RunOnce(Session& session, const Feeds& feeds) {
  auto out = session.Run(feeds.inputs, {});
  EXPECT_TRUE(out.ok()) << out.status().ToString();
  return out.ok() ? out.value()[0].values<float>() : std::vector<float>{};
}

// Whether this build has the CUDA provider (--config=cuda), and whether
// this machine can use it.
bool CudaBuiltIn() {
  for (const kernels::BuiltInProvider& p : kernels::BuiltInProviders()) {
    if (std::string(p.name) == "CUDAExecutionProvider") return true;
  }
  return false;
}

bool CudaUsable() {
  const std::vector<std::string> available = AvailableProviders();
  return std::find(available.begin(), available.end(), "CUDAExecutionProvider") != available.end();
}

TEST(Providers, AvailableAndChosen) {
  // CUDA, where built in and usable, comes first; the tests below are about the host providers.
  std::vector<std::string> all = kBoth;
  if (CudaUsable()) all.insert(all.begin(), "CUDAExecutionProvider");
  EXPECT_EQ(AvailableProviders(), all);
  const std::vector<uint8_t> file = MixedModel();
  auto providers_of = [&](std::vector<std::string> names) {
    SessionOptions options;
    options.providers = std::move(names);
    auto session = Open(file, options);
    EXPECT_TRUE(session.ok()) << session.status().ToString();
    return session.ok() ? session.value()->providers() : std::vector<std::string>{};
  };
  EXPECT_EQ(providers_of({}), all);
  EXPECT_EQ(providers_of({"XnnpackExecutionProvider"}), kBoth);  // The reference kernels always come last.
  EXPECT_EQ(providers_of({"CPUExecutionProvider", "XnnpackExecutionProvider"}), kBoth);
  EXPECT_EQ(providers_of({"CPUExecutionProvider"}), std::vector<std::string>{"CPUExecutionProvider"});
}

TEST(Providers, CudaNamedButNotThereIsAClearError) {
  if (CudaUsable()) GTEST_SKIP() << "this machine can use CUDA";
  SessionOptions bad;
  bad.providers = {"CUDAExecutionProvider"};
  auto session = Open(MixedModel(), bad);
  ASSERT_FALSE(session.ok());
  if (CudaBuiltIn()) {
    // --config=cuda on a machine without a usable GPU: named, it fails and says why.
    EXPECT_EQ(session.status().code(), StatusCode::kUnsupported);
    EXPECT_NE(session.status().message().find("provider 'CUDAExecutionProvider': no"), std::string::npos)
        << session.status().message();
  } else {
    EXPECT_EQ(session.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(session.status().message().find("provider 'CUDAExecutionProvider' is not available in this build "
                                              "(available: XnnpackExecutionProvider, CPUExecutionProvider)"),
              std::string::npos)
        << session.status().message();
  }
}

// Node name -> provider, as the converter recorded them in the file.
std::map<std::string, std::string> RecordedProviders(const std::vector<uint8_t>& file) {
  std::map<std::string, std::string> providers;
  auto view = format::VerifyModel(file.data(), file.size());
  EXPECT_TRUE(view.ok()) << view.status().ToString();
  if (!view.ok()) return providers;
  for (const fb::Node* node : *view->model->graphs()->Get(0)->nodes()) {
    providers[node->name()->str()] = node->provider()->str();
  }
  return providers;
}

TEST(Providers, TheConverterRecordsEachNodesProvider) {
  // What the session decides (DeclinedNodesRunOnTheReferenceKernels checks
  // it in the profile), decided ahead of time and kept in the file.
  const std::map<std::string, std::string> want = {{"fc", "XnnpackExecutionProvider"},
                                                   {"scaled", "CPUExecutionProvider"},
                                                   {"mm", "CPUExecutionProvider"},
                                                   {"add", "XnnpackExecutionProvider"},
                                                   {"relu", "XnnpackExecutionProvider"}};
  EXPECT_EQ(RecordedProviders(MixedModel()), want);

  // Asked for the reference kernels alone, every node is theirs.
  std::mt19937 rng(3);
  ModelBuilder m(17);
  m.Input("x", kFloat, {4, 16});
  m.Weight("w1", {16, 16}, RandomValues(256, rng));
  m.Node("Gemm", {"x", "w1"}, {"h1"}, "fc");
  m.Node("Relu", {"h1"}, {"y"}, "relu");
  m.Output("y", kFloat, {4, 16});
  converter::ConvertOptions cpu;
  cpu.providers = {"CPUExecutionProvider"};
  auto file = m.Convert(cpu);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  // (Gemm and Relu fused into one FusedGemm named "fc".)
  EXPECT_EQ(RecordedProviders(file.value()), (std::map<std::string, std::string>{{"fc", "CPUExecutionProvider"}}));

  converter::ConvertOptions unknown;
  unknown.providers = {"TensorrtExecutionProvider"};
  auto refused = m.Convert(unknown);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(refused.status().message().find("provider 'TensorrtExecutionProvider' is not available in this build"),
            std::string::npos)
      << refused.status().message();
}

// A small CNN with one op the CUDA provider lacks (ReduceMax).
ModelBuilder CnnModel() {
  std::mt19937 rng(5);
  ModelBuilder m(17);
  m.Input("x", kFloat, {1, 3, 8, 8});
  m.Weight("w", {4, 3, 3, 3}, RandomValues(108, rng));
  m.Weight("b", {4}, RandomValues(4, rng));
  auto* conv = m.Node("Conv", {"x", "w", "b"}, {"c"}, "conv");
  auto* pads = conv->add_attribute();
  pads->set_name("pads");
  pads->set_type(onnx::AttributeProto::INTS);
  for (int i = 0; i < 4; ++i) pads->add_ints(1);
  m.Node("Relu", {"c"}, {"r"}, "relu");
  m.Node("ReduceMax", {"r"}, {"m"}, "reduce");
  m.Node("Sub", {"r", "m"}, {"d"}, "sub");
  m.Node("GlobalAveragePool", {"d"}, {"y"}, "gap");
  m.Output("y", kFloat, {1, 4, 1, 1});
  return m;
}

TEST(Providers, AModelForCudaIsConvertedOnAMachineWithoutAGpu) {
  if (!CudaBuiltIn()) GTEST_SKIP() << "this build has no CUDA provider (bazel test --config=cuda)";
  const ModelBuilder m = CnnModel();
  converter::ConvertOptions for_cuda;
  for_cuda.providers = {"CUDAExecutionProvider"};
  auto file = m.Convert(for_cuda);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  // Conv and Relu fused, kept NCHW (no channels-last layout for CUDA), on
  // CUDA; ReduceMax on the CPU.
  EXPECT_EQ(RecordedProviders(file.value()), (std::map<std::string, std::string>{{"conv", "CUDAExecutionProvider"},
                                                                                 {"reduce", "CPUExecutionProvider"},
                                                                                 {"sub", "CUDAExecutionProvider"},
                                                                                 {"gap", "CUDAExecutionProvider"}}));
  // The runtime decides again: here the file runs on the host providers,
  // with the answers of a model converted for them.
  auto for_host = m.Convert();
  ASSERT_TRUE(for_host.ok()) << for_host.status().ToString();
  std::mt19937 rng(6);
  std::vector<float> x = RandomValues(3 * 64, rng);
  const std::vector<NamedInput> inputs = {{"x", TensorView{DType::kFloat32, {1, 3, 8, 8}, x.data()}}};
  SessionOptions options;
  options.providers = {"XnnpackExecutionProvider"};
  auto a = Open(file.value(), options);
  auto b = Open(for_host.value(), options);
  ASSERT_TRUE(a.ok() && b.ok());
  auto ya = a.value()->Run(inputs, {});
  auto yb = b.value()->Run(inputs, {});
  ASSERT_TRUE(ya.ok() && yb.ok());
  const std::vector<float> va = ya.value()[0].values<float>(), vb = yb.value()[0].values<float>();
  ASSERT_EQ(va.size(), vb.size());
  for (size_t i = 0; i < va.size(); ++i) EXPECT_NEAR(va[i], vb[i], 1e-5f) << i;
}

TEST(Providers, DeclinedNodesRunOnTheReferenceKernels) {
  const std::vector<uint8_t> file = MixedModel();
  SessionOptions options;
  options.enable_profiling = true;
  options.profile_file_prefix = ::testing::TempDir() + "/onyx_providers_test";
  auto session = Open(file, options);
  ASSERT_TRUE(session.ok()) << session.status().ToString();
  const Feeds feeds(4);
  const std::vector<float> fast = RunOnce(*session.value(), feeds);
  auto path = session.value()->EndProfiling();
  ASSERT_TRUE(path.ok()) << path.status().ToString();
  std::ifstream in(path.value());
  std::stringstream text;
  text << in.rdbuf();
  std::remove(path.value().c_str());
  auto provider_of = [&](const std::string& node) {
    const size_t at = text.str().find("\"name\":\"" + node + "_kernel_time\"");
    if (at == std::string::npos) return std::string("(node not in the profile)");
    const size_t p = text.str().find("\"provider\":\"", at) + 12;
    return text.str().substr(p, text.str().find('"', p) - p);
  };
  EXPECT_EQ(provider_of("fc"), "XnnpackExecutionProvider");
  EXPECT_EQ(provider_of("scaled"), "CPUExecutionProvider");  // alpha = 2: declined.
  // MatMul by a graph input, fused with Tanh by the converter into a
  // FusedGemm: declined twice over (B not constant, Tanh not a clamp).
  EXPECT_EQ(provider_of("mm"), "CPUExecutionProvider") << text.str();
  EXPECT_EQ(provider_of("add"), "XnnpackExecutionProvider");
  EXPECT_EQ(provider_of("relu"), "XnnpackExecutionProvider");

  SessionOptions reference;
  reference.providers = {"CPUExecutionProvider"};
  auto truth = Open(file, reference);
  ASSERT_TRUE(truth.ok()) << truth.status().ToString();
  const std::vector<float> want = RunOnce(*truth.value(), feeds);
  ASSERT_EQ(fast.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) EXPECT_NEAR(fast[i], want[i], 1e-5) << i;
}

TEST(Threads, PoolSizeFollowsTheOption) {
  const std::vector<uint8_t> file = MixedModel();
  auto threads_of = [&](int n) {
    SessionOptions options;
    options.intra_op_num_threads = n;
    auto session = Open(file, options);
    EXPECT_TRUE(session.ok()) << session.status().ToString();
    return session.ok() ? session.value()->num_threads() : -1;
  };
  EXPECT_EQ(threads_of(1), 1);
  EXPECT_EQ(threads_of(3), 3);
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  EXPECT_EQ(threads_of(0), std::min(cores, kMaxDefaultThreads));
  SessionOptions negative;
  negative.intra_op_num_threads = -2;
  auto session = Open(file, negative);
  ASSERT_FALSE(session.ok());
  EXPECT_EQ(session.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(session.status().message().find("intra_op_num_threads"), std::string::npos);
}

TEST(Threads, ResultsDoNotDependOnThreadsOrConcurrentRuns) {
  const std::vector<uint8_t> file = MixedModel();
  SessionOptions one, three;
  one.intra_op_num_threads = 1;
  three.intra_op_num_threads = 3;
  auto single = Open(file, one);
  auto pooled = Open(file, three);
  ASSERT_TRUE(single.ok() && pooled.ok());
  std::vector<Feeds> feeds;
  std::vector<std::vector<float>> want;
  for (int i = 0; i < 4; ++i) {
    feeds.emplace_back(10 + i);
    want.push_back(RunOnce(*single.value(), feeds.back()));
  }
  // Four threads share the pooled session (and its XNNPACK operators).
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 50; ++round) {
        auto out = pooled.value()->Run(feeds[t].inputs, {});
        if (!out.ok() || out.value()[0].values<float>() != want[t]) ++mismatches[t];
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(mismatches, std::vector<int>(4, 0));
}

}  // namespace
}  // namespace onyx
