#pragma once

// A verified .onyx model, turned into the planner's graph. Weights point into
// the file's bytes (used in place, never copied).

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "format/reader.h"
#include "runtime/executor/model_bytes.h"
#include "runtime/planner/graph.h"
#include "runtime/planner/memory_planner.h"

namespace onyx::executor {

struct ModelMetadata {
  std::string producer_name;
  std::string producer_version;
  std::string graph_name;
  std::string graph_description;
  std::string domain;
  std::string description;
  int64_t version = 0;
  std::vector<std::pair<std::string, std::string>> custom_metadata;
  std::string converter_version;
  std::string source_hash;
};

// The plan the converter wrote for the main graph's declared input shapes.
struct FilePlan {
  std::vector<int64_t> offsets;  // Arena offset per tensor, -1 if none.
  std::vector<uint64_t> sizes;   // Planned bytes per tensor.
  uint64_t arena_size = 0;
  uint64_t naive_size = 0;       // Sum of the planned tensors' sizes, without reuse.
  uint64_t lower_bound = 0;      // No plan of these lifetimes needs less (0 in older files).
  std::string planner;           // The algorithm whose plan was kept ("" in older files).
  // Arena bytes of control-flow nodes' subgraphs (planner::StepRegion), at
  // region_offsets; empty in files before format 1.1.
  std::vector<planner::StepRegion> regions;
  std::vector<int64_t> region_offsets;
  // The concrete input shapes a shape-bucket profile was planned for (in
  // graph.inputs order); empty for the first plan, which serves any shapes
  // that give every tensor its planned size.
  std::vector<Dims> inputs;
};

class LoadedModel {
 public:
  // Verifies `bytes` (format::VerifyModel) and builds the main graph.
  static Result<std::shared_ptr<const LoadedModel>> Load(std::shared_ptr<const ModelBytes> bytes);

  // graph(0) is the main graph; others are subgraphs of If, Loop and Scan.
  const planner::Graph& graph(int index = 0) const { return graphs_[index]; }
  // The execution order written in the file (checked against dependencies).
  const std::vector<int>& order(int index = 0) const { return orders_[index]; }
  int num_graphs() const { return static_cast<int>(graphs_.size()); }
  // The main graph's plans: the first (in the tensor table), then one per
  // further shape-bucket profile.
  const FilePlan& file_plan() const { return file_plans_[0]; }
  const std::vector<FilePlan>& file_plans() const { return file_plans_; }
  const ModelMetadata& metadata() const { return metadata_; }

 private:
  Status Build();
  Status BuildGraph(int index);
  // Points a string tensor's elements into buffer `buffer` of the file
  // (format/strings.h); the StringRefs live as long as this model.
  Status DecodeStringTensor(uint32_t buffer, int64_t count, void** data, const std::string& where);

  std::shared_ptr<const ModelBytes> bytes_;
  format::ModelView view_;
  std::vector<planner::Graph> graphs_;
  std::vector<std::vector<int>> orders_;
  std::vector<FilePlan> file_plans_;
  ModelMetadata metadata_;
  std::deque<std::vector<StringRef>> string_elements_;
};

}  // namespace onyx::executor
