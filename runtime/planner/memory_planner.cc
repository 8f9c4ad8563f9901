#include "runtime/planner/memory_planner.h"

#include <algorithm>
#include <limits>
#include <numeric>
#include <utility>

#include "runtime/core/arena.h"
#include "runtime/core/value.h"

namespace onyx::planner {
namespace {

// Where a block goes among the gaps left by the placed blocks it conflicts
// with: the lowest gap that fits, or the tightest one (best fit).
enum class Fit { kLowest, kTightest };

bool AliveTogether(const BufferRequest& a, const BufferRequest& b) { return a.first <= b.last && b.first <= a.last; }

// Three sort keys compared in turn, larger first; ties keep index order.
// Every ordering the planner needs is one of these, so that std::sort is
// instantiated once (the device library is measured in kilobytes).
struct SortKey {
  uint64_t k0 = 0, k1 = 0, k2 = 0;
};

// Sorts the indices in `order` by keys[index].
void SortByKeys(std::vector<size_t>* order, const std::vector<SortKey>& keys) {
  std::sort(order->begin(), order->end(), [&keys](size_t a, size_t b) {
    const SortKey& x = keys[a];
    const SortKey& y = keys[b];
    if (x.k0 != y.k0) return x.k0 > y.k0;
    if (x.k1 != y.k1) return x.k1 > y.k1;
    if (x.k2 != y.k2) return x.k2 > y.k2;
    return a < b;
  });
}

// A key that puts smaller values first.
uint64_t Ascending(uint64_t v) { return ~v; }

// Places the requests one by one in `order`, each into a gap among the
// already placed blocks whose lifetimes overlap its own (above them if none fits).
BufferPlan PlaceInOrder(Span<const BufferRequest> requests, const std::vector<size_t>& order, Fit fit) {
  BufferPlan plan;
  plan.offsets.assign(requests.size(), 0);
  std::vector<size_t> placed;
  std::vector<size_t> conflicts;
  std::vector<SortKey> by_offset(requests.size());  // Lowest offset first.
  for (size_t i : order) {
    const BufferRequest& r = requests[i];
    const uint64_t size = AlignUp(r.size);
    plan.naive_size += size;
    if (size == 0) continue;
    conflicts.clear();
    for (size_t j : placed) {
      if (AliveTogether(requests[j], r)) conflicts.push_back(j);
    }
    SortByKeys(&conflicts, by_offset);
    uint64_t top = 0;  // End of the conflicting blocks below the current one.
    uint64_t best = std::numeric_limits<uint64_t>::max();
    uint64_t best_gap = std::numeric_limits<uint64_t>::max();
    for (size_t j : conflicts) {
      const uint64_t start = plan.offsets[j];
      if (start >= top + size && start - top < best_gap) {
        best = top;
        best_gap = start - top;
        if (fit == Fit::kLowest) break;
      }
      top = std::max(top, start + AlignUp(requests[j].size));
    }
    if (best == std::numeric_limits<uint64_t>::max()) best = top;
    plan.offsets[i] = best;
    by_offset[i].k0 = Ascending(best);
    plan.arena_size = std::max(plan.arena_size, best + size);
    placed.push_back(i);
  }
  return plan;
}

std::vector<size_t> Indices(size_t n) {
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  return order;
}

}  // namespace

const char* PlanAlgorithmName(PlanAlgorithm algorithm) {
  switch (algorithm) {
    case PlanAlgorithm::kGreedyBySize: return "greedy_by_size";
    case PlanAlgorithm::kGreedyByBreadth: return "greedy_by_breadth";
    case PlanAlgorithm::kGreedyByConflicts: return "greedy_by_conflicts";
  }
  return "unknown";
}

BufferPlan PlanGreedyBySize(Span<const BufferRequest> requests) {
  std::vector<size_t> order = Indices(requests.size());
  std::vector<SortKey> keys(requests.size());  // Largest first, then earliest.
  for (size_t i = 0; i < requests.size(); ++i) {
    keys[i] = SortKey{requests[i].size, Ascending(static_cast<uint64_t>(requests[i].first)), 0};
  }
  SortByKeys(&order, keys);
  return PlaceInOrder(requests, order, Fit::kLowest);
}

BufferPlan PlanGreedyByBreadth(Span<const BufferRequest> requests) {
  const size_t n = requests.size();
  // The breadth of a step (bytes alive there) is largest at some block's
  // first step, and every block is alive at its own: those steps suffice.
  std::vector<int> steps;
  for (const BufferRequest& r : requests) steps.push_back(r.first);
  std::sort(steps.begin(), steps.end());
  steps.erase(std::unique(steps.begin(), steps.end()), steps.end());
  std::vector<SortKey> breadth(steps.size());  // Broadest first; steps ascending on ties.
  for (size_t k = 0; k < steps.size(); ++k) {
    for (const BufferRequest& r : requests) {
      if (r.first <= steps[k] && steps[k] <= r.last) breadth[k].k0 += AlignUp(r.size);
    }
  }
  std::vector<size_t> by_breadth = Indices(steps.size());
  SortByKeys(&by_breadth, breadth);
  std::vector<SortKey> by_size(n);  // Largest first.
  for (size_t i = 0; i < n; ++i) by_size[i].k0 = requests[i].size;
  std::vector<size_t> order;
  std::vector<bool> queued(n, false);
  std::vector<size_t> live;
  for (size_t k : by_breadth) {
    const int step = steps[k];
    live.clear();
    for (size_t i = 0; i < n; ++i) {
      if (!queued[i] && requests[i].first <= step && step <= requests[i].last) live.push_back(i);
    }
    SortByKeys(&live, by_size);
    for (size_t i : live) queued[i] = true;
    order.insert(order.end(), live.begin(), live.end());
  }
  for (size_t i = 0; i < n; ++i) {
    if (!queued[i]) order.push_back(i);  // An empty lifetime (first > last).
  }
  return PlaceInOrder(requests, order, Fit::kTightest);
}

BufferPlan PlanGreedyByConflicts(Span<const BufferRequest> requests) {
  const size_t n = requests.size();
  std::vector<size_t> degree(n, 0);
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = i + 1; j < n; ++j) {
      if (requests[i].size == 0 || requests[j].size == 0 || !AliveTogether(requests[i], requests[j])) continue;
      ++degree[i];
      ++degree[j];
    }
  }
  std::vector<size_t> order = Indices(n);
  std::vector<SortKey> keys(n);  // Most conflicts first, then largest, then earliest.
  for (size_t i = 0; i < n; ++i) {
    keys[i] = SortKey{degree[i], requests[i].size, Ascending(static_cast<uint64_t>(requests[i].first))};
  }
  SortByKeys(&order, keys);
  return PlaceInOrder(requests, order, Fit::kLowest);
}

BufferPlan PlanBuffers(Span<const BufferRequest> requests, PlanAlgorithm algorithm) {
  switch (algorithm) {
    case PlanAlgorithm::kGreedyByBreadth: return PlanGreedyByBreadth(requests);
    case PlanAlgorithm::kGreedyByConflicts: return PlanGreedyByConflicts(requests);
    case PlanAlgorithm::kGreedyBySize: break;
  }
  return PlanGreedyBySize(requests);
}

BufferPlan PlanBest(Span<const BufferRequest> requests, Span<const PlanAlgorithm> algorithms, PlanAlgorithm* winner) {
  if (algorithms.empty()) algorithms = Span<const PlanAlgorithm>(kPlanAlgorithms);
  BufferPlan best;
  PlanAlgorithm best_algorithm = algorithms[0];
  for (size_t k = 0; k < algorithms.size(); ++k) {
    BufferPlan plan = PlanBuffers(requests, algorithms[k]);
    if (k == 0 || plan.arena_size < best.arena_size) {
      best = std::move(plan);
      best_algorithm = algorithms[k];
    }
  }
  if (winner) *winner = best_algorithm;
  return best;
}

uint64_t LowerBound(Span<const BufferRequest> requests) {
  // A sweep over block starts and ends; at one step, ends (last + 1) come
  // before starts, so blocks that only touch are not counted together.
  std::vector<std::pair<int64_t, int64_t>> events;  // (step, +-bytes)
  for (const BufferRequest& r : requests) {
    const uint64_t size = AlignUp(r.size);
    if (size == 0 || r.first > r.last) continue;
    events.emplace_back(r.first, static_cast<int64_t>(size));
    events.emplace_back(static_cast<int64_t>(r.last) + 1, -static_cast<int64_t>(size));
  }
  std::sort(events.begin(), events.end());
  int64_t live = 0, peak = 0;
  for (const auto& e : events) {
    live += e.second;
    peak = std::max(peak, live);
  }
  return static_cast<uint64_t>(peak);
}

namespace {

// The lifetimes of a graph's arena tensors, as blocks: a view and an
// in-place output join the block of the input whose bytes they take.
struct Blocks {
  std::vector<int> root;   // Per tensor: the tensor whose block holds it.
  std::vector<int> first;  // Per root: the step that creates the block.
  std::vector<int> last;   // Per root: the last step that reads any tensor in it.
  int in_place = 0;
};

class BlockBuilder {
 public:
  BlockBuilder(const Graph& graph, Span<const int> order, const ShapeInfo& shapes, const PlanOptions& options)
      : graph_(graph), order_(order), shapes_(shapes), options_(options) {}

  bool InArena(int t) const {
    return t >= 0 && graph_.tensors[t].kind == TensorKind::kIntermediate && shapes_.values[t].present &&
           !shapes_.values[t].dynamic;
  }

  Blocks Build() {
    const size_t num_tensors = graph_.tensors.size();
    const int end = static_cast<int>(order_.size());
    // Each tensor's last reader is known before blocks are joined, so that
    // an in-place output only takes bytes no later node reads.
    last_read_.assign(num_tensors, -1);
    for (int step = 0; step < end; ++step) {
      const Node& node = graph_.nodes[order_[step]];
      for (const std::vector<int>* reads : {&node.inputs, &node.implicit_inputs}) {
        for (int t : *reads) {
          if (InArena(t)) last_read_[t] = step;
        }
      }
    }
    for (int t : graph_.outputs) {
      if (InArena(t)) last_read_[t] = end;
    }
    b_.root.resize(num_tensors);
    std::iota(b_.root.begin(), b_.root.end(), 0);
    b_.first.assign(num_tensors, -1);
    b_.last.assign(num_tensors, -1);
    for (int step = 0; step < end; ++step) {
      const Node& node = graph_.nodes[order_[step]];
      for (int t : node.outputs) {
        if (!InArena(t)) continue;
        int base = -1;
        if (IsViewOp(node.info) && !node.inputs.empty() && InArena(node.inputs[0])) {
          base = b_.root[node.inputs[0]];
        } else if (options_.in_place && node.outputs.size() == 1 && IsInPlaceCandidate(node.info)) {
          base = InPlaceBase(node, t, step);
          if (base >= 0) ++b_.in_place;
        }
        if (base >= 0) b_.root[t] = base;
        const int r = b_.root[t];
        if (b_.first[r] < 0) b_.first[r] = step;
        b_.last[r] = std::max({b_.last[r], step, last_read_[t]});
      }
    }
    return std::move(b_);
  }

 private:
  // The block of an input of `out`'s shape and element size that no node
  // after `step` reads (b_.last covers every tensor already in the block, and
  // a later view of it would be read here or later), or -1.
  int InPlaceBase(const Node& node, int out, int step) const {
    const kernels::ValueInfo& o = shapes_.values[out];
    if (o.dtype == DType::kString) return -1;
    for (int t : node.inputs) {
      if (!InArena(t)) continue;
      const kernels::ValueInfo& v = shapes_.values[t];
      if (v.dtype == DType::kString || v.dims != o.dims || DTypeSize(v.dtype) != DTypeSize(o.dtype)) continue;
      const int r = b_.root[t];
      if (b_.first[r] >= 0 && b_.last[r] == step) return r;
    }
    return -1;
  }

  const Graph& graph_;
  Span<const int> order_;
  const ShapeInfo& shapes_;
  const PlanOptions& options_;
  std::vector<int> last_read_;
  Blocks b_;
};

}  // namespace

Result<MemoryPlan> PlanMemory(const Graph& graph, Span<const int> order, const ShapeInfo& shapes,
                              const PlanOptions& options) {
  const size_t num_tensors = graph.tensors.size();
  BlockBuilder builder(graph, order, shapes, options);
  MemoryPlan plan;
  std::vector<uint64_t> bytes(num_tensors, 0);
  for (size_t t = 0; t < num_tensors; ++t) {
    if (!builder.InArena(static_cast<int>(t))) continue;
    const kernels::ValueInfo& v = shapes.values[t];
    ASSIGN_OR_RETURN(int64_t count, CheckedNumElements(v.dims));
    bytes[t] = static_cast<uint64_t>(count) * DTypeSize(v.dtype);
    RETURN_ERROR_IF(count > 0 && bytes[t] / static_cast<uint64_t>(count) != DTypeSize(v.dtype),
                    StatusCode::kOutOfMemory, "tensor '", v.name, "' is too large");
    plan.naive_size += AlignUp(bytes[t]);
  }
  Blocks blocks = builder.Build();
  std::vector<uint64_t> block_size(num_tensors, 0);
  for (size_t t = 0; t < num_tensors; ++t) {
    if (!builder.InArena(static_cast<int>(t))) continue;
    block_size[blocks.root[t]] = std::max(block_size[blocks.root[t]], bytes[t]);
  }
  std::vector<BufferRequest> requests;
  std::vector<int> block_of_request;
  for (size_t t = 0; t < num_tensors; ++t) {
    if (!builder.InArena(static_cast<int>(t)) || blocks.root[t] != static_cast<int>(t) || blocks.first[t] < 0) continue;
    requests.push_back(BufferRequest{block_size[t], blocks.first[t], blocks.last[t]});
    block_of_request.push_back(static_cast<int>(t));
  }
  // Subgraph regions: alive at their node's step only.
  std::vector<int> step_of(graph.nodes.size(), -1);
  for (size_t i = 0; i < order.size(); ++i) step_of[order[i]] = static_cast<int>(i);
  const size_t first_region = requests.size();
  for (const StepRegion& region : options.regions) {
    RETURN_ERROR_IF(region.node < 0 || static_cast<size_t>(region.node) >= graph.nodes.size() ||
                        step_of[region.node] < 0,
                    StatusCode::kInternal, "subgraph region for node #", region.node, ", which is not in the order");
    requests.push_back(BufferRequest{region.bytes, step_of[region.node], step_of[region.node]});
    plan.naive_size += AlignUp(region.bytes);
  }
  PlanAlgorithm winner = PlanAlgorithm::kGreedyBySize;
  BufferPlan buffers = PlanBest(requests, options.algorithms, &winner);
  plan.regions = options.regions;
  for (size_t i = first_region; i < requests.size(); ++i) {
    plan.region_offsets.push_back(static_cast<int64_t>(buffers.offsets[i]));
  }
  std::vector<int64_t> block_offset(num_tensors, -1);
  for (size_t i = 0; i < first_region; ++i) {
    block_offset[block_of_request[i]] = static_cast<int64_t>(buffers.offsets[i]);
  }
  plan.offsets.assign(num_tensors, -1);
  for (size_t t = 0; t < num_tensors; ++t) {
    if (builder.InArena(static_cast<int>(t))) plan.offsets[t] = block_offset[blocks.root[t]];
  }
  plan.arena_size = buffers.arena_size;
  plan.lower_bound = LowerBound(requests);
  plan.algorithm = PlanAlgorithmName(winner);
  plan.in_place = blocks.in_place;
  return plan;
}

namespace {

// The bound inputs' shapes and dtypes of `sub` for a call whose formal
// inputs are `formal` (dims, dtype); false if one is not known.
bool BindSignature(const Graph& parent, const Node& node, const Graph& sub, const ShapeInfo& shapes,
                   const std::vector<std::pair<Dims, DType>>& formal, InputSignature* signature) {
  if (formal.size() != sub.inputs.size()) return false;
  for (const auto& [dims, dtype] : formal) {
    if (!IsTensorDType(dtype)) return false;
    signature->dims.push_back(dims);
    signature->dtypes.push_back(dtype);
  }
  for (int c : sub.captures) {
    const std::string& name = sub.tensors[c].name;
    int found = -1;
    for (int t : node.implicit_inputs) {
      if (parent.tensors[t].name == name) found = t;
    }
    if (found < 0) return false;
    const kernels::ValueInfo& v = shapes.values[found];
    if (!v.present || v.dynamic || !IsTensorDType(v.dtype)) return false;
    signature->dims.push_back(v.dims);
    signature->dtypes.push_back(v.dtype);
  }
  return true;
}

// (dims, dtype) of node input `i`, if present and static.
bool StaticInput(const Node& node, const ShapeInfo& shapes, size_t i, std::pair<Dims, DType>* out) {
  if (i >= node.inputs.size() || node.inputs[i] < 0) return false;
  const kernels::ValueInfo& v = shapes.values[node.inputs[i]];
  if (!v.present || v.dynamic || !IsTensorDType(v.dtype)) return false;
  *out = {v.dims, v.dtype};
  return true;
}

}  // namespace

std::vector<SubgraphCall> StaticSubgraphCalls(const Graph& graph, const Node& node, const ShapeInfo& shapes,
                                              const std::function<const Graph&(int)>& graph_at) {
  std::vector<SubgraphCall> calls;
  if (!IsControlFlow(node.info)) return calls;
  const kernels::Attributes& attrs = node.info.attrs;
  auto add = [&](const char* attr, const std::vector<std::pair<Dims, DType>>& formal) {
    const kernels::Attribute* a = attrs.Find(attr);
    if (a == nullptr || a->type != kernels::AttrType::kGraph || a->graph < 1) return;
    SubgraphCall call;
    call.graph = a->graph;
    if (BindSignature(graph, node, graph_at(a->graph), shapes, formal, &call.signature)) calls.push_back(call);
  };
  const std::string& op = node.info.op_type;
  if (op == "If") {
    add("then_branch", {});
    add("else_branch", {});
  } else if (op == "Loop") {
    std::vector<std::pair<Dims, DType>> formal = {{{}, DType::kInt64}, {{}, DType::kBool}};
    for (size_t i = 2; i < node.inputs.size(); ++i) {
      std::pair<Dims, DType> v;
      if (!StaticInput(node, shapes, i, &v)) return calls;
      formal.push_back(v);
    }
    add("body", formal);
  } else if (op == "Scan" && node.info.opset >= 9) {
    const int64_t num_scan = attrs.GetInt("num_scan_inputs", -1);
    if (num_scan < 1 || static_cast<size_t>(num_scan) > node.inputs.size()) return calls;
    const size_t num_states = node.inputs.size() - static_cast<size_t>(num_scan);
    const std::vector<int64_t> axes = attrs.GetInts("scan_input_axes");
    std::vector<std::pair<Dims, DType>> formal;
    for (size_t i = 0; i < node.inputs.size(); ++i) {
      std::pair<Dims, DType> v;
      if (!StaticInput(node, shapes, i, &v)) return calls;
      if (i >= num_states) {  // One slice: the scan axis removed.
        const size_t k = i - num_states;
        int64_t axis = k < axes.size() ? axes[k] : 0;
        const int64_t rank = static_cast<int64_t>(v.first.size());
        if (axis < 0) axis += rank;
        if (axis < 0 || axis >= rank) return calls;
        v.first.erase(v.first.begin() + axis);
      }
      formal.push_back(v);
    }
    add("body", formal);
  }
  return calls;
}

std::vector<StepRegion> SubgraphRegions(const Graph& graph, const ShapeInfo& shapes,
                                        const std::function<const Graph&(int)>& graph_at,
                                        const SubgraphArena& arena) {
  std::vector<StepRegion> regions;
  for (size_t n = 0; n < graph.nodes.size(); ++n) {
    uint64_t bytes = 0;
    for (const SubgraphCall& call : StaticSubgraphCalls(graph, graph.nodes[n], shapes, graph_at)) {
      Result<uint64_t> size = arena(static_cast<int>(n), call.graph, call.signature);
      if (size.ok()) bytes = std::max(bytes, size.value());
    }
    if (bytes > 0) regions.push_back(StepRegion{static_cast<int>(n), bytes});
  }
  return regions;
}

}  // namespace onyx::planner
