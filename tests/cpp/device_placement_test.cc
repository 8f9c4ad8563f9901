// Device placement in the executor, tested without a GPU: a provider whose
// "device" is host memory the test keeps apart and watches. Its kernels fail
// when any pointer they get is not device memory, its allocator counts, and
// its copies are logged, so these tests check what a CUDA session relies on:
// nodes run where their provider works, tensors are copied only where the
// provider changes, weights go to the device once per plan, device memory is
// allocated with the workspace and never in Run, graph outputs made on the
// device come back, subgraphs stay on the host, and a failing copy is an
// error naming the tensor that leaves the session usable.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "kernels/ref/registry.h"
#include "runtime/executor/execution_plan.h"
#include "runtime/executor/loaded_model.h"
#include "tests/cpp/model_builder.h"

namespace onyx {
namespace {

using testing::ModelBuilder;

constexpr int kFloat = onnx::TensorProto::FLOAT;
constexpr int kRows = 4, kCols = 8;

// The simulated device: its memory, and a record of what was asked of it.
struct FakeDevice {
  std::mutex mutex;
  std::map<const uint8_t*, size_t> blocks;  // Live allocations.
  int allocations = 0;
  int contexts = 0;
  std::vector<std::string> copies;  // "h2d 64" / "d2h 128"
  bool fail_copies = false;

  bool Holds(const void* p, size_t bytes) {
    std::lock_guard<std::mutex> lock(mutex);
    const auto* q = static_cast<const uint8_t*>(p);
    auto it = blocks.upper_bound(q);
    if (it == blocks.begin()) return false;
    --it;
    return q >= it->first && q + bytes <= it->first + it->second;
  }
};

FakeDevice& Device() {
  static FakeDevice device;
  return device;
}

int kContextTag;  // Contexts are pointers to this.

const kernels::DeviceApi kFakeApi = {
    "fake",
    [](void** context) {
      std::lock_guard<std::mutex> lock(Device().mutex);
      ++Device().contexts;
      *context = &kContextTag;
      return Status::Ok();
    },
    [](void*) {},
    [](size_t bytes, void** ptr) {
      auto* p = static_cast<uint8_t*>(std::aligned_alloc(256, std::max<size_t>(256, (bytes + 255) / 256 * 256)));
      RETURN_ERROR_IF(p == nullptr, StatusCode::kOutOfMemory, "fake device is full");
      std::lock_guard<std::mutex> lock(Device().mutex);
      Device().blocks[p] = bytes;
      ++Device().allocations;
      *ptr = p;
      return Status::Ok();
    },
    [](void* ptr) {
      std::lock_guard<std::mutex> lock(Device().mutex);
      Device().blocks.erase(static_cast<uint8_t*>(ptr));
      std::free(ptr);
    },
    [](void*, void* dst, const void* src, size_t bytes) {
      RETURN_ERROR_IF(Device().fail_copies, StatusCode::kInternal, "the fake device refuses copies");
      RETURN_ERROR_IF(!Device().Holds(dst, bytes) || Device().Holds(src, bytes), StatusCode::kInternal,
                      "copy_to_device with the wrong pointers");
      std::memcpy(dst, src, bytes);
      std::lock_guard<std::mutex> lock(Device().mutex);
      Device().copies.push_back("h2d " + std::to_string(bytes));
      return Status::Ok();
    },
    [](void*, void* dst, const void* src, size_t bytes) {
      RETURN_ERROR_IF(Device().fail_copies, StatusCode::kInternal, "the fake device refuses copies");
      RETURN_ERROR_IF(Device().Holds(dst, bytes) || !Device().Holds(src, bytes), StatusCode::kInternal,
                      "copy_to_host with the wrong pointers");
      std::memcpy(dst, src, bytes);
      std::lock_guard<std::mutex> lock(Device().mutex);
      Device().copies.push_back("d2h " + std::to_string(bytes));
      return Status::Ok();
    },
    [](void* context) {
      RETURN_ERROR_IF(context != &kContextTag, StatusCode::kInternal, "synchronize without the workspace's context");
      return Status::Ok();
    },
};

// Every pointer a device kernel gets must be device memory, and it must run
// in its workspace's context.
Status CheckOnDevice(const kernels::RunContext& ctx) {
  RETURN_ERROR_IF(ctx.device_context != &kContextTag, StatusCode::kInternal, "no device context");
  for (size_t i = 0; i < ctx.inputs.size(); ++i) {
    RETURN_ERROR_IF(!Device().Holds(ctx.input(i).data, ctx.input(i).nbytes()), StatusCode::kInternal, "input ", i,
                    " is not in device memory");
  }
  for (size_t i = 0; i < ctx.outputs.size(); ++i) {
    RETURN_ERROR_IF(!Device().Holds(ctx.output(i).data, ctx.output(i).nbytes()), StatusCode::kInternal, "output ",
                    i, " is not in device memory");
  }
  return Status::Ok();
}

// The fake provider's kernels: float only, and for Add equal shapes only
// (kUnsupported otherwise, which hands the node to the reference kernels).
Status SameShapePrepare(kernels::PrepareContext& ctx) {
  for (size_t i = 0; i < ctx.num_inputs(); ++i) {
    if (ctx.input(i).dtype != DType::kFloat32 || ctx.input(i).dims != ctx.input(0).dims) {
      return MakeError(StatusCode::kUnsupported, "fake device: float inputs of one shape only");
    }
  }
  ctx.SetOutput(0, DType::kFloat32, ctx.input(0).dims);
  return Status::Ok();
}

Status ReluRun(const kernels::RunContext& ctx) {
  RETURN_IF_ERROR(CheckOnDevice(ctx));
  const float* x = ctx.input(0).data_as<float>();
  float* y = ctx.output(0).data_as<float>();
  for (int64_t i = 0; i < ctx.output(0).num_elements(); ++i) y[i] = x[i] < 0 ? 0 : x[i];
  return Status::Ok();
}

Status AddRun(const kernels::RunContext& ctx) {
  RETURN_IF_ERROR(CheckOnDevice(ctx));
  const float* a = ctx.input(0).data_as<float>();
  const float* b = ctx.input(1).data_as<float>();
  float* y = ctx.output(0).data_as<float>();
  for (int64_t i = 0; i < ctx.output(0).num_elements(); ++i) y[i] = a[i] + b[i];
  return Status::Ok();
}

Status MatMulPrepare(kernels::PrepareContext& ctx) {
  const Dims& a = ctx.input(0).dims;
  const Dims& b = ctx.input(1).dims;
  if (ctx.input(0).dtype != DType::kFloat32 || a.size() != 2 || b.size() != 2 || a[1] != b[0]) {
    return MakeError(StatusCode::kUnsupported, "fake device: 2-D float MatMul only");
  }
  ctx.SetOutput(0, DType::kFloat32, {a[0], b[1]});
  return Status::Ok();
}

Status MatMulRun(const kernels::RunContext& ctx) {
  RETURN_IF_ERROR(CheckOnDevice(ctx));
  const int64_t m = ctx.input(0).dims[0], k = ctx.input(0).dims[1], n = ctx.input(1).dims[1];
  const float* a = ctx.input(0).data_as<float>();
  const float* b = ctx.input(1).data_as<float>();
  float* y = ctx.output(0).data_as<float>();
  for (int64_t i = 0; i < m; ++i) {
    for (int64_t j = 0; j < n; ++j) {
      float sum = 0;
      for (int64_t p = 0; p < k; ++p) sum += a[i * k + p] * b[p * n + j];
      y[i * n + j] = sum;
    }
  }
  return Status::Ok();
}

// Reshape to the shape input's value, known when prepared; Run never reads
// that input (SkipInputInRun), so it gets no device copy.
Status ReshapePrepare(kernels::PrepareContext& ctx) {
  const kernels::ValueInfo& shape = ctx.input(1);
  if (ctx.input(0).dtype != DType::kFloat32 || shape.data == nullptr) {
    return MakeError(StatusCode::kUnsupported, "fake device: a float Reshape to a known shape only");
  }
  const int64_t* p = static_cast<const int64_t*>(shape.data);
  ctx.SetOutput(0, DType::kFloat32, Dims(p, p + NumElements(shape.dims)));
  ctx.SkipInputInRun(1);
  return Status::Ok();
}

Status ReshapeRun(const kernels::RunContext& ctx) {
  RETURN_ERROR_IF(ctx.device_context != &kContextTag, StatusCode::kInternal, "no device context");
  RETURN_ERROR_IF(!Device().Holds(ctx.input(0).data, ctx.input(0).nbytes()) ||
                      !Device().Holds(ctx.output(0).data, ctx.output(0).nbytes()),
                  StatusCode::kInternal, "Reshape's data is not in device memory");
  if (ctx.output(0).data != ctx.input(0).data) std::memcpy(ctx.output(0).data, ctx.input(0).data, ctx.output(0).nbytes());
  return Status::Ok();
}

constexpr uint64_t kAnyDType = 0;
const kernels::KernelDef kFakeKernels[] = {
    {"", "Add", 7, kernels::kLatestOpset, kAnyDType, SameShapePrepare, AddRun},
    {"", "MatMul", 1, kernels::kLatestOpset, kAnyDType, MatMulPrepare, MatMulRun},
    {"", "Relu", 1, kernels::kLatestOpset, kAnyDType, SameShapePrepare, ReluRun},
    {"", "Reshape", 5, kernels::kLatestOpset, kAnyDType, ReshapePrepare, ReshapeRun},
};

kernels::KernelLibrary FakeLibrary() {
  kernels::KernelLibrary library{};
  library.provider = "FakeDeviceExecutionProvider";
  library.kernels = Span<const kernels::KernelDef>(kFakeKernels);
  library.device = &kFakeApi;
  return library;
}

std::vector<float> Weights() {
  std::vector<float> w(kCols * kCols);
  for (size_t i = 0; i < w.size(); ++i) w[i] = 0.3f * std::sin(0.9f * static_cast<float>(i));
  return w;
}

// m = x W (device); s = sigmoid(m) (host: the fake device has no Sigmoid);
// r = relu(s - 0.5) via Sub on the host and Relu on the device; z = r + x
// (device, x already there); outputs z (made on the device) and s (host).
// An If on `flag` whose branches hold a Relu (device-capable, but subgraphs
// stay on the host) gives the third output.
std::vector<uint8_t> Model() {
  ModelBuilder m(17);
  m.Input("x", kFloat, {kRows, kCols});
  m.Input("flag", onnx::TensorProto::BOOL, {});
  m.Weight("W", {kCols, kCols}, Weights());
  m.Weight("half", {}, std::vector<float>{0.5f});
  m.Node("MatMul", {"x", "W"}, {"m"}, "mm");
  m.Node("Sigmoid", {"m"}, {"s"}, "sig");
  m.Node("Sub", {"s", "half"}, {"d"}, "sub");
  m.Node("Relu", {"d"}, {"r"}, "relu");
  m.Node("Add", {"r", "x"}, {"z"}, "add");
  onnx::GraphProto then_branch, else_branch;
  then_branch.set_name("then");
  testing::AddNode(&then_branch, "Relu", {"z"}, {"t"});
  testing::AddValueInfo(then_branch.add_output(), "t", kFloat, {kRows, kCols});
  else_branch.set_name("else");
  testing::AddNode(&else_branch, "Neg", {"z"}, {"e"});
  testing::AddValueInfo(else_branch.add_output(), "e", kFloat, {kRows, kCols});
  auto* branch = m.Node("If", {"flag"}, {"b"}, "branch");
  testing::SetGraph(branch, "then_branch", then_branch);
  testing::SetGraph(branch, "else_branch", else_branch);
  m.Output("z", kFloat, {kRows, kCols});
  m.Output("s", kFloat, {kRows, kCols});
  m.Output("b", kFloat, {kRows, kCols});
  converter::ConvertOptions options;
  options.optimization_level = 0;  // Keep every node as written (no MatMul+Sigmoid fusion).
  return m.Convert(options).value();
}

struct Fixture {
  std::shared_ptr<const executor::LoadedModel> model;
  std::unique_ptr<executor::ExecutionPlan> plan;
};

Fixture Plan(const std::vector<kernels::KernelLibrary>& providers) {
  static const std::vector<uint8_t> file = Model();
  auto bytes = executor::ModelBytes::Copy(file.data(), file.size());
  EXPECT_TRUE(bytes.ok()) << bytes.status().ToString();
  auto model = executor::LoadedModel::Load(bytes.value());
  EXPECT_TRUE(model.ok()) << model.status().ToString();
  auto plan = executor::ExecutionPlan::Create(model.value(), 0, providers, kernels::ref::Library(),
                                              planner::InputSignature{{{kRows, kCols}, {}}});
  EXPECT_TRUE(plan.ok()) << plan.status().ToString();
  return Fixture{model.value(), std::move(plan).value()};
}

// `m` (one [kRows, kCols] float input) converted and planned on the fake
// device and the reference kernels.
Fixture PlanOnFakeDevice(const ModelBuilder& m, const converter::ConvertOptions& options = {}) {
  auto file = m.Convert(options);
  EXPECT_TRUE(file.ok()) << file.status().ToString();
  auto bytes = executor::ModelBytes::Copy(file->data(), file->size());
  auto model = executor::LoadedModel::Load(bytes.value());
  EXPECT_TRUE(model.ok()) << model.status().ToString();
  auto plan = executor::ExecutionPlan::Create(model.value(), 0, {FakeLibrary(), kernels::ref::Library()},
                                              kernels::ref::Library(), planner::InputSignature{{{kRows, kCols}}});
  EXPECT_TRUE(plan.ok()) << plan.status().ToString();
  return Fixture{model.value(), std::move(plan).value()};
}

struct Outputs {
  std::vector<float> z, s, b;
};

Result<Outputs> RunPlan(const executor::ExecutionPlan& plan, executor::Workspace& ws, const std::vector<float>& x,
                        bool flag) {
  uint8_t cond = flag;
  std::vector<TensorView> inputs = {
      TensorView{DType::kFloat32, {kRows, kCols}, const_cast<float*>(x.data())},
      TensorView{DType::kBool, {}, &cond},
  };
  RETURN_IF_ERROR(plan.Run(ws, Span<const TensorView>(inputs.data(), inputs.size()), nullptr));
  auto values = [&](int output) {
    const TensorView& v = ws.views[plan.graph().outputs[output]];
    return std::vector<float>(v.data_as<float>(), v.data_as<float>() + v.num_elements());
  };
  return Outputs{values(0), values(1), values(2)};
}

std::vector<float> Input(int seed) {
  std::vector<float> x(kRows * kCols);
  for (size_t i = 0; i < x.size(); ++i) x[i] = std::cos(0.37f * static_cast<float>(i) + static_cast<float>(seed));
  return x;
}

void ExpectNear(const std::vector<float>& got, const std::vector<float>& want, const char* what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], want[i], 1e-5f) << what << " at " << i;
}

TEST(DevicePlacement, NodesRunWhereTheirProviderWorksAndCopiesOnlyWhereItChanges) {
  Fixture f = Plan({FakeLibrary(), kernels::ref::Library()});
  const executor::ExecutionPlan& plan = *f.plan;
  ASSERT_EQ(plan.device(), &kFakeApi);
  std::map<std::string, std::string> provider;
  for (size_t n = 0; n < plan.graph().nodes.size(); ++n) {
    provider[plan.graph().nodes[n].info.name] = plan.placement().node_on_device[n] ? "device" : "host";
  }
  EXPECT_EQ(provider, (std::map<std::string, std::string>{{"mm", "device"},
                                                          {"sig", "host"},
                                                          {"sub", "host"},
                                                          {"relu", "device"},
                                                          {"add", "device"},
                                                          {"branch", "host"}}));
  // x to the device (mm), m back (sig), d to the device (relu), z back for
  // the If; nothing at the end: z already came back for the If.
  std::vector<std::string> copies;
  for (size_t step = 0; step < plan.placement().before.size(); ++step) {
    for (const executor::TensorCopy& c : plan.placement().before[step]) {
      copies.push_back(plan.graph().tensors[c.tensor].name + (c.to_device ? ">dev" : ">host"));
    }
  }
  EXPECT_EQ(copies, (std::vector<std::string>{"x>dev", "m>host", "d>dev", "z>host"}));
  EXPECT_TRUE(plan.placement().at_end.empty());
  // Only W is a device weight; the device adds a mirror of the arena.
  EXPECT_EQ(plan.device_weight_bytes(), uint64_t{kCols * kCols * sizeof(float)});
  EXPECT_GE(plan.device_workspace_bytes(), plan.arena_size());
}

TEST(DevicePlacement, AnswersMatchTheHostOnlyPlanAndRunsAllocateNothingOnTheDevice) {
  Fixture host = Plan({kernels::ref::Library()});
  ASSERT_EQ(host.plan->device(), nullptr);
  auto host_ws = host.plan->NewWorkspace();
  ASSERT_TRUE(host_ws.ok()) << host_ws.status().ToString();

  const int allocations_before_plan = Device().allocations;
  Fixture dev = Plan({FakeLibrary(), kernels::ref::Library()});
  EXPECT_EQ(Device().allocations - allocations_before_plan, 1);  // The weights, once.
  const int contexts_before = Device().contexts;
  auto ws = dev.plan->NewWorkspace();
  ASSERT_TRUE(ws.ok()) << ws.status().ToString();
  EXPECT_EQ(Device().contexts - contexts_before, 1);
  const int allocations_after_workspace = Device().allocations;

  for (int run = 0; run < 4; ++run) {
    const std::vector<float> x = Input(run);
    const bool flag = run % 2 == 0;
    auto want = RunPlan(*host.plan, *host_ws.value(), x, flag);
    ASSERT_TRUE(want.ok()) << want.status().ToString();
    Device().copies.clear();
    auto got = RunPlan(*dev.plan, *ws.value(), x, flag);
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    ExpectNear(got->z, want->z, "z");
    ExpectNear(got->s, want->s, "s");
    ExpectNear(got->b, want->b, "b");
    const std::string bytes = std::to_string(kRows * kCols * sizeof(float));
    EXPECT_EQ(Device().copies,
              (std::vector<std::string>{"h2d " + bytes, "d2h " + bytes, "h2d " + bytes, "d2h " + bytes}));
  }
  EXPECT_EQ(Device().allocations, allocations_after_workspace);
  // The If's branches were planned on the host only: their Relu is not on the device.
  for (const auto& [key, instance] : ws.value()->subgraphs) {
    EXPECT_EQ(instance.plan->device(), nullptr) << "subgraph #" << key.first;
  }
}

TEST(DevicePlacement, AGraphOutputMadeOnTheDeviceComesBackAtTheEnd) {
  ModelBuilder m(17);
  m.Input("x", kFloat, {kRows, kCols});
  m.Node("Relu", {"x"}, {"y"}, "relu");
  m.Output("y", kFloat, {kRows, kCols});
  Fixture f = PlanOnFakeDevice(m);
  ASSERT_NE(f.plan, nullptr);
  const executor::ExecutionPlan& plan = *f.plan;
  ASSERT_EQ(plan.placement().at_end.size(), 1u);
  auto ws = plan.NewWorkspace();
  ASSERT_TRUE(ws.ok()) << ws.status().ToString();
  const std::vector<float> x = Input(7);
  TensorView in{DType::kFloat32, {kRows, kCols}, const_cast<float*>(x.data())};
  ASSERT_TRUE(plan.Run(*ws.value(), Span<const TensorView>(&in, 1), nullptr).ok());
  const TensorView& y = ws.value()->views[plan.graph().outputs[0]];
  EXPECT_FALSE(Device().Holds(y.data, y.nbytes()));
  for (size_t i = 0; i < x.size(); ++i) EXPECT_EQ(y.data_as<float>()[i], std::max(x[i], 0.0f));
}

TEST(DevicePlacement, AFailingCopyNamesTheTensorAndTheWorkspaceStillRuns) {
  Fixture f = Plan({FakeLibrary(), kernels::ref::Library()});
  auto ws = f.plan->NewWorkspace();
  ASSERT_TRUE(ws.ok()) << ws.status().ToString();
  const std::vector<float> x = Input(3);
  Device().fail_copies = true;
  auto failed = RunPlan(*f.plan, *ws.value(), x, true);
  Device().fail_copies = false;
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.status().message().find("node 'mm' (#0, MatMul opset 17): copying 'x' to device 'fake'"),
            std::string::npos)
      << failed.status().ToString();
  EXPECT_NE(failed.status().message().find("the fake device refuses copies"), std::string::npos);
  Fixture host = Plan({kernels::ref::Library()});
  auto host_ws = host.plan->NewWorkspace();
  auto want = RunPlan(*host.plan, *host_ws.value(), x, true);
  auto got = RunPlan(*f.plan, *ws.value(), x, true);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ExpectNear(got->z, want->z, "z");
}

TEST(DevicePlacement, DeviceMemoryIsReleasedWithThePlanAndWorkspace) {
  const size_t live_before = Device().blocks.size();
  {
    Fixture f = Plan({FakeLibrary(), kernels::ref::Library()});
    auto ws = f.plan->NewWorkspace();
    ASSERT_TRUE(ws.ok());
    EXPECT_GT(Device().blocks.size(), live_before);
  }
  EXPECT_EQ(Device().blocks.size(), live_before);
}

}  // namespace
}  // namespace onyx

namespace onyx {
namespace {

// Device memory of the fake device holding `values`.
float* OnDevice(const std::vector<float>& values) {
  void* p = nullptr;
  EXPECT_TRUE(kFakeApi.allocate(values.size() * sizeof(float), &p).ok());
  std::memcpy(p, values.data(), values.size() * sizeof(float));
  return static_cast<float*>(p);
}

TEST(DevicePlacement, InputsAndOutputsBoundOnTheDeviceAreUsedInPlace) {
  Fixture host = Plan({kernels::ref::Library()});
  Fixture dev = Plan({FakeLibrary(), kernels::ref::Library()});
  auto host_ws = host.plan->NewWorkspace();
  auto ws = dev.plan->NewWorkspace();
  ASSERT_TRUE(ws.ok()) << ws.status().ToString();
  const std::vector<float> x = Input(5);
  auto want = RunPlan(*host.plan, *host_ws.value(), x, true);
  ASSERT_TRUE(want.ok());

  float* x_dev = OnDevice(x);
  float* z_dev = OnDevice(std::vector<float>(kRows * kCols, -1.0f));
  uint8_t cond = 1;
  std::vector<TensorView> inputs = {TensorView{DType::kFloat32, {kRows, kCols}, x_dev},
                                    TensorView{DType::kBool, {}, &cond}};
  executor::DeviceBinding binding;
  binding.inputs = {1, 0};
  const int z = dev.plan->graph().outputs[0];
  binding.outputs = {{z, z_dev}};
  for (int run = 0; run < 2; ++run) {
    Device().copies.clear();
    Status status = dev.plan->Run(*ws.value(), Span<const TensorView>(inputs.data(), inputs.size()), nullptr, nullptr,
                                  &binding);
    ASSERT_TRUE(status.ok()) << status.ToString();
    // x is not copied in (it is on the device already, and no host node
    // reads it); z is written in place by the device Add and copied to the
    // host only for the If.
    const std::string bytes = std::to_string(kRows * kCols * sizeof(float));
    EXPECT_EQ(Device().copies, (std::vector<std::string>{"d2h " + bytes, "h2d " + bytes, "d2h " + bytes}));
    ExpectNear(std::vector<float>(z_dev, z_dev + kRows * kCols), want->z, "z on the device");
    const TensorView& b = ws.value()->views[dev.plan->graph().outputs[2]];
    ExpectNear(std::vector<float>(b.data_as<float>(), b.data_as<float>() + b.num_elements()), want->b, "b");
  }
  // Without the binding, the same workspace copies x in again.
  auto unbound = RunPlan(*dev.plan, *ws.value(), x, true);
  ASSERT_TRUE(unbound.ok()) << unbound.status().ToString();
  ExpectNear(unbound->z, want->z, "z unbound");
  kFakeApi.release(x_dev);
  kFakeApi.release(z_dev);
}

TEST(DevicePlacement, AHostNodeReadingADeviceInputGetsAHostCopy) {
  ModelBuilder m(17);
  m.Input("x", kFloat, {kRows, kCols});
  m.Node("Relu", {"x"}, {"r"}, "relu");
  m.Node("Sigmoid", {"x"}, {"s"}, "sig");
  m.Output("r", kFloat, {kRows, kCols});
  m.Output("s", kFloat, {kRows, kCols});
  Fixture f = PlanOnFakeDevice(m);
  ASSERT_NE(f.plan, nullptr);
  const executor::ExecutionPlan& plan = *f.plan;
  auto ws = plan.NewWorkspace();
  ASSERT_TRUE(ws.ok());
  const std::vector<float> x = Input(9);
  float* x_dev = OnDevice(x);
  TensorView in{DType::kFloat32, {kRows, kCols}, x_dev};
  executor::DeviceBinding binding;
  binding.inputs = {1};
  Status status = plan.Run(*ws.value(), Span<const TensorView>(&in, 1), nullptr, nullptr, &binding);
  ASSERT_TRUE(status.ok()) << status.ToString();
  const TensorView& r = ws.value()->views[plan.graph().outputs[0]];
  const TensorView& s = ws.value()->views[plan.graph().outputs[1]];
  for (size_t i = 0; i < x.size(); ++i) {
    EXPECT_EQ(r.data_as<float>()[i], std::max(x[i], 0.0f));
    EXPECT_NEAR(s.data_as<float>()[i], 1.0f / (1.0f + std::exp(-x[i])), 1e-6f);
  }
  kFakeApi.release(x_dev);
}

TEST(DevicePlacement, InputsADeviceKernelNeverReadsAreNotCopied) {
  // y = Reshape(Relu(x), Shape(x) reversed): Shape and the reversal run on
  // the host every run, but the device Reshape took their value in Prepare.
  ModelBuilder m(17);
  m.Input("x", kFloat, {kRows, kCols});
  m.Weight("reverse", {2}, std::vector<int64_t>{1, 0});
  m.Node("Relu", {"x"}, {"r"}, "relu");
  m.Node("Shape", {"x"}, {"s"}, "shape");
  m.Node("Gather", {"s", "reverse"}, {"t"}, "reverse");
  m.Node("Reshape", {"r", "t"}, {"y"}, "reshape");
  m.Output("y", kFloat, {kCols, kRows});
  converter::ConvertOptions options;
  options.optimization_level = 0;  // Keep the shape computation as nodes.
  Fixture f = PlanOnFakeDevice(m, options);
  ASSERT_NE(f.plan, nullptr);
  const executor::ExecutionPlan& plan = *f.plan;
  std::vector<std::string> on_device;
  for (size_t n = 0; n < plan.graph().nodes.size(); ++n) {
    if (plan.placement().node_on_device[n]) on_device.push_back(plan.graph().nodes[n].info.name);
  }
  EXPECT_EQ(on_device, (std::vector<std::string>{"relu", "reshape"}));
  auto ws = plan.NewWorkspace();
  ASSERT_TRUE(ws.ok());
  const std::vector<float> x = Input(2);
  TensorView in{DType::kFloat32, {kRows, kCols}, const_cast<float*>(x.data())};
  Device().copies.clear();
  Status status = plan.Run(*ws.value(), Span<const TensorView>(&in, 1), nullptr);
  ASSERT_TRUE(status.ok()) << status.ToString();
  const std::string bytes_x = std::to_string(kRows * kCols * sizeof(float));
  EXPECT_EQ(Device().copies, (std::vector<std::string>{"h2d " + bytes_x, "d2h " + bytes_x}));
  const TensorView& y = ws.value()->views[plan.graph().outputs[0]];
  EXPECT_EQ(y.dims, (Dims{kCols, kRows}));
  for (size_t i = 0; i < x.size(); ++i) EXPECT_EQ(y.data_as<float>()[i], std::max(x[i], 0.0f));
}

TEST(DevicePlacement, BindingDeviceMemoryToAHostOnlyPlanIsAnError) {
  Fixture host = Plan({kernels::ref::Library()});
  auto ws = host.plan->NewWorkspace();
  const std::vector<float> x = Input(1);
  uint8_t cond = 0;
  std::vector<TensorView> inputs = {TensorView{DType::kFloat32, {kRows, kCols}, const_cast<float*>(x.data())},
                                    TensorView{DType::kBool, {}, &cond}};
  executor::DeviceBinding binding;
  binding.inputs = {1, 0};
  Status status = host.plan->Run(*ws.value(), Span<const TensorView>(inputs.data(), inputs.size()), nullptr, nullptr,
                                 &binding);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("no node of this session runs on a device"), std::string::npos)
      << status.message();
}

}  // namespace
}  // namespace onyx
