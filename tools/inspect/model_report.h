#pragma once

// What onyx-inspect reports about an .onyx file: its interface, its nodes,
// and the memory a run will need, with the arena plan tensor by tensor.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "runtime/core/status.h"
#include "runtime/executor/model_bytes.h"
#include "runtime/planner/graph.h"

namespace onyx::inspect {

struct IoReport {
  std::string name;
  planner::ValueType value_type = planner::ValueType::kTensor;
  DType dtype = DType::kUndefined;
  bool has_shape = false;
  Dims dims;                            // -1 for a symbolic extent.
  std::vector<std::string> dim_params;  // Its name, "" where none.
};

// One arena tensor of the main graph's plan.
struct PlannedTensor {
  std::string name;
  std::string op;      // The op type of the node that writes it.
  uint64_t offset = 0;
  uint64_t size = 0;   // Bytes.
  int first = 0;       // The step that writes it.
  int last = 0;        // The last step that reads it (num_steps for graph outputs).
};

struct Count {
  std::string key;
  int count = 0;
};

struct OpProviderCount {
  std::string op;
  std::string provider;
  int count = 0;
};

// A further plan of the file: a shape bucket (onyx-convert --input-shape
// given several times for an input).
struct ProfileReport {
  std::vector<Dims> inputs;  // In input order.
  uint64_t arena_bytes = 0;
  uint64_t naive_bytes = 0;
  uint64_t lower_bound_bytes = 0;
  std::string planner;
};

// The arena bytes a control-flow node's subgraphs run in, inside the main
// graph's arena (alive while the node runs).
struct RegionReport {
  std::string node;  // The node's name.
  std::string op;    // If, Loop, Scan.
  uint64_t offset = 0;
  uint64_t bytes = 0;
};

struct ModelReport {
  std::string path;
  std::string name;                 // The graph's name, else the file's stem.
  uint64_t file_bytes = 0;
  std::string producer;             // "pytorch 2.1", "" when unknown.
  std::string converter_version;
  std::vector<IoReport> inputs;
  std::vector<IoReport> outputs;
  size_t num_nodes = 0;             // Main graph.
  int num_subgraphs = 0;
  std::vector<Count> op_counts;     // By count, then name.
  std::vector<Count> provider_counts;
  std::vector<OpProviderCount> op_provider_counts;  // By op (as op_counts), then provider.
  uint64_t weight_bytes = 0;        // Weight tensors of every graph.
  uint64_t data_bytes = 0;          // The whole data segment (weights and tensor attributes).
  // The plan the converter wrote for the main graph.
  bool planned = false;
  uint64_t arena_bytes = 0;
  uint64_t naive_bytes = 0;
  uint64_t lower_bound_bytes = 0;
  std::string planner;
  std::vector<Dims> plan_input_shapes;  // The input shapes planned for (symbolic dims as 1).
  std::vector<ProfileReport> profiles;  // Shape buckets beyond the first plan.
  std::vector<RegionReport> regions;    // Subgraphs planned inside the arena.
  int num_steps = 0;
  std::vector<PlannedTensor> tensors;
  // The largest scratch one kernel asks for, from the reference kernels'
  // Prepare at the planned shapes; unknown when they cannot be inferred.
  bool scratch_known = false;
  uint64_t scratch_bytes = 0;
  std::string scratch_note;         // Why unknown.
  // One run's peak: the mapped file (weights included) + arena + scratch.
  uint64_t peak_bytes = 0;
};

// Maps and verifies `path`. kNotFound, kInvalidModel.
Result<ModelReport> InspectFile(const std::string& path);
// The same for bytes already in memory; `path` only names them.
Result<ModelReport> InspectBytes(std::shared_ptr<const executor::ModelBytes> bytes, const std::string& path);

// "float32[batch,3,224,224]"; sequences as "seq(float32)".
std::string IoTypeString(const IoReport& io);
// "64.0 KiB": 1024-based, one decimal.
std::string HumanBytes(uint64_t bytes);

// The report for people, and as one JSON object for scripts.
std::string ReportText(const ModelReport& report);
std::string ReportJson(const ModelReport& report);

}  // namespace onyx::inspect
