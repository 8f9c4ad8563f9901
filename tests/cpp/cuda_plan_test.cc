// A whole model on the CUDA provider against the reference kernels: a small
// CNN whose nodes all run on the GPU but one (ReduceMax, which the provider
// does not have, so its input comes back to the host and its output goes
// out again), the answers compared over several runs, and the device
// allocations counted: weights once per plan, the arena and scratch once
// per workspace, none in Run. Skips, saying why, where no GPU can be used.

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "kernels/cuda/registry.h"
#include "kernels/ref/registry.h"
#include "runtime/executor/execution_plan.h"
#include "runtime/executor/loaded_model.h"
#include "tests/cpp/model_builder.h"

namespace onyx {
namespace {

using testing::ModelBuilder;

constexpr int kFloat = onnx::TensorProto::FLOAT;

std::vector<float> Values(size_t n, float scale, float phase) {
  std::vector<float> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = scale * std::sin(0.37f * static_cast<float>(i) + phase);
  return v;
}

std::vector<uint8_t> Model() {
  ModelBuilder m(17);
  m.Input("x", kFloat, {2, 3, 16, 16});
  m.Weight("w1", {8, 3, 3, 3}, Values(8 * 3 * 9, 0.3f, 0.1f));
  m.Weight("b1", {8}, Values(8, 0.1f, 0.2f));
  m.Weight("w2", {8, 1, 3, 3}, Values(8 * 9, 0.3f, 0.3f));
  m.Weight("fc", {10, 8}, Values(80, 0.3f, 0.4f));
  m.Weight("fc_b", {10}, Values(10, 0.1f, 0.5f));
  auto* conv = m.Node("Conv", {"x", "w1", "b1"}, {"c1"}, "conv1");
  auto* pads = conv->add_attribute();
  pads->set_name("pads");
  pads->set_type(onnx::AttributeProto::INTS);
  for (int i = 0; i < 4; ++i) pads->add_ints(1);
  m.Node("Relu", {"c1"}, {"r1"}, "relu1");
  auto* dw = m.Node("Conv", {"r1", "w2"}, {"c2"}, "depthwise");
  auto* group = dw->add_attribute();
  group->set_name("group");
  group->set_type(onnx::AttributeProto::INT);
  group->set_i(8);
  auto* reduce = m.Node("ReduceMax", {"c2"}, {"m"}, "reduce");
  auto* keep = reduce->add_attribute();
  keep->set_name("keepdims");
  keep->set_type(onnx::AttributeProto::INT);
  keep->set_i(1);
  m.Node("Sub", {"c2", "m"}, {"d"}, "sub");
  m.Node("GlobalAveragePool", {"d"}, {"g"}, "gap");
  m.Node("Flatten", {"g"}, {"f"}, "flatten");
  auto* gemm = m.Node("Gemm", {"f", "fc", "fc_b"}, {"logits"}, "fc");
  auto* trans = gemm->add_attribute();
  trans->set_name("transB");
  trans->set_type(onnx::AttributeProto::INT);
  trans->set_i(1);
  m.Node("Softmax", {"logits"}, {"y"}, "softmax");
  m.Output("y", kFloat, {2, 10});
  converter::ConvertOptions options;
  options.optimization_level = 0;
  return m.Convert(options).value();
}

class CudaPlanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const Status available = kernels::cuda::Available();
    if (!available.ok()) GTEST_SKIP() << "CUDA tests skipped: " << available.message();
  }
};

TEST_F(CudaPlanTest, AnswersMatchTheReferenceAndRunsAllocateNothing) {
  static const std::vector<uint8_t> file = Model();
  auto bytes = executor::ModelBytes::Copy(file.data(), file.size());
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  auto model = executor::LoadedModel::Load(bytes.value());
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  const kernels::KernelLibrary ref = kernels::ref::Library();
  const planner::InputSignature signature{{{2, 3, 16, 16}}};
  auto host = executor::ExecutionPlan::Create(model.value(), 0, {ref}, ref, signature);
  ASSERT_TRUE(host.ok()) << host.status().ToString();
  auto cuda = executor::ExecutionPlan::Create(model.value(), 0, {kernels::cuda::Library(), ref}, ref, signature);
  ASSERT_TRUE(cuda.ok()) << cuda.status().ToString();
  const executor::ExecutionPlan& plan = *cuda.value();
  ASSERT_NE(plan.device(), nullptr);
  for (size_t n = 0; n < plan.graph().nodes.size(); ++n) {
    const std::string& name = plan.graph().nodes[n].info.name;
    EXPECT_EQ(static_cast<bool>(plan.placement().node_on_device[n]), name != "reduce") << name;
  }
  auto host_ws = host.value()->NewWorkspace();
  auto ws = plan.NewWorkspace();
  ASSERT_TRUE(ws.ok()) << ws.status().ToString();
  const int64_t allocations = kernels::cuda::DeviceAllocations();
  for (int run = 0; run < 5; ++run) {
    std::vector<float> x = Values(2 * 3 * 16 * 16, 1.0f, static_cast<float>(run));
    TensorView in{DType::kFloat32, {2, 3, 16, 16}, x.data()};
    ASSERT_TRUE(host.value()->Run(*host_ws.value(), Span<const TensorView>(&in, 1), nullptr).ok());
    Status status = plan.Run(*ws.value(), Span<const TensorView>(&in, 1), nullptr);
    ASSERT_TRUE(status.ok()) << status.ToString();
    const TensorView& want = host_ws.value()->views[plan.graph().outputs[0]];
    const TensorView& got = ws.value()->views[plan.graph().outputs[0]];
    for (int64_t i = 0; i < want.num_elements(); ++i) {
      EXPECT_NEAR(got.data_as<float>()[i], want.data_as<float>()[i], 1e-5f) << "run " << run << " at " << i;
    }
  }
  EXPECT_EQ(kernels::cuda::DeviceAllocations(), allocations);
}

// IOBinding on the device: x already in device memory and y written there;
// the only copies are those of ReduceMax's input and output.
TEST_F(CudaPlanTest, DeviceBoundInputsAndOutputsAgreeWithHostOnes) {
  static const std::vector<uint8_t> file = Model();
  auto bytes = executor::ModelBytes::Copy(file.data(), file.size());
  auto model = executor::LoadedModel::Load(bytes.value());
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  const kernels::KernelLibrary ref = kernels::ref::Library();
  const planner::InputSignature signature{{{2, 3, 16, 16}}};
  auto host = executor::ExecutionPlan::Create(model.value(), 0, {ref}, ref, signature);
  auto cuda = executor::ExecutionPlan::Create(model.value(), 0, {kernels::cuda::Library(), ref}, ref, signature);
  ASSERT_TRUE(cuda.ok()) << cuda.status().ToString();
  auto host_ws = host.value()->NewWorkspace();
  auto ws = cuda.value()->NewWorkspace();
  ASSERT_TRUE(ws.ok()) << ws.status().ToString();
  const kernels::DeviceApi& api = kernels::cuda::Device();
  std::vector<float> x = Values(2 * 3 * 16 * 16, 1.0f, 0.5f);
  void* x_dev = nullptr;
  void* y_dev = nullptr;
  ASSERT_TRUE(api.allocate(x.size() * sizeof(float), &x_dev).ok());
  ASSERT_TRUE(api.allocate(2 * 10 * sizeof(float), &y_dev).ok());
  ASSERT_TRUE(api.copy_to_device(nullptr, x_dev, x.data(), x.size() * sizeof(float)).ok());
  TensorView in_host{DType::kFloat32, {2, 3, 16, 16}, x.data()};
  ASSERT_TRUE(host.value()->Run(*host_ws.value(), Span<const TensorView>(&in_host, 1), nullptr).ok());
  TensorView in_dev{DType::kFloat32, {2, 3, 16, 16}, x_dev};
  executor::DeviceBinding binding;
  binding.inputs = {1};
  binding.outputs = {{cuda.value()->graph().outputs[0], y_dev}};
  Status status = cuda.value()->Run(*ws.value(), Span<const TensorView>(&in_dev, 1), nullptr, nullptr, &binding);
  ASSERT_TRUE(status.ok()) << status.ToString();
  std::vector<float> y(20);
  ASSERT_TRUE(api.copy_to_host(nullptr, y.data(), y_dev, y.size() * sizeof(float)).ok());
  const TensorView& want = host_ws.value()->views[host.value()->graph().outputs[0]];
  for (size_t i = 0; i < y.size(); ++i) EXPECT_NEAR(y[i], want.data_as<float>()[i], 1e-5f) << i;
  api.release(x_dev);
  api.release(y_dev);
}

}  // namespace
}  // namespace onyx
