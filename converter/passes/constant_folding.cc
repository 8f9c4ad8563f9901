#include "converter/passes/constant_folding.h"

#include <algorithm>

#include "runtime/planner/shape_inference.h"

namespace onyx::converter::passes {
namespace {

bool NeverFolded(const planner::Node& node) {
  return planner::IsControlFlow(node.info) || planner::IsNondeterministic(node.info) ||
         !node.implicit_inputs.empty();
}

// The inputs' values when all are known; false otherwise. `bytes` sums them.
bool KnownInputs(PassContext& ctx, const planner::Node& node, std::vector<kernels::ValueInfo>* inputs,
                 size_t* bytes) {
  const GraphEditor& e = ctx.edit;
  const bool shape_only = IsOp(node, "Shape") || IsOp(node, "Size");
  *bytes = 0;
  for (int t : node.inputs) {
    kernels::ValueInfo v;
    if (t < 0) {
      inputs->push_back(v);
      continue;
    }
    const planner::TensorInfo& tensor = e.tensor(t);
    v.name = tensor.name;
    v.present = true;
    if (e.IsWeight(t)) {
      v.dtype = tensor.dtype;
      v.dims = tensor.dims;
      v.data = tensor.data;
      *bytes += static_cast<size_t>(NumElements(v.dims)) * DTypeSize(v.dtype);
    } else if (shape_only && ctx.shapes().dims(t) != nullptr && ctx.shapes().dtype(t) != DType::kUndefined) {
      v.dtype = ctx.shapes().dtype(t);
      v.dims = *ctx.shapes().dims(t);
    } else {
      return false;
    }
    inputs->push_back(std::move(v));
  }
  return true;
}

}  // namespace

Result<int> FoldConstants(PassContext& ctx) {
  GraphEditor& e = ctx.edit;
  // Shapes are inferred on the graph as it is before any rewrite.
  for (int n = 0; n < e.num_nodes(); ++n) {
    if (IsOp(e.node(n), "Shape") || IsOp(e.node(n), "Size")) {
      ctx.shapes();
      break;
    }
  }
  int folded = 0;
  for (int n = 0; n < e.num_nodes(); ++n) {
    if (e.removed(n)) continue;
    const planner::Node& node = e.node(n);
    if (NeverFolded(node)) continue;
    bool keep = true;
    for (int t : node.outputs) {
      if (t < 0) continue;
      keep = e.Pinned(t);
      if (keep) break;
    }
    if (keep) continue;
    const bool is_constant = IsOp(node, "Constant");
    std::vector<kernels::ValueInfo> inputs;
    size_t in_bytes = 0;
    if (!KnownInputs(ctx, node, &inputs, &in_bytes)) continue;
    bool has_input = false;
    for (int t : node.inputs) has_input |= t >= 0;
    if (!has_input && !is_constant) continue;
    const size_t cap = is_constant ? static_cast<size_t>(-1) : std::max(kFoldMinCapBytes, kFoldGrowthFactor * in_bytes);
    Result<std::vector<planner::EvaluatedValue>> outputs = planner::EvaluateNode(node, inputs, ctx.reference, cap);
    if (!outputs.ok()) continue;
    const std::vector<int> produced = node.outputs;
    e.RemoveNode(n);
    for (size_t i = 0; i < produced.size(); ++i) {
      if (produced[i] >= 0) e.MakeWeight(produced[i], std::move((*outputs)[i]));
    }
    ++folded;
  }
  return folded;
}

}  // namespace onyx::converter::passes
