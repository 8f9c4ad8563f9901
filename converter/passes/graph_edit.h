#pragma once

// Rewriting a planner::Graph in place: who produces and who reads each
// tensor, replacing and removing nodes, adding weights, and compacting the
// graph afterwards. Every pass works through a GraphEditor.
//
// Invariants the editor keeps: the node list stays in a topological order
// (a replacement takes the list position of the node it replaces), graph
// outputs keep their names, and a tensor a subgraph reads by name (an
// implicit input of a control-flow node) is never renamed or removed.

#include <cstdint>
#include <deque>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "runtime/core/arena.h"
#include "runtime/planner/graph.h"
#include "runtime/planner/shape_inference.h"

namespace onyx::converter::passes {

// What the passes may change of a model: its graphs, the store that owns the
// bytes of new weights, and the opset imports (a pass that inserts a node of
// a new domain records the import).
struct ModelRef {
  planner::Graph* graph = nullptr;
  std::vector<planner::Graph>* subgraphs = nullptr;
  std::deque<AlignedBuffer>* storage = nullptr;
  std::vector<std::pair<std::string, int64_t>>* opset_imports = nullptr;
};

// One read of a tensor: node `node`, input `slot` (-1: an implicit input,
// read by name inside a subgraph).
struct Use {
  int node;
  int slot;
};

class GraphEditor {
 public:
  // `names` holds every tensor name of every graph of the model, so that new
  // names are unique model-wide (subgraphs resolve captures by name).
  GraphEditor(planner::Graph& graph, const ModelRef& model, std::set<std::string>& names);

  planner::Graph& graph() { return graph_; }
  const planner::Graph& graph() const { return graph_; }
  int num_nodes() const { return static_cast<int>(graph_.nodes.size()); }
  const planner::Node& node(int n) const { return graph_.nodes[n]; }
  bool removed(int n) const { return removed_[n]; }
  const planner::TensorInfo& tensor(int t) const { return graph_.tensors[t]; }

  int Producer(int t) const { return producer_[t]; }
  const std::vector<Use>& Uses(int t) const { return uses_[t]; }
  bool IsGraphOutput(int t) const;
  // A graph output, or read by name inside a subgraph: its name must stay.
  bool Pinned(int t) const;
  // The node that reads `t`, when `t` has exactly one use (one input slot of
  // one node) and is not pinned; -1 otherwise.
  int SoleConsumer(int t) const;
  // The live node producing `t` when it is `op` of the default domain and
  // `t` has no other reader than `consumer`; -1 otherwise.
  int SoleProducer(int t, const char* op, int consumer) const;
  bool IsWeight(int t) const { return t >= 0 && graph_.tensors[t].kind == planner::TensorKind::kWeight; }

  // A new name from `hint`, unique in the model.
  std::string UniqueName(const std::string& hint);
  // A new weight of `dtype` and `dims` whose bytes the model's store owns;
  // `*data` points at them (uninitialized) for the caller to fill.
  Result<int> AddWeight(const std::string& hint, DType dtype, const Dims& dims, void** data);
  // A new intermediate tensor (produced by a node the caller adds).
  int AddIntermediate(const std::string& hint, DType dtype);
  // Turns intermediate `t` into a weight holding `value` (constant folding).
  void MakeWeight(int t, planner::EvaluatedValue value);
  // Records an opset import for `domain` unless the model has one.
  void RequireOpset(const std::string& domain, int64_t version);

  // Node `n` becomes `node`, at the same list position.
  void ReplaceNode(int n, planner::Node node);
  void RemoveNode(int n);
  // Every explicit read of `from` now reads `to` (implicit inputs stay).
  void ReplaceUses(int from, int to);
  // Removes node `n`, which computes `out` as an unchanged copy of `in`:
  // readers of `out` read `in`; when `out` must keep its name (a graph
  // output), the producer of `in` writes `out` instead. False (nothing done)
  // when neither works: `in` is a graph input or weight, or pinned itself.
  bool Bypass(int n, int in, int out);

  // Drops removed nodes and the tensors nothing refers to any more, renumbers
  // the rest (node index included) and rebuilds the indices.
  void Compact();

 private:
  void Index();
  void Register(int n);
  void Unregister(int n);

  planner::Graph& graph_;
  ModelRef model_;
  std::set<std::string>& names_;
  std::vector<bool> removed_;
  std::vector<int> producer_;
  std::vector<std::vector<Use>> uses_;
  std::vector<bool> graph_output_;
};

// Reading constants.

// Elements of weight `t` (float, double, float16, bfloat16 or any integer
// type) as doubles; false if `t` is not such a weight.
bool WeightValues(const GraphEditor& edit, int t, std::vector<double>* values);
// The value of weight `t` when it holds exactly one element.
bool ScalarValue(const GraphEditor& edit, int t, double* value);
// Weight `t` is one element within `rel_tol` (relative) of `want`.
bool IsScalarNear(const GraphEditor& edit, int t, double want, double rel_tol = 1e-4);
// A new weight of `dtype` (float, double, float16 or bfloat16) from doubles.
Result<int> AddFloatWeight(GraphEditor& edit, const std::string& hint, DType dtype, const Dims& dims,
                           const std::vector<double>& values);
// Axes of Squeeze, Unsqueeze or a Reduce op: the attribute `axes` when the
// node has it, else input `slot` (a weight); `present` false when neither.
bool ReadAxes(const GraphEditor& edit, const planner::Node& node, size_t slot, std::vector<int64_t>* axes,
              bool* present);

// Building nodes.

kernels::Attribute IntAttribute(const std::string& name, int64_t v);
kernels::Attribute FloatAttribute(const std::string& name, float v);
kernels::Attribute FloatsAttribute(const std::string& name, std::vector<float> v);
kernels::Attribute IntsAttribute(const std::string& name, std::vector<int64_t> v);
kernels::Attribute StringAttribute(const std::string& name, const std::string& v);
planner::Node MakeNode(const std::string& name, const std::string& op_type, const std::string& domain, int opset,
                       std::vector<int> inputs, std::vector<int> outputs,
                       std::vector<kernels::Attribute> attrs = {});
// `node`'s attributes without the one named `name`.
std::vector<kernels::Attribute> AttributesWithout(const planner::Node& node, const std::string& name);

// The other input of binary node `node` when one of its two inputs is `t`, else -1.
int OtherInput(const planner::Node& node, int t);
// `node` is `op` of the default domain.
bool IsOp(const planner::Node& node, const char* op);
bool IsFloatType(DType dtype);

}  // namespace onyx::converter::passes
