#include "runtime/planner/memory_planner.h"

#include <gtest/gtest.h>

#include <random>

#include "kernels/ref/registry.h"
#include "runtime/core/arena.h"

namespace onyx::planner {
namespace {

bool Overlaps(uint64_t a, uint64_t a_size, uint64_t b, uint64_t b_size) {
  return a_size > 0 && b_size > 0 && a < b + b_size && b < a + a_size;
}

TEST(PlanGreedyBySize, RandomRequestsNeverOverlapWhileAlive) {
  std::mt19937 rng(1234);
  for (int trial = 0; trial < 500; ++trial) {
    int n = 1 + static_cast<int>(rng() % 60);
    int steps = 1 + static_cast<int>(rng() % 40);
    std::vector<BufferRequest> requests(n);
    uint64_t naive = 0;
    for (BufferRequest& r : requests) {
      r.size = rng() % 5 == 0 ? 0 : 1 + rng() % 100000;
      r.first = static_cast<int>(rng() % steps);
      r.last = r.first + static_cast<int>(rng() % (steps - r.first));
      naive += AlignUp(r.size);
    }
    BufferPlan plan = PlanGreedyBySize(requests);
    EXPECT_LE(plan.arena_size, naive);
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

TEST(PlanGreedyBySize, ReusesMemoryOfDeadTensors) {
  // A chain a -> b -> c: a and c never live together and share bytes.
  std::vector<BufferRequest> chain = {{1024, 0, 1}, {1024, 1, 2}, {1024, 2, 3}};
  BufferPlan plan = PlanGreedyBySize(chain);
  EXPECT_EQ(plan.arena_size, 2048u);
  EXPECT_EQ(plan.naive_size, 3072u);
}

// A random chain-and-branch graph of Relu/Add/Reshape nodes over float tensors.
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
  for (int n = 0; n < num_nodes; ++n) {
    Node node;
    node.info.name = "n" + std::to_string(n);
    node.info.opset = 14;
    node.info.index = n;
    int a = available[rng() % available.size()];
    if (rng() % 3 == 0) {
      node.info.op_type = "Add";
      node.inputs = {a, available[rng() % available.size()]};
    } else {
      node.info.op_type = "Relu";
      node.inputs = {a};
    }
    int out = add_tensor(TensorKind::kIntermediate, {});
    node.outputs = {out};
    available.push_back(out);
    g.nodes.push_back(node);
  }
  g.outputs.push_back(available.back());
  g.tensors[available.back()].is_graph_output = true;
  return g;
}

TEST(PlanMemory, RandomGraphsRespectLifetimes) {
  std::mt19937 rng(99);
  kernels::KernelLibrary ref = kernels::ref::Library();
  for (int trial = 0; trial < 100; ++trial) {
    Graph g = RandomGraph(rng, 2 + static_cast<int>(rng() % 30));
    auto order = TopologicalOrder(g);
    ASSERT_TRUE(order.ok()) << order.status().ToString();
    KernelResolver resolve = [&](const Node& node, DType dtype) {
      return kernels::FindKernel(ref, node.info.domain, node.info.op_type, node.info.opset, dtype);
    };
    auto shapes = InferShapes(g, order.value(), resolve, ref, {});
    ASSERT_TRUE(shapes.ok()) << shapes.status().ToString();
    auto plan = PlanMemory(g, order.value(), shapes.value());
    ASSERT_TRUE(plan.ok()) << plan.status().ToString();
    EXPECT_LE(plan->arena_size, plan->naive_size);
    // Lifetime of each tensor: from its producer's step to its last reader's.
    std::vector<int> step_of(g.nodes.size());
    for (size_t s = 0; s < order->size(); ++s) step_of[(*order)[s]] = static_cast<int>(s);
    std::vector<int> first(g.tensors.size(), -1), last(g.tensors.size(), -1);
    for (const Node& node : g.nodes) {
      int s = step_of[node.info.index];
      for (int t : node.outputs) first[t] = last[t] = s;
    }
    for (const Node& node : g.nodes) {
      for (int t : node.inputs) last[t] = std::max(last[t], step_of[node.info.index]);
    }
    for (int t : g.outputs) last[t] = static_cast<int>(g.nodes.size());
    for (size_t a = 0; a < g.tensors.size(); ++a) {
      for (size_t b = a + 1; b < g.tensors.size(); ++b) {
        if (plan->offsets[a] < 0 || plan->offsets[b] < 0) continue;
        if (!(first[a] <= last[b] && first[b] <= last[a])) continue;
        ASSERT_FALSE(Overlaps(plan->offsets[a], 128, plan->offsets[b], 128))
            << "trial " << trial << ": tensors " << a << " and " << b << " overlap while alive";
      }
    }
  }
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
