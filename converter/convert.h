#pragma once

// The converter pipeline: ONNX bytes in, .onyx bytes out.
//
//   import (protobuf) -> check ops -> fix input shapes -> optimize (graph
//   passes, converter/passes/) -> order nodes -> infer shapes (reference
//   kernels' Prepare) -> plan the arena -> write

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "converter/passes/pipeline.h"
#include "runtime/core/shape.h"
#include "runtime/core/status.h"

namespace onyx::converter {

constexpr const char* kConverterVersion = "0.1.0";

struct ConvertOptions {
  // Fixed shapes for inputs, replacing symbolic dimensions (--input-shape).
  std::map<std::string, Dims> input_shapes;
  // Shape buckets (--input-shape given more than once for an input; its
  // k-th occurrence belongs to profile k): further shapes to plan for. With
  // any, inputs keep their symbolic dimensions in the file, `input_shapes`
  // is the first profile, and each profile's shapes are `input_shapes`
  // overridden by its own entries. The runtime then plans nothing for a run
  // whose shapes match a profile.
  std::vector<std::map<std::string, Dims>> extra_profiles;
  // ONNX Runtime's graph optimization levels (converter/passes/pipeline.h):
  // 0 ORT_DISABLE_ALL, 1 ORT_ENABLE_BASIC, 2 ORT_ENABLE_EXTENDED,
  // 3 ORT_ENABLE_LAYOUT, 99 ORT_ENABLE_ALL (--optimize). Recorded in the
  // file's conversion record.
  int optimization_level = passes::kEnableAll;
  // Providers to assign nodes to, in priority order (ONNX Runtime's names,
  // "XnnpackExecutionProvider"...); empty: every provider built in. The
  // reference kernels ("CPUExecutionProvider") always come last. Each node
  // of the main graph is recorded in the file with the provider a session
  // with these providers runs it on (Node.provider).
  std::vector<std::string> providers;
  // When not empty: run exactly these passes, in order, instead of the
  // level's (tests, and finding which pass changes a model).
  std::vector<std::string> passes;
};

struct ConvertSummary {
  std::vector<std::pair<std::string, int>> op_counts;  // Sorted by count, then name.
  size_t imported_nodes = 0;                            // Main graph, before the passes.
  std::vector<std::pair<std::string, int>> rewrites;    // Per pass that changed the model, in pipeline order.
  size_t num_nodes = 0;
  std::vector<std::pair<std::string, int>> provider_counts;  // Main graph nodes per provider, in first-use order.
  uint64_t weight_bytes = 0;
  bool planned = false;       // False when shapes were not static enough to plan.
  std::string plan_note;      // Why not, or which stand-in shapes were used.
  uint64_t arena_bytes = 0;
  uint64_t naive_bytes = 0;
  uint64_t lower_bound_bytes = 0;  // No plan of these lifetimes needs less (memory_planner.h).
  // Shape buckets after the first: the input shapes ("x[4,3,224,224]") and arena bytes of each.
  std::vector<std::pair<std::string, uint64_t>> profile_arenas;
};

struct ConvertResult {
  std::vector<uint8_t> file;
  ConvertSummary summary;
};

// Converts a serialized ONNX ModelProto; external data is read relative to
// `base_dir`. Unsupported ops are all listed in one kUnsupported error.
Result<ConvertResult> ConvertOnnx(const void* data, size_t size, const std::string& base_dir,
                                  const ConvertOptions& options);

// Reads `path` and converts it (base_dir = its directory).
Result<ConvertResult> ConvertOnnxFile(const std::string& path, const ConvertOptions& options);

// Parses "NAME:D0,D1,..." (the --input-shape syntax).
Result<std::pair<std::string, Dims>> ParseInputShape(const std::string& spec);

}  // namespace onyx::converter
