#include "runtime/planner/memory_planner.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "kernels/ref/registry.h"
#include "runtime/core/arena.h"

namespace onyx::planner {
namespace {

bool Overlaps(uint64_t a, uint64_t a_size, uint64_t b, uint64_t b_size) {
  return a_size > 0 && b_size > 0 && a < b + b_size && b < a + a_size;
}

std::vector<BufferRequest> RandomRequests(std::mt19937& rng) {
  int n = 1 + static_cast<int>(rng() % 60);
  int steps = 1 + static_cast<int>(rng() % 40);
  std::vector<BufferRequest> requests(n);
  for (BufferRequest& r : requests) {
    r.size = rng() % 5 == 0 ? 0 : 1 + rng() % 100000;
    r.first = static_cast<int>(rng() % steps);
    r.last = r.first + static_cast<int>(rng() % (steps - r.first));
  }
  return requests;
}

// Every algorithm keeps blocks that live together apart, stays inside its
// arena, and cannot beat the lower bound.
TEST(PlanBuffers, RandomRequestsNeverOverlapWhileAlive) {
  for (PlanAlgorithm algorithm : kPlanAlgorithms) {
    SCOPED_TRACE(PlanAlgorithmName(algorithm));
    std::mt19937 rng(1234);
    for (int trial = 0; trial < 300; ++trial) {
      std::vector<BufferRequest> requests = RandomRequests(rng);
      const int n = static_cast<int>(requests.size());
      uint64_t naive = 0;
      for (const BufferRequest& r : requests) naive += AlignUp(r.size);
      BufferPlan plan = PlanBuffers(requests, algorithm);
      EXPECT_LE(plan.arena_size, naive);
      EXPECT_GE(plan.arena_size, LowerBound(requests));
      EXPECT_EQ(plan.naive_size, naive);
      for (int i = 0; i < n; ++i) {
        EXPECT_EQ(plan.offsets[i] % kTensorAlignment, 0u);
        EXPECT_LE(plan.offsets[i] + requests[i].size, plan.arena_size);
        for (int j = i + 1; j < n; ++j) {
          bool alive_together = requests[i].first <= requests[j].last && requests[j].first <= requests[i].last;
          if (alive_together) {
            ASSERT_FALSE(Overlaps(plan.offsets[i], requests[i].size, plan.offsets[j], requests[j].size))
                << "trial " << trial << ": requests " << i << " and " << j;
          }
        }
      }
    }
  }
}

TEST(PlanGreedyBySize, ReusesMemoryOfDeadTensors) {
  // A chain a -> b -> c: a and c never live together and share bytes.
  std::vector<BufferRequest> chain = {{1024, 0, 1}, {1024, 1, 2}, {1024, 2, 3}};
  BufferPlan plan = PlanGreedyBySize(chain);
  EXPECT_EQ(plan.arena_size, 2048u);
  EXPECT_EQ(plan.naive_size, 3072u);
  EXPECT_EQ(LowerBound(chain), 2048u);
}

// Worked by hand. By size: E, A, D, C, B land at 0, 0, 256, 448, 192 (576
// bytes). By conflicts (A, C, D overlap three others): D, A, C, B, E at 0,
// 192, 384, 0, 192 (512 bytes), the bound set by A + C + D at step 2.
TEST(PlanGreedyByConflicts, PlacesTheMostConflictedFirst) {
  std::vector<BufferRequest> r = {{192, 2, 3}, {64, 3, 5}, {128, 2, 4}, {192, 0, 2}, {256, 0, 0}};
  EXPECT_EQ(PlanGreedyBySize(r).arena_size, 576u);
  BufferPlan plan = PlanGreedyByConflicts(r);
  EXPECT_EQ(plan.arena_size, 512u);
  EXPECT_EQ(plan.offsets, (std::vector<uint64_t>{192, 0, 384, 0, 192}));
  EXPECT_EQ(LowerBound(r), 512u);
}

// Worked by hand. Step 4 is the broadest (d + e + a = 576 bytes): d, e, a
// go first at 0, 256, 448; then step 1's c, b, f into the tightest gaps: c
// above d at 256, b at 0, f at 128. 576 bytes, the lower bound.
TEST(PlanGreedyByBreadth, PlacesTheBroadestStepFirst) {
  std::vector<BufferRequest> r = {{128, 4, 4}, {128, 0, 1}, {256, 1, 3}, {256, 3, 4}, {192, 4, 4}, {128, 1, 2}};
  EXPECT_EQ(PlanGreedyBySize(r).arena_size, 640u);
  BufferPlan plan = PlanGreedyByBreadth(r);
  EXPECT_EQ(plan.arena_size, 576u);
  EXPECT_EQ(plan.offsets, (std::vector<uint64_t>{448, 0, 256, 0, 256, 128}));
  EXPECT_EQ(LowerBound(r), 576u);
}

TEST(PlanBest, KeepsTheSmallestArenaAndTheEarliestOnATie) {
  std::vector<BufferRequest> breadth_wins = {{128, 4, 4}, {128, 0, 1}, {256, 1, 3},
                                             {256, 3, 4}, {192, 4, 4}, {128, 1, 2}};
  PlanAlgorithm winner;
  EXPECT_EQ(PlanBest(breadth_wins, {}, &winner).arena_size, 576u);
  EXPECT_EQ(winner, PlanAlgorithm::kGreedyByBreadth);
  std::vector<BufferRequest> chain = {{1024, 0, 1}, {1024, 1, 2}, {1024, 2, 3}};
  EXPECT_EQ(PlanBest(chain, {}, &winner).arena_size, 2048u);
  EXPECT_EQ(winner, PlanAlgorithm::kGreedyBySize);  // All three tie.
  std::vector<PlanAlgorithm> only = {PlanAlgorithm::kGreedyByConflicts, PlanAlgorithm::kGreedyBySize};
  PlanBest(chain, only, &winner);
  EXPECT_EQ(winner, PlanAlgorithm::kGreedyByConflicts);
  std::mt19937 rng(77);
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<BufferRequest> requests = RandomRequests(rng);
    uint64_t smallest = PlanGreedyBySize(requests).arena_size;
    smallest = std::min(smallest, PlanGreedyByBreadth(requests).arena_size);
    smallest = std::min(smallest, PlanGreedyByConflicts(requests).arena_size);
    BufferPlan best = PlanBest(requests, {}, &winner);
    EXPECT_EQ(best.arena_size, smallest);
    EXPECT_EQ(PlanBuffers(requests, winner).arena_size, smallest);
  }
}

TEST(LowerBound, CountsAlignedBytesAliveAtTheBusiestStep) {
  EXPECT_EQ(LowerBound({}), 0u);
  // 1 byte takes 64; blocks that only touch (last 1, first 2) are apart.
  std::vector<BufferRequest> r = {{1, 0, 1}, {100, 1, 1}, {64, 2, 3}, {0, 0, 9}};
  EXPECT_EQ(LowerBound(r), 64u + 128u);
}

// A random graph over float tensors: Relu, Sigmoid and Add (in-place
// candidates), Identity (a view), Transpose and Concat (neither), so that
// blocks of several sizes, views and in-place chains mix.
Graph RandomGraph(std::mt19937& rng, int num_nodes) {
  Graph g;
  auto add_tensor = [&](TensorKind kind, Dims dims) {
    TensorInfo t;
    t.name = "t" + std::to_string(g.tensors.size());
    t.kind = kind;
    t.dtype = DType::kFloat32;
    t.has_shape = true;
    t.dims = std::move(dims);
    g.tensors.push_back(t);
    return static_cast<int>(g.tensors.size() - 1);
  };
  int input = add_tensor(TensorKind::kInput, {4, 8});
  g.inputs.push_back(input);
  std::vector<int> available = {input};
  std::vector<Dims> dims = {{4, 8}};  // Per available tensor.
  for (int n = 0; n < num_nodes; ++n) {
    Node node;
    node.info.name = "n" + std::to_string(n);
    node.info.opset = 14;
    node.info.index = n;
    size_t ia = rng() % available.size();
    std::vector<size_t> same;  // Candidates for a second operand of A's shape.
    for (size_t k = 0; k < available.size(); ++k) {
      if (dims[k] == dims[ia]) same.push_back(k);
    }
    size_t ib = same[rng() % same.size()];
    Dims out = dims[ia];
    switch (rng() % 6) {
      case 0: node.info.op_type = "Relu"; node.inputs = {available[ia]}; break;
      case 1: node.info.op_type = "Sigmoid"; node.inputs = {available[ia]}; break;
      case 2: node.info.op_type = "Add"; node.inputs = {available[ia], available[ib]}; break;
      case 3: node.info.op_type = "Identity"; node.inputs = {available[ia]}; break;
      case 4:
        node.info.op_type = "Transpose";
        node.inputs = {available[ia]};
        out = {dims[ia][1], dims[ia][0]};
        break;
      default: {
        node.info.op_type = "Concat";
        node.info.attrs.Add(kernels::Attribute{"axis", kernels::AttrType::kInt, 0, 0});
        node.inputs = {available[ia], available[ib]};
        out[0] *= 2;
        if (out[0] > 64) {  // Keep sizes bounded: fall back to Relu.
          node.info = kernels::NodeInfo{node.info.name, "Relu", "", 14, n, {}};
          node.inputs = {available[ia]};
          out = dims[ia];
        }
        break;
      }
    }
    int t = add_tensor(TensorKind::kIntermediate, {});
    node.outputs = {t};
    available.push_back(t);
    dims.push_back(out);
    g.nodes.push_back(node);
  }
  for (int k = 1 + static_cast<int>(rng() % 2); k > 0; --k) {
    int t = available[available.size() - k];
    if (t == input || g.tensors[t].is_graph_output) continue;
    g.outputs.push_back(t);
    g.tensors[t].is_graph_output = true;
  }
  return g;
}

struct Planned {
  std::vector<int> order;
  ShapeInfo shapes;
};

Planned Prepare(const Graph& g, const kernels::KernelLibrary& ref) {
  Planned p;
  auto order = TopologicalOrder(g);
  EXPECT_TRUE(order.ok()) << order.status().ToString();
  p.order = order.value();
  KernelResolver resolve = [&](const Node& node, DType dtype) {
    return kernels::FindKernel(ref, node.info.domain, node.info.op_type, node.info.opset, dtype);
  };
  auto shapes = InferShapes(g, p.order, resolve, ref, {});
  EXPECT_TRUE(shapes.ok()) << shapes.status().ToString();
  p.shapes = std::move(shapes).value();
  return p;
}

// Bytes two tensors may share while both alive: a view shares its input's
// for their whole lives; an in-place output its input's at the one step
// where the input is last read and the output written.
bool MayShareBytes(const Graph& g, const std::vector<int>& step_of, const std::vector<int>& first,
                  const std::vector<int>& last, const std::vector<int>& view_root, int a, int b) {
  if (view_root[a] == view_root[b]) return true;
  if (first[a] > first[b]) std::swap(a, b);
  const int s = first[b];
  if (last[a] != s) return false;  // Lifetimes must touch at exactly one step.
  for (const Node& node : g.nodes) {
    if (step_of[node.info.index] != s || node.outputs[0] != b || !IsInPlaceCandidate(node.info)) continue;
    for (int in : node.inputs) {
      if (in == a) return true;
    }
  }
  return false;
}

TEST(PlanMemory, RandomGraphsRespectLifetimesAndTheBound) {
  std::mt19937 rng(99);
  kernels::KernelLibrary ref = kernels::ref::Library();
  int in_place_total = 0;
  for (int trial = 0; trial < 150; ++trial) {
    SCOPED_TRACE("trial " + std::to_string(trial));
    Graph g = RandomGraph(rng, 2 + static_cast<int>(rng() % 40));
    Planned p = Prepare(g, ref);
    auto plan = PlanMemory(g, p.order, p.shapes);
    ASSERT_TRUE(plan.ok()) << plan.status().ToString();
    EXPECT_LE(plan->arena_size, plan->naive_size);
    EXPECT_GE(plan->arena_size, plan->lower_bound);
    in_place_total += plan->in_place;
    // Never worse than greedy by size alone on the same blocks.
    auto by_size = PlanMemory(g, p.order, p.shapes, PlanOptions{true, {PlanAlgorithm::kGreedyBySize}});
    ASSERT_TRUE(by_size.ok());
    EXPECT_EQ(by_size->algorithm, "greedy_by_size");
    EXPECT_LE(plan->arena_size, by_size->arena_size);
    EXPECT_EQ(by_size->lower_bound, plan->lower_bound);
    // Without in-place reuse an input and its output count twice where they
    // meet: the bound can only rise.
    auto apart = PlanMemory(g, p.order, p.shapes, PlanOptions{false, {}});
    ASSERT_TRUE(apart.ok());
    EXPECT_GE(apart->lower_bound, plan->lower_bound);
    EXPECT_GE(apart->arena_size, apart->lower_bound);
    // Each tensor's life: from its producer's step to its last reader's.
    std::vector<int> step_of(g.nodes.size());
    for (size_t s = 0; s < p.order.size(); ++s) step_of[p.order[s]] = static_cast<int>(s);
    const size_t num = g.tensors.size();
    std::vector<int> first(num, -1), last(num, -1), view_root(num);
    for (size_t t = 0; t < num; ++t) view_root[t] = static_cast<int>(t);
    for (int n : p.order) {
      const Node& node = g.nodes[n];
      int s = step_of[n];
      for (int t : node.inputs) last[t] = std::max(last[t], s);
      first[node.outputs[0]] = last[node.outputs[0]] = s;
      if (node.info.op_type == "Identity" && g.tensors[node.inputs[0]].kind == TensorKind::kIntermediate) {
        view_root[node.outputs[0]] = view_root[node.inputs[0]];
      }
    }
    for (int t : g.outputs) last[t] = static_cast<int>(g.nodes.size());
    for (size_t a = 0; a < num; ++a) {
      for (size_t b = a + 1; b < num; ++b) {
        if (plan->offsets[a] < 0 || plan->offsets[b] < 0) continue;
        if (!(first[a] <= last[b] && first[b] <= last[a])) continue;
        uint64_t size_a = NumElements(p.shapes.values[a].dims) * 4, size_b = NumElements(p.shapes.values[b].dims) * 4;
        if (!Overlaps(plan->offsets[a], size_a, plan->offsets[b], size_b)) continue;
        ASSERT_TRUE(MayShareBytes(g, step_of, first, last, view_root, static_cast<int>(a), static_cast<int>(b)))
            << "tensors " << a << " and " << b << " overlap while alive";
      }
    }
  }
  EXPECT_GT(in_place_total, 100);  // The property above was tested with in-place reuse.
}

// x -> Relu -> a -> Sigmoid -> b -> Add(b, c) -> y, where c = Relu(x) and x
// is the graph input: builds small graphs by hand for the in-place rules.
struct Builder {
  Graph g;
  int Tensor(TensorKind kind, Dims dims, DType dtype = DType::kFloat32) {
    TensorInfo t;
    t.name = "t" + std::to_string(g.tensors.size());
    t.kind = kind;
    t.dtype = dtype;
    t.has_shape = true;
    t.dims = std::move(dims);
    g.tensors.push_back(t);
    if (kind == TensorKind::kInput) g.inputs.push_back(static_cast<int>(g.tensors.size() - 1));
    return static_cast<int>(g.tensors.size() - 1);
  }
  int Op(const std::string& op, std::vector<int> inputs, std::vector<kernels::Attribute> attrs = {}) {
    Node node;
    node.info.name = "n" + std::to_string(g.nodes.size());
    node.info.op_type = op;
    node.info.opset = 19;
    node.info.index = static_cast<int>(g.nodes.size());
    node.info.attrs = kernels::Attributes(std::move(attrs));
    node.inputs = std::move(inputs);
    node.outputs = {Tensor(TensorKind::kIntermediate, {})};
    g.nodes.push_back(node);
    return node.outputs[0];
  }
  void Output(int t) {
    g.outputs.push_back(t);
    g.tensors[t].is_graph_output = true;
  }
  MemoryPlan Plan(bool in_place = true) {
    kernels::KernelLibrary ref = kernels::ref::Library();
    Planned p = Prepare(g, ref);
    auto plan = PlanMemory(g, p.order, p.shapes, PlanOptions{in_place, {}});
    EXPECT_TRUE(plan.ok()) << plan.status().ToString();
    return plan.ok() ? plan.value() : MemoryPlan();
  }
};

TEST(PlanMemory, InPlaceChainUsesOneBlock) {
  Builder b;
  int x = b.Tensor(TensorKind::kInput, {16, 16});
  int r = b.Op("Relu", {x});
  int s = b.Op("Sigmoid", {r});
  int n = b.Op("Neg", {s});
  b.Output(n);
  MemoryPlan plan = b.Plan();
  EXPECT_EQ(plan.in_place, 2);
  EXPECT_EQ(plan.offsets[r], plan.offsets[s]);
  EXPECT_EQ(plan.offsets[s], plan.offsets[n]);
  EXPECT_EQ(plan.arena_size, 1024u);
  EXPECT_EQ(plan.lower_bound, 1024u);
  EXPECT_EQ(plan.naive_size, 3072u);
  MemoryPlan apart = b.Plan(/*in_place=*/false);
  EXPECT_EQ(apart.in_place, 0);
  EXPECT_EQ(apart.arena_size, 2048u);
  EXPECT_EQ(apart.lower_bound, 2048u);
}

TEST(PlanMemory, InPlaceOnlyWhereTheInputDies) {
  Builder b;
  int x = b.Tensor(TensorKind::kInput, {16, 16});
  int r = b.Op("Relu", {x});          // Input is a graph input: new block.
  int s = b.Op("Sigmoid", {r});       // r is read again below: new block.
  int a = b.Op("Add", {s, r});        // Both die here: takes s's (the first).
  int v = b.Op("Identity", {a});      // A view of a.
  int e = b.Op("Exp", {v});           // a (v's base) is read again below: new block.
  int m = b.Op("Mul", {e, a});        // e and a die: takes e's.
  int o = b.Op("Relu", {m});          // m is a graph output: new block.
  b.Output(m);
  b.Output(o);
  MemoryPlan plan = b.Plan();
  EXPECT_EQ(plan.in_place, 2);
  EXPECT_NE(plan.offsets[s], plan.offsets[r]);
  EXPECT_EQ(plan.offsets[a], plan.offsets[s]);
  EXPECT_EQ(plan.offsets[v], plan.offsets[a]);
  EXPECT_NE(plan.offsets[e], plan.offsets[a]);
  EXPECT_EQ(plan.offsets[m], plan.offsets[e]);
  EXPECT_NE(plan.offsets[o], plan.offsets[m]);
  EXPECT_EQ(plan.offsets[x], -1);
}

TEST(PlanMemory, InPlaceNeedsTheOutputsShapeAndElementSize) {
  Builder b;
  int x = b.Tensor(TensorKind::kInput, {8, 32});
  int row = b.Tensor(TensorKind::kInput, {1, 32});
  int small = b.Op("Relu", {row});                          // [1, 32]
  int big = b.Op("Relu", {x});                              // [8, 32]
  int sum = b.Op("Add", {small, big});                      // Broadcast: takes big's, not small's.
  kernels::Attribute to_int{"to", kernels::AttrType::kInt, 0, static_cast<int64_t>(DType::kInt32)};
  int as_int = b.Op("Cast", {sum}, {to_int});               // 4 bytes to 4: in place.
  kernels::Attribute to_double{"to", kernels::AttrType::kInt, 0, static_cast<int64_t>(DType::kFloat64)};
  int as_double = b.Op("Cast", {as_int}, {to_double});      // 4 bytes to 8: not.
  int soft = b.Op("Softmax", {as_double});                  // Not elementwise: not.
  b.Output(soft);
  MemoryPlan plan = b.Plan();
  EXPECT_EQ(plan.in_place, 2);
  EXPECT_EQ(plan.offsets[sum], plan.offsets[big]);
  EXPECT_EQ(plan.offsets[as_int], plan.offsets[sum]);
  EXPECT_NE(plan.offsets[as_double], plan.offsets[as_int]);
  EXPECT_NE(plan.offsets[soft], plan.offsets[as_double]);
}

TEST(IsInPlaceCandidate, ElementwiseOpsOnly) {
  auto info = [](const char* op, const char* domain = "") { return kernels::NodeInfo{"n", op, domain, 17, 0, {}}; };
  for (const char* op : {"Relu", "Sigmoid", "Tanh", "Add", "Sub", "Mul", "Div", "Pow", "Cast", "Clip", "LeakyRelu",
                         "HardSigmoid", "HardSwish", "Erf", "Sqrt", "Neg", "Abs", "Exp", "PRelu"}) {
    EXPECT_TRUE(IsInPlaceCandidate(info(op))) << op;
  }
  for (const char* op : {"Softmax", "Conv", "MatMul", "Sum", "Max", "Transpose", "Reshape", "Concat", "Where",
                         "Equal", "Relu6", ""}) {
    EXPECT_FALSE(IsInPlaceCandidate(info(op))) << op;
  }
  EXPECT_FALSE(IsInPlaceCandidate(info("Relu", "com.microsoft")));
}

TEST(TopologicalOrder, CycleIsNamed) {
  Graph g;
  for (int i = 0; i < 2; ++i) {
    TensorInfo t;
    t.name = "t" + std::to_string(i);
    g.tensors.push_back(t);
  }
  Node a, b;
  a.info.name = "a";
  a.info.op_type = "Relu";
  a.inputs = {1};
  a.outputs = {0};
  b.info.name = "b";
  b.info.op_type = "Relu";
  b.info.index = 1;
  b.inputs = {0};
  b.outputs = {1};
  g.nodes = {a, b};
  auto order = TopologicalOrder(g);
  ASSERT_FALSE(order.ok());
  EXPECT_NE(order.status().message().find("cycle"), std::string::npos);
}

}  // namespace
}  // namespace onyx::planner
