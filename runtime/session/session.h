#pragma once

// onyx::Session: the C++ API. Load an .onyx model once, run it many times,
// from several threads at once if you like.
//
//   ONYX_ASSIGN_OR... (see examples/cpp/run_model.cc)
//   auto session = onyx::Session::Open("model.onyx", onyx::SessionOptions());
//   std::vector<onyx::HostTensor> outputs = session.value()->Run({{"x", x}}, {}).value();
//
// Errors come back as Status with the model path and node in the message.

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "runtime/core/host_tensor.h"
#include "runtime/core/value.h"
#include "runtime/executor/execution_plan.h"

namespace onyx {

using executor::ModelMetadata;

struct SessionOptions {
  // Providers in priority order, by ONNX Runtime's names; empty means every
  // provider built in. CPUExecutionProvider is always added last.
  std::vector<std::string> providers;
  int intra_op_num_threads = 0;  // 0: let onyx choose.
  int log_severity_level = 2;    // 0 verbose .. 4 fatal, as in ONNX Runtime.
};

struct RunOptions {
  // Set from any thread to stop a run at the next node (kCancelled).
  std::atomic<bool> terminate{false};
  std::string tag;
};

// A graph input or output as callers see it.
struct IOInfo {
  std::string name;
  planner::ValueType value_type = planner::ValueType::kTensor;
  DType dtype = DType::kUndefined;  // For sequences and optionals: the element type.
  bool has_shape = false;
  Dims dims;                            // -1 for a symbolic or unknown extent.
  std::vector<std::string> dim_params;  // The symbolic names, "" where none.
};

// One named input: a view of the caller's memory, used in place. A sequence
// is a view of dtype kSequence pointing to a SequenceValue; an empty optional
// a view of dtype kOptionalNone (runtime/core/value.h).
struct NamedInput {
  std::string name;
  TensorView tensor;
};

// Provider names built into this library, in default priority order.
std::vector<std::string> AvailableProviders();

class Session {
 public:
  // Maps an .onyx file. kNotFound, kInvalidModel, kUnsupported on failure.
  static Result<std::unique_ptr<Session>> Open(const std::string& path, const SessionOptions& options);
  // Copies an .onyx image held in memory.
  static Result<std::unique_ptr<Session>> FromBytes(const void* data, size_t size, const SessionOptions& options);

  const std::vector<IOInfo>& inputs() const { return inputs_; }
  const std::vector<IOInfo>& outputs() const { return outputs_; }
  const ModelMetadata& metadata() const { return model_->metadata(); }
  const std::vector<std::string>& providers() const { return provider_names_; }

  // Runs the model. Every model input must be fed exactly once; inputs are
  // checked (name, dtype, rank, fixed extents) before anything runs, and a bad
  // feed leaves the session usable. `output_names` empty means all outputs,
  // in model order. Thread-safe.
  Result<std::vector<HostTensor>> Run(const std::vector<NamedInput>& inputs,
                                      const std::vector<std::string>& output_names,
                                      const RunOptions* run_options = nullptr);
  // The same for models whose outputs may be sequences or optionals.
  Result<std::vector<Value>> RunValues(const std::vector<NamedInput>& inputs,
                                       const std::vector<std::string>& output_names,
                                       const RunOptions* run_options = nullptr);

  // The memory a run with these inputs uses: the planned arena, beside the
  // naive sum of all intermediate tensors. Plans (and caches) if needed.
  struct MemoryUse {
    uint64_t arena_bytes = 0;
    uint64_t naive_bytes = 0;
    bool from_file = false;  // True when the file's own plan serves these shapes.
  };
  Result<MemoryUse> PlannedMemory(const std::vector<NamedInput>& inputs);

 private:
  struct PlanEntry {
    std::unique_ptr<executor::ExecutionPlan> plan;
    std::mutex mutex;  // Guards `free`.
    std::vector<std::unique_ptr<executor::Workspace>> free;
  };

  static Result<std::unique_ptr<Session>> Create(std::shared_ptr<const executor::ModelBytes> bytes,
                                                 const SessionOptions& options);
  Status CheckInputs(const std::vector<NamedInput>& inputs, std::vector<TensorView>* ordered) const;
  Result<std::shared_ptr<PlanEntry>> PlanFor(const std::vector<TensorView>& inputs);
  Result<std::vector<int>> OutputIndices(const std::vector<std::string>& names) const;

  std::string where_;  // "model.onyx" or "<memory>": the prefix of load errors.
  std::shared_ptr<const executor::LoadedModel> model_;
  std::vector<kernels::KernelLibrary> libraries_;
  std::vector<std::string> provider_names_;
  std::vector<IOInfo> inputs_;
  std::vector<IOInfo> outputs_;

  // Plans by input-shape signature.
  std::mutex plans_mutex_;
  std::map<std::vector<Dims>, std::shared_ptr<PlanEntry>> plans_;
};

}  // namespace onyx
