// Subgraphs planned inside the parent's arena: a Loop and an If whose input
// shapes are known ahead get a region of the main graph's arena, alive at
// their step only; the file records it, the session uses the file's plan,
// the subgraphs run in that region, and the answers match a computation
// done here by hand.

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "format/reader.h"
#include "kernels/ref/registry.h"
#include "runtime/executor/execution_plan.h"
#include "runtime/executor/loaded_model.h"
#include "runtime/session/session.h"
#include "tests/cpp/model_builder.h"

namespace onyx {
namespace {

using testing::AddNode;
using testing::AddValueInfo;
using testing::ModelBuilder;
using testing::SetGraph;

constexpr int kFloat = onnx::TensorProto::FLOAT;
constexpr int kRows = 4, kCols = 16, kTrips = 3;

std::vector<float> Weights() {
  std::vector<float> w(kCols * kCols);
  for (size_t i = 0; i < w.size(); ++i) w[i] = 0.2f * std::sin(0.7f * static_cast<float>(i));
  return w;
}

// y = Loop(trips, x): x <- tanh(x W) each trip (W captured from the main
// graph); b = If(flag, then: x W, else: -x); z = y + b. (An If reading y
// would get no region: a control-flow output's shape is known only when it
// has run.)
std::vector<uint8_t> Model() {
  ModelBuilder m(17);
  m.Input("x", kFloat, {kRows, kCols});
  m.Input("flag", onnx::TensorProto::BOOL, {});
  m.Weight("W", {kCols, kCols}, Weights());
  m.Weight("trips", {}, std::vector<int64_t>{kTrips});

  onnx::GraphProto body;
  body.set_name("body");
  AddValueInfo(body.add_input(), "i", onnx::TensorProto::INT64, {});
  AddValueInfo(body.add_input(), "c", onnx::TensorProto::BOOL, {});
  AddValueInfo(body.add_input(), "state", kFloat, {kRows, kCols});
  AddNode(&body, "Identity", {"c"}, {"c_out"});
  AddNode(&body, "MatMul", {"state", "W"}, {"product"});
  AddNode(&body, "Tanh", {"product"}, {"next"});
  AddValueInfo(body.add_output(), "c_out", onnx::TensorProto::BOOL, {});
  AddValueInfo(body.add_output(), "next", kFloat, {kRows, kCols});
  SetGraph(m.Node("Loop", {"trips", "", "x"}, {"y"}, "loop"), "body", body);

  onnx::GraphProto then_branch, else_branch;
  then_branch.set_name("then");
  AddNode(&then_branch, "MatMul", {"x", "W"}, {"yw"});
  AddValueInfo(then_branch.add_output(), "yw", kFloat, {kRows, kCols});
  else_branch.set_name("else");
  AddNode(&else_branch, "Neg", {"x"}, {"neg"});
  AddValueInfo(else_branch.add_output(), "neg", kFloat, {kRows, kCols});
  auto* branch = m.Node("If", {"flag"}, {"b"}, "branch");
  SetGraph(branch, "then_branch", then_branch);
  SetGraph(branch, "else_branch", else_branch);
  m.Node("Add", {"y", "b"}, {"z"}, "sum");
  m.Output("z", kFloat, {kRows, kCols});
  return m.Convert().value();
}

std::vector<float> MatMul(const std::vector<float>& a, const std::vector<float>& w) {
  std::vector<float> out(kRows * kCols, 0.0f);
  for (int r = 0; r < kRows; ++r) {
    for (int c = 0; c < kCols; ++c) {
      double sum = 0;
      for (int k = 0; k < kCols; ++k) sum += static_cast<double>(a[r * kCols + k]) * w[k * kCols + c];
      out[r * kCols + c] = static_cast<float>(sum);
    }
  }
  return out;
}

std::vector<float> Expected(const std::vector<float>& x, bool flag) {
  const std::vector<float> w = Weights();
  std::vector<float> y = x;
  for (int t = 0; t < kTrips; ++t) {
    y = MatMul(y, w);
    for (float& v : y) v = std::tanh(v);
  }
  std::vector<float> b = x;
  if (flag) {
    b = MatMul(x, w);
  } else {
    for (float& v : b) v = -v;
  }
  for (size_t i = 0; i < y.size(); ++i) y[i] += b[i];
  return y;
}

TEST(ControlFlowArena, TheFileGivesEachStaticControlFlowNodeARegion) {
  const std::vector<uint8_t> file = Model();
  auto view = format::VerifyModel(file.data(), file.size());
  ASSERT_TRUE(view.ok()) << view.status().ToString();
  const fb::Graph* main = view->model->graphs()->Get(0);
  ASSERT_NE(main->regions(), nullptr);
  ASSERT_EQ(main->regions()->size(), 2u);
  std::vector<std::string> ops;
  for (const fb::SubgraphRegion* r : *main->regions()) {
    ops.push_back(main->nodes()->Get(r->node())->op_type()->str());
    // The body holds at least its [4,16] float product; every region sits
    // inside the arena, 64-byte aligned.
    EXPECT_GE(r->size(), uint64_t{kRows * kCols * sizeof(float)});
    EXPECT_LE(r->offset() + r->size(), main->arena_size());
    EXPECT_EQ(r->offset() % 64, 0u);
  }
  EXPECT_EQ(ops, (std::vector<std::string>{"Loop", "If"}));
  // The two regions are alive at different steps: the planner may overlap them.
  EXPECT_GE(main->naive_size(), main->arena_size());
}

TEST(ControlFlowArena, SubgraphsRunInTheParentsArenaAndAgreeWithTheMath) {
  const std::vector<uint8_t> file = Model();
  auto session = Session::FromBytes(file.data(), file.size(), SessionOptions());
  ASSERT_TRUE(session.ok()) << session.status().ToString();
  std::vector<float> x(kRows * kCols);
  for (size_t i = 0; i < x.size(); ++i) x[i] = std::cos(0.3f * static_cast<float>(i));
  HostTensor in = HostTensor::From<float>({kRows, kCols}, x);
  for (bool flag : {true, false, true}) {
    HostTensor cond = HostTensor::Allocate(DType::kBool, {}).value();
    *static_cast<uint8_t*>(cond.data()) = flag;
    auto memory = session.value()->PlannedMemory({{"x", in.view()}, {"flag", cond.view()}});
    ASSERT_TRUE(memory.ok()) << memory.status().ToString();
    EXPECT_TRUE(memory->from_file);  // The runtime computed the same regions as the converter.
    auto out = session.value()->Run({{"x", in.view()}, {"flag", cond.view()}}, {});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    const std::vector<float> got = out.value()[0].values<float>();
    const std::vector<float> want = Expected(x, flag);
    ASSERT_EQ(got.size(), want.size());
    for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], want[i], 1e-5f) << "flag " << flag << " at " << i;
  }
}

TEST(ControlFlowArena, PreplannedSubgraphWorkspacesLieInsideTheParentsArena) {
  const std::vector<uint8_t> file = Model();
  auto bytes = executor::ModelBytes::Copy(file.data(), file.size());
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  auto model = executor::LoadedModel::Load(bytes.value());
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  const kernels::KernelLibrary reference = kernels::ref::Library();
  auto plan = executor::ExecutionPlan::Create(model.value(), 0, {reference}, reference,
                                              planner::InputSignature{{{kRows, kCols}, {}}});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  ASSERT_EQ(plan.value()->regions().size(), 2u);
  EXPECT_TRUE(plan.value()->uses_file_plan());
  auto ws = plan.value()->NewWorkspace();
  ASSERT_TRUE(ws.ok()) << ws.status().ToString();
  const uint8_t* begin = ws.value()->arena.data();
  const uint8_t* end = begin + plan.value()->arena_size();
  // The Loop's body and both If branches, each a workspace of no arena of
  // its own whose tensors lie in the parent's arena.
  ASSERT_EQ(ws.value()->subgraphs.size(), 3u);
  for (const auto& [key, instance] : ws.value()->subgraphs) {
    EXPECT_EQ(instance.workspace->arena.data(), nullptr) << "subgraph #" << key.first;
    int in_arena = 0;
    for (const TensorView& v : instance.workspace->views) {
      const uint8_t* p = static_cast<const uint8_t*>(v.data);
      if (p >= begin && p < end) {
        EXPECT_LE(p + v.nbytes(), end);
        ++in_arena;
      }
    }
    EXPECT_GT(in_arena, 0) << "subgraph #" << key.first;
  }
}

}  // namespace
}  // namespace onyx
