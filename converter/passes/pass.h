#pragma once

// What a graph pass gets: the editor of the graph it rewrites, what is known
// of the tensors' dtypes and shapes, and the reference kernels (constant
// folding). A pass returns how many rewrites it made.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "converter/passes/graph_edit.h"
#include "kernels/api/kernel.h"

namespace onyx::converter::passes {

// Dtypes and shapes of a graph's tensors, as shape inference finds them with
// the planning shapes of the inputs (the main graph), or as the graph
// declares them (subgraphs). Computed when a pass starts; a pass's own
// rewrites keep every tensor's value, so it stays valid until the pass ends.
class Analysis {
 public:
  // `input_dims`: the main graph's planning shapes (graph.inputs order), or
  // null for a subgraph; `exact`: they are the real shapes, not stand-ins
  // for symbolic dims.
  static Analysis Of(const planner::Graph& graph, const kernels::KernelLibrary& reference,
                     const std::vector<Dims>* input_dims, bool exact);

  // kUndefined when unknown.
  DType dtype(int t) const;
  // -1 when unknown.
  int rank(int t) const;
  // The dims every run sees (weights, inputs of fixed shape, or inferred from
  // the real input shapes), or null.
  const Dims* dims(int t) const;
  // dims(t), else the dims inferred with stand-ins for symbolic input dims
  // (they may differ at run time), or null.
  const Dims* planned_dims(int t) const;
  // Shape inference ran on this graph.
  bool inferred() const { return inferred_; }

 private:
  const planner::Graph* graph_ = nullptr;
  bool inferred_ = false;
  bool exact_ = false;
  std::vector<kernels::ValueInfo> values_;
};

// Where the main graph's planning shapes come from.
struct ShapeSource {
  std::vector<Dims> input_dims;
  bool exact = false;
};

class PassContext {
 public:
  // `shapes` is null for subgraphs.
  PassContext(GraphEditor& edit, const kernels::KernelLibrary& reference, const ShapeSource* shapes)
      : edit(edit), reference(reference), shape_source_(shapes) {}

  GraphEditor& edit;
  const kernels::KernelLibrary& reference;

  // Computed on first use (shape inference costs a pass over the graph).
  const Analysis& shapes();

 private:
  const ShapeSource* shape_source_;
  std::optional<Analysis> analysis_;
};

using PassFn = Result<int> (*)(PassContext& ctx);

}  // namespace onyx::converter::passes
