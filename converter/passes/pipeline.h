#pragma once

// The pass pipeline and its optimization levels, named as in ONNX Runtime:
//   0  ORT_DISABLE_ALL       nothing
//   1  ORT_ENABLE_BASIC      no-op and dead-node elimination, constant
//                            folding, repeated until nothing changes
//   2  ORT_ENABLE_EXTENDED   + fusions: Conv+BatchNormalization, bias,
//                            LayerNormalization, Gelu, Attention, activations;
//                            then the basic passes again
//   3  ORT_ENABLE_LAYOUT     + layout: NHWC regions of convolutions and
//                            pools (layout.h); then the basic passes again
//   99 ORT_ENABLE_ALL        everything (as ORT_ENABLE_LAYOUT)
// Passes run on the main graph, whose shapes inference knows, and on every
// subgraph (If, Loop, Scan bodies), where only declared shapes are known.
// Everything is done in node-list order, so the result is deterministic.

#include <string>
#include <vector>

#include "converter/passes/pass.h"

namespace onyx::converter::passes {

enum OptimizationLevel : int {
  kDisableAll = 0,
  kEnableBasic = 1,
  kEnableExtended = 2,
  kEnableLayout = 3,
  kEnableAll = 99,
};

// "disable_all", "basic", "extended", "layout", "all", ONNX Runtime's names
// ("ORT_ENABLE_BASIC", ...) or the numbers 0, 1, 2, 3, 99. kInvalidArgument
// for anything else, listing the accepted names.
Result<int> ParseOptimizationLevel(const std::string& name);
// ONNX Runtime's name ("ORT_ENABLE_ALL"); "?" for an unknown level.
const char* OptimizationLevelName(int level);
// Every pass by name, in the order the pipeline runs them.
std::vector<std::string> PassNames();

struct PipelineOptions {
  int level = kEnableAll;
  // When not empty: exactly these passes, once each, in this order, whatever
  // the level (for tests and for finding which pass changed a model).
  std::vector<std::string> passes;
  ShapeSource shapes;  // The main graph's planning shapes.
  // Run the layout pass (channels-last regions for XNNPACK) at
  // ORT_ENABLE_LAYOUT and above; false for a device provider's model.
  bool channels_last = true;
};

struct PassStat {
  std::string pass;
  int rewrites = 0;
};

// Optimizes `model` in place. Returns the rewrites each pass made (passes
// that made none are left out), in pipeline order. kInvalidArgument for an
// unknown level or pass name; kInvalidModel for a graph with a cycle.
Result<std::vector<PassStat>> RunPipeline(const ModelRef& model, const kernels::KernelLibrary& reference,
                                          const PipelineOptions& options);

}  // namespace onyx::converter::passes
