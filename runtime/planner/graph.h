#pragma once

// The graph as the planner sees it: the converter builds it from ONNX, the
// runtime from an .onyx file. No protobuf, no FlatBuffers here.

#include <string>
#include <vector>

#include "kernels/api/kernel.h"
#include "runtime/core/span.h"
#include "runtime/core/status.h"

namespace onyx::planner {

enum class TensorKind {
  kIntermediate,  // Produced by a node; lives in the arena.
  kInput,         // A graph input: the caller's buffer.
  kWeight,        // An initializer: bytes in `data`.
  kAbsent,        // An omitted optional input or output.
  kCapture,       // In a subgraph: a value of an enclosing graph, bound by name.
};

// ONNX's value types; sequences and optionals travel as kSequence and
// kOptionalNone views (runtime/core/value.h) and always have dynamic shapes.
enum class ValueType { kTensor, kSequence, kOptional };

struct TensorInfo {
  std::string name;
  ValueType value_type = ValueType::kTensor;  // `dtype` is the element type.
  TensorKind kind = TensorKind::kIntermediate;
  DType dtype = DType::kUndefined;
  bool has_shape = false;               // False when even the rank is unknown.
  Dims dims;                            // -1 marks an unknown (symbolic) extent.
  std::vector<std::string> dim_params;  // Symbolic names ("batch"), "" where none.
  const void* data = nullptr;           // kWeight: the bytes.
  bool is_graph_output = false;
};

struct Node {
  kernels::NodeInfo info;
  std::vector<int> inputs;   // Tensor indices; -1 for an omitted optional input.
  std::vector<int> outputs;  // Tensor indices; -1 for an omitted optional output.
  // Control flow: tensors of this graph its subgraphs read by name.
  std::vector<int> implicit_inputs;
};

struct Graph {
  std::vector<TensorInfo> tensors;
  std::vector<Node> nodes;
  std::vector<int> inputs;
  std::vector<int> outputs;
  // Subgraphs: tensors bound to an enclosing graph's values of the same name.
  // When planning, they follow `inputs` in an InputSignature.
  std::vector<int> captures;

  // inputs, then captures: what a caller binds.
  std::vector<int> BoundInputs() const;
};

// If, Loop, Scan and SequenceMap: run by the executor, which plans their subgraphs.
bool IsControlFlow(const kernels::NodeInfo& node);

// Ops whose output is a view of their first input's bytes: the planner gives
// the output the same arena bytes, and the kernel skips its copy.
bool IsViewOp(const kernels::NodeInfo& node);

// Elementwise ops whose reference kernel computes out[i] from the inputs' i-th
// elements only, reading each before writing out[i] (internal/unary.h
// ApplyUnary, internal/broadcast.h BinaryRow, Clip, PRelu, Cast's chunked
// decode-then-encode): the planner may give the output the bytes of an input
// of the output's shape and element size that dies at this node (in-place
// reuse). A provider's kernel for one of these ops must accept out == in.
bool IsInPlaceCandidate(const kernels::NodeInfo& node);

// A topological order of the nodes, stable with respect to the node list.
// kInvalidModel if a node reads a tensor nothing produces or the graph has a
// cycle (naming a node on it).
Result<std::vector<int>> TopologicalOrder(const Graph& graph);

}  // namespace onyx::planner
