#pragma once

// Writes an imported, planned graph as an .onyx file.

#include <vector>

#include "converter/convert.h"
#include "converter/onnx_import.h"
#include "runtime/planner/memory_planner.h"

namespace onyx::converter {

// A further plan of the main graph for concrete input shapes (a shape
// bucket: onyx-convert --input-shape given several times).
struct ProfilePlan {
  std::vector<Dims> inputs;  // In graph.inputs order.
  planner::ShapeInfo shapes;
  planner::MemoryPlan memory;
};

struct WriteInput {
  const ImportedModel* model = nullptr;
  std::vector<int> order;
  std::vector<std::vector<int>> subgraph_orders;  // One per model->subgraphs entry.
  // Present when the graph was planned: inferred shapes and the arena plan.
  const planner::ShapeInfo* shapes = nullptr;
  const planner::MemoryPlan* memory = nullptr;
  const std::vector<ProfilePlan>* profiles = nullptr;  // Beyond the first plan; may be null.
  // The provider of each main-graph node (by node index); null or shorter:
  // "CPUExecutionProvider". Subgraph nodes run on the reference kernels.
  const std::vector<std::string>* providers = nullptr;
  std::string source_hash;
  std::vector<std::pair<std::string, std::string>> options;
};

// The file's bytes; deterministic for the same input.
std::vector<uint8_t> WriteOnyx(const WriteInput& in);

}  // namespace onyx::converter
