#pragma once

// Reading an ONNX model (protobuf) into the planner's graph. The only place,
// with converter/onnx_tensor.cc, where onnx-ml.pb.h is included.

#include <cstdint>
#include <deque>
#include <string>
#include <utility>
#include <vector>

#include "runtime/core/arena.h"
#include "runtime/planner/graph.h"

namespace onyx::converter {

// ONNX model metadata, carried into the file for ModelMetadata.
struct OnnxMetadata {
  std::string producer_name;
  std::string producer_version;
  std::string graph_name;
  std::string graph_description;
  std::string domain;
  std::string description;
  int64_t version = 0;
  std::vector<std::pair<std::string, std::string>> custom_metadata;
};

struct ImportedModel {
  planner::Graph graph;
  // Subgraphs of If, Loop and Scan; subgraphs[k] is graph k + 1 of the file,
  // the index graph attributes hold.
  std::vector<planner::Graph> subgraphs;
  // Declared dtype and shape of graph outputs (ONNX value info), by output.
  std::vector<planner::TensorInfo> declared_outputs;
  OnnxMetadata metadata;
  int64_t ir_version = 0;
  std::vector<std::pair<std::string, int64_t>> opset_imports;
  // Owned bytes behind weights and tensor attributes.
  std::deque<AlignedBuffer> storage;
};

// Parses `size` bytes of a serialized ModelProto. External data files are
// resolved relative to `base_dir` and must stay inside it. kInvalidModel for
// bytes that are not ONNX or a graph that is inconsistent; kNotFound for a
// missing external data file; kUnsupported for features onyx lacks.
Result<ImportedModel> ImportOnnx(const void* data, size_t size, const std::string& base_dir);

}  // namespace onyx::converter
