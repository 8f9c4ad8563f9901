#pragma once

// Arena planning: every intermediate tensor gets a byte offset in one arena,
// and two tensors alive at the same time never overlap. Offsets are assigned
// greedily, largest first, into the lowest gap that fits (TFLite's arena
// planner, ExecuTorch's greedy planner).

#include <cstdint>
#include <vector>

#include "runtime/core/span.h"
#include "runtime/core/status.h"
#include "runtime/planner/graph.h"
#include "runtime/planner/shape_inference.h"

namespace onyx::planner {

// One block to place: `size` bytes alive from step `first` to step `last`
// inclusive (steps are positions in the execution order).
struct BufferRequest {
  uint64_t size = 0;
  int first = 0;
  int last = 0;
};

struct BufferPlan {
  std::vector<uint64_t> offsets;  // One per request, 64-byte aligned.
  uint64_t arena_size = 0;
  uint64_t naive_size = 0;        // Sum of all (aligned) request sizes.
};

BufferPlan PlanGreedyBySize(Span<const BufferRequest> requests);

// A graph's plan: offsets of arena tensors (-1 for tensors not in the arena).
struct MemoryPlan {
  std::vector<int64_t> offsets;  // One per graph tensor.
  uint64_t arena_size = 0;
  uint64_t naive_size = 0;       // Sum of all intermediate tensors, without reuse.
};

// Lifetimes come from `order`; views (IsViewOp) share their input's bytes;
// graph outputs live to the end; dynamic tensors are left out (allocated when
// their shape is known). kOutOfMemory if a size overflows.
Result<MemoryPlan> PlanMemory(const Graph& graph, Span<const int> order, const ShapeInfo& shapes);

}  // namespace onyx::planner
