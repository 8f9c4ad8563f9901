#pragma once

// Arena planning: every intermediate tensor gets a byte offset in one arena,
// and two tensors alive at the same time never overlap. Several greedy
// offset-assignment algorithms run on the same lifetimes and the smallest
// arena wins (as ExecuTorch does); the largest sum of live bytes at any step
// is reported beside it as a lower bound no plan can beat.

#include <cstdint>
#include <functional>
#include <string>
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

// The offset-assignment algorithms, in the order PlanBest tries them (the
// earlier one wins a tie).
enum class PlanAlgorithm {
  // Largest block first, into the lowest gap that fits (TFLite's arena planner).
  kGreedyBySize,
  // The step whose live blocks sum to the most bytes first, each of its
  // blocks largest first, into the tightest gap that fits (TFLite GPU's
  // "greedy by breadth", Pisarchyk and Lee 2020).
  kGreedyByBreadth,
  // The block whose lifetime overlaps the most others first, into the lowest
  // gap that fits.
  kGreedyByConflicts,
};
constexpr PlanAlgorithm kPlanAlgorithms[] = {PlanAlgorithm::kGreedyBySize, PlanAlgorithm::kGreedyByBreadth,
                                             PlanAlgorithm::kGreedyByConflicts};

// "greedy_by_size", "greedy_by_breadth", "greedy_by_conflicts": the name
// written in the file.
const char* PlanAlgorithmName(PlanAlgorithm algorithm);

BufferPlan PlanGreedyBySize(Span<const BufferRequest> requests);
BufferPlan PlanGreedyByBreadth(Span<const BufferRequest> requests);
BufferPlan PlanGreedyByConflicts(Span<const BufferRequest> requests);
BufferPlan PlanBuffers(Span<const BufferRequest> requests, PlanAlgorithm algorithm);

// Runs each of `algorithms` (empty: all of kPlanAlgorithms) and keeps the
// smallest arena, the earliest on a tie; `*winner` (optional) names it.
BufferPlan PlanBest(Span<const BufferRequest> requests, Span<const PlanAlgorithm> algorithms,
                    PlanAlgorithm* winner = nullptr);

// The largest sum of (64-byte aligned) sizes alive at one step: no placement
// of these requests fits in less.
uint64_t LowerBound(Span<const BufferRequest> requests);

// Bytes a control-flow node needs in the arena while it runs: the arenas of
// its subgraphs (If, Loop, Scan), planned inside the parent's (see
// SubgraphRegions). Alive at the node's step only.
struct StepRegion {
  int node = 0;
  uint64_t bytes = 0;
};

// A graph's plan: offsets of arena tensors (-1 for tensors not in the arena).
struct MemoryPlan {
  std::vector<int64_t> offsets;  // One per graph tensor.
  std::vector<StepRegion> regions;      // PlanOptions::regions,
  std::vector<int64_t> region_offsets;  // and where each lies in the arena.
  uint64_t arena_size = 0;
  uint64_t naive_size = 0;       // Sum of all intermediate tensors, without reuse.
  // LowerBound of the blocks planned: views and in-place outputs share their
  // input's block, so they count once.
  uint64_t lower_bound = 0;
  std::string algorithm;         // PlanAlgorithmName of the winner.
  int in_place = 0;              // Outputs that took a dying input's bytes.
};

struct PlanOptions {
  // Let IsInPlaceCandidate ops write over an input that dies with them.
  bool in_place = true;
  // The algorithms to try, in tie-break order; empty: all of kPlanAlgorithms.
  std::vector<PlanAlgorithm> algorithms;
  // Regions for the subgraphs of control-flow nodes, placed with the tensors
  // (and counted in the naive sum and the lower bound).
  std::vector<StepRegion> regions;
};

// Lifetimes come from `order`; views (IsViewOp) share their input's bytes;
// graph outputs live to the end; dynamic tensors are left out (allocated when
// their shape is known). With options.in_place, an elementwise output takes
// the bytes of an input of its shape and element size whose block (the input
// and its views) is read by no later node and is no graph output.
// kOutOfMemory if a size overflows.
Result<MemoryPlan> PlanMemory(const Graph& graph, Span<const int> order, const ShapeInfo& shapes,
                              const PlanOptions& options = PlanOptions());

// The subgraphs a control-flow node will run whose input shapes are known
// now: for If both branches, for Loop the body's first iteration (the
// iteration number, the condition and the initial loop-carried values), for
// Scan (opset 9 on) the body with the states and one slice of each scan
// input; their captures bound by name to the node's implicit inputs. Nodes
// or subgraphs with a dynamic, sequence or optional value get none.
struct SubgraphCall {
  int graph = 0;             // Index in the model's graphs.
  InputSignature signature;  // Over the subgraph's BoundInputs().
};
std::vector<SubgraphCall> StaticSubgraphCalls(const Graph& graph, const Node& node, const ShapeInfo& shapes,
                                              const std::function<const Graph&(int)>& graph_at);

// The arena of subgraph `graph`, called by node `node`, planned for
// `signature` (its bytes), or an error when it cannot be planned ahead (the
// subgraph then plans its own arena when it runs).
using SubgraphArena = std::function<Result<uint64_t>(int node, int graph, const InputSignature& signature)>;

// One region per control-flow node of `graph` with static subgraph calls:
// the largest of their arenas.
std::vector<StepRegion> SubgraphRegions(const Graph& graph, const ShapeInfo& shapes,
                                        const std::function<const Graph&(int)>& graph_at,
                                        const SubgraphArena& arena);

}  // namespace onyx::planner
