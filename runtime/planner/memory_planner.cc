#include "runtime/planner/memory_planner.h"

#include <algorithm>
#include <numeric>

#include "runtime/core/arena.h"

namespace onyx::planner {

BufferPlan PlanGreedyBySize(Span<const BufferRequest> requests) {
  const size_t n = requests.size();
  BufferPlan plan;
  plan.offsets.assign(n, 0);
  std::vector<size_t> by_size(n);
  std::iota(by_size.begin(), by_size.end(), 0);
  std::stable_sort(by_size.begin(), by_size.end(), [&](size_t a, size_t b) {
    if (requests[a].size != requests[b].size) return requests[a].size > requests[b].size;
    return requests[a].first < requests[b].first;
  });
  std::vector<size_t> placed;
  std::vector<size_t> conflicts;
  for (size_t i : by_size) {
    const BufferRequest& r = requests[i];
    const uint64_t size = AlignUp(r.size);
    plan.naive_size += size;
    conflicts.clear();
    for (size_t j : placed) {
      if (requests[j].first <= r.last && r.first <= requests[j].last) conflicts.push_back(j);
    }
    std::sort(conflicts.begin(), conflicts.end(),
              [&](size_t a, size_t b) { return plan.offsets[a] < plan.offsets[b]; });
    // Lowest gap between conflicting blocks that fits.
    uint64_t offset = 0;
    for (size_t j : conflicts) {
      if (offset + size <= plan.offsets[j]) break;
      offset = std::max(offset, plan.offsets[j] + AlignUp(requests[j].size));
    }
    plan.offsets[i] = offset;
    plan.arena_size = std::max(plan.arena_size, offset + size);
    if (size > 0) placed.push_back(i);
  }
  return plan;
}

Result<MemoryPlan> PlanMemory(const Graph& graph, Span<const int> order, const ShapeInfo& shapes) {
  const size_t num_tensors = graph.tensors.size();
  const int end = static_cast<int>(order.size());
  std::vector<int> root(num_tensors);
  std::iota(root.begin(), root.end(), 0);
  std::vector<int> first(num_tensors, -1), last(num_tensors, -1);
  auto in_arena = [&](int t) {
    return t >= 0 && graph.tensors[t].kind == TensorKind::kIntermediate && shapes.values[t].present &&
           !shapes.values[t].dynamic;
  };
  for (int step = 0; step < end; ++step) {
    const Node& node = graph.nodes[order[step]];
    for (int t : node.inputs) {
      if (in_arena(t)) last[root[t]] = std::max(last[root[t]], step);
    }
    for (int t : node.implicit_inputs) {
      if (in_arena(t)) last[root[t]] = std::max(last[root[t]], step);
    }
    for (int t : node.outputs) {
      if (!in_arena(t)) continue;
      if (IsViewOp(node.info) && !node.inputs.empty() && in_arena(node.inputs[0])) root[t] = root[node.inputs[0]];
      if (first[root[t]] < 0) first[root[t]] = step;
      last[root[t]] = std::max(last[root[t]], step);
    }
  }
  for (int t : graph.outputs) {
    if (in_arena(t)) last[root[t]] = end;
  }
  MemoryPlan plan;
  plan.offsets.assign(num_tensors, -1);
  std::vector<uint64_t> group_size(num_tensors, 0);
  for (size_t t = 0; t < num_tensors; ++t) {
    if (!in_arena(static_cast<int>(t))) continue;
    const kernels::ValueInfo& v = shapes.values[t];
    ASSIGN_OR_RETURN(int64_t count, CheckedNumElements(v.dims));
    uint64_t bytes = static_cast<uint64_t>(count) * DTypeSize(v.dtype);
    RETURN_ERROR_IF(count > 0 && bytes / static_cast<uint64_t>(count) != DTypeSize(v.dtype),
                    StatusCode::kOutOfMemory, "tensor '", v.name, "' is too large");
    plan.naive_size += AlignUp(bytes);
    group_size[root[t]] = std::max(group_size[root[t]], bytes);
  }
  std::vector<BufferRequest> requests;
  std::vector<int> group_of_request;
  for (size_t t = 0; t < num_tensors; ++t) {
    if (!in_arena(static_cast<int>(t)) || root[t] != static_cast<int>(t) || first[t] < 0) continue;
    requests.push_back(BufferRequest{group_size[t], first[t], last[t]});
    group_of_request.push_back(static_cast<int>(t));
  }
  BufferPlan buffers = PlanGreedyBySize(requests);
  std::vector<int64_t> group_offset(num_tensors, -1);
  for (size_t i = 0; i < requests.size(); ++i) {
    group_offset[group_of_request[i]] = static_cast<int64_t>(buffers.offsets[i]);
  }
  for (size_t t = 0; t < num_tensors; ++t) {
    if (in_arena(static_cast<int>(t))) plan.offsets[t] = group_offset[root[t]];
  }
  plan.arena_size = buffers.arena_size;
  return plan;
}

}  // namespace onyx::planner
