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
#include "runtime/session/profiler.h"

namespace onyx {

using executor::ModelMetadata;

struct SessionOptions {
  // Providers in priority order, by ONNX Runtime's names
  // ("XnnpackExecutionProvider", "CPUExecutionProvider"); empty means every
  // provider built in (AvailableProviders()). CPUExecutionProvider, the
  // reference kernels, always comes last. A node runs on the first provider
  // with a kernel that accepts it. An unknown name is kInvalidArgument.
  std::vector<std::string> providers;
  // ONNX Runtime's provider_options: option name -> value, per provider the
  // session uses. A provider it does not use, or a key the provider does not
  // accept (KernelLibrary::options), is kInvalidArgument. XNNPACK's
  // "intra_op_num_threads" sizes the session's one pool: it stands for
  // intra_op_num_threads below when that is 0 and must agree with it otherwise.
  std::map<std::string, std::map<std::string, std::string>> provider_options;
  // Threads of the session's pool, shared by every kernel (XNNPACK's and
  // onyx's own): 0 lets onyx choose (the machine's cores, at most
  // kMaxDefaultThreads), 1 runs on the calling thread only. Threads are not
  // pinned to cores. Negative is kInvalidArgument.
  int intra_op_num_threads = 0;
  int log_severity_level = 2;    // 0 verbose .. 4 fatal, as in ONNX Runtime.
  // Records a Chrome trace of every run (profiler.h); Session::EndProfiling
  // writes it to "<profile_file_prefix>_<date>_<time>.json".
  bool enable_profiling = false;
  std::string profile_file_prefix = "onyx_profile";
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
  // The bytes are device memory of the session's device provider (CUDA):
  // an input read there in place, an output written there (IOBinding with
  // device_type "cuda"). kInvalidArgument when no node runs on a device.
  bool on_device = false;
};

// Provider names built into this library that can run on this machine, in
// default priority order: CUDAExecutionProvider (a --config=cuda build) only
// where a GPU can be used.
std::vector<std::string> AvailableProviders();

// The most threads SessionOptions::intra_op_num_threads = 0 gives.
constexpr int kMaxDefaultThreads = 8;

class Session {
 public:
  // Maps an .onyx file. kNotFound, kInvalidModel, kUnsupported on failure.
  static Result<std::unique_ptr<Session>> Open(const std::string& path, const SessionOptions& options);
  // Copies an .onyx image held in memory.
  static Result<std::unique_ptr<Session>> FromBytes(const void* data, size_t size, const SessionOptions& options);
  // Uses an .onyx image in the caller's memory in place (an embedded model,
  // a flash-mapped partition): no copy. It must be 8-byte aligned (64 lets
  // weights be read in place by every kernel) and outlive the session.
  static Result<std::unique_ptr<Session>> FromBorrowedBytes(const void* data, size_t size,
                                                            const SessionOptions& options);

  const std::vector<IOInfo>& inputs() const { return inputs_; }
  const std::vector<IOInfo>& outputs() const { return outputs_; }
  const ModelMetadata& metadata() const { return model_->metadata(); }
  const std::vector<std::string>& providers() const { return provider_names_; }
  // The provider options the session was made with, per provider it uses
  // (every provider listed; those given none have an empty map).
  const std::map<std::string, std::map<std::string, std::string>>& provider_options() const {
    return provider_options_;
  }

  // Runs the model. Every model input must be fed exactly once; inputs are
  // checked (name, dtype, rank, fixed extents) before anything runs, and a bad
  // feed leaves the session usable. `output_names` empty means all outputs,
  // in model order. Thread-safe.
  Result<std::vector<HostTensor>> Run(const std::vector<NamedInput>& inputs,
                                      const std::vector<std::string>& output_names,
                                      const RunOptions* run_options = nullptr);
  // The same for models whose outputs may be sequences or optionals.
  //
  // `bound_outputs` (IOBinding): outputs written straight into the caller's
  // memory, each a view of dtype and shape the output will have. The run's
  // kernel writes there directly when the plan knows the output's shape in
  // advance (no copy); an output whose shape only the run decides is copied
  // in at the end. A view whose dtype or shape differs from the output's is
  // an error naming it. Bound outputs come back as empty Values.
  Result<std::vector<Value>> RunValues(const std::vector<NamedInput>& inputs,
                                       const std::vector<std::string>& output_names,
                                       const RunOptions* run_options = nullptr,
                                       const std::vector<NamedInput>& bound_outputs = {});

  // Runs the model and writes each of `bound_outputs` (as RunValues does);
  // outputs not bound are computed and dropped. Once a run with the same
  // input shapes has been made on the calling thread, this performs no heap
  // allocation when the plan is static (no node whose shapes the data
  // decides, no control flow, no strings) and every bound output's shape is
  // known ahead: the allocation-free path of ONNX Runtime's
  // run_with_iobinding. Thread-safe.
  Status RunWithBinding(const std::vector<NamedInput>& inputs, const std::vector<NamedInput>& bound_outputs,
                        const RunOptions* run_options = nullptr);

  // Threads in the session's pool (1 when it has none).
  int num_threads() const { return num_threads_; }

  // Profiling (SessionOptions::enable_profiling): writes the trace and
  // returns its path; kFailedPrecondition when profiling is off.
  Result<std::string> EndProfiling();
  // When profiling started, in nanoseconds since the epoch (0 when off).
  int64_t ProfilingStartTimeNs() const { return profiler_ ? profiler_->start_time_ns() : 0; }

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

  // Orders plans by input-shape signature; also compares a signature with
  // the shapes of a run's inputs, so that finding a plan copies nothing.
  struct SignatureLess {
    using is_transparent = void;
    bool operator()(const std::vector<Dims>& a, const std::vector<Dims>& b) const { return a < b; }
    bool operator()(const std::vector<Dims>& a, const std::vector<TensorView>& b) const;
    bool operator()(const std::vector<TensorView>& a, const std::vector<Dims>& b) const;
  };

  static Result<std::unique_ptr<Session>> Create(std::shared_ptr<const executor::ModelBytes> bytes,
                                                 const SessionOptions& options);
  Status SetUpProviders(const SessionOptions& options);
  Status SetUpThreads(const SessionOptions& options);
  Status CheckInputs(const std::vector<NamedInput>& inputs, std::vector<TensorView>* ordered) const;
  Result<std::shared_ptr<PlanEntry>> PlanFor(const std::vector<TensorView>& inputs);
  // Indices into outputs() of `names` (all outputs when empty), into `indices`.
  Status OutputIndices(const std::vector<std::string>& names, std::vector<int>* indices) const;
  // Checks each bound output against `plan` and gives its graph tensor.
  Status BindOutputs(const executor::ExecutionPlan& plan, const std::vector<NamedInput>& bound,
                     std::vector<int>* tensors) const;
  // RunValues and RunWithBinding: `results` (one per `output_names`, or all)
  // gets copies of the outputs not bound; nullptr copies none.
  Status RunInto(const std::vector<NamedInput>& inputs, const std::vector<std::string>& output_names,
                 const RunOptions* run_options, const std::vector<NamedInput>& bound_outputs,
                 std::vector<Value>* results);

  std::string where_;  // "model.onyx" or "<memory>": the prefix of load errors.
  // The pthreadpool_t every plan's kernels share (nullptr: one thread).
  // Declared first so that it outlives the plans and their kernel states.
  std::unique_ptr<void, void (*)(void*)> threadpool_{nullptr, nullptr};
  int num_threads_ = 1;
  std::shared_ptr<const executor::LoadedModel> model_;
  std::vector<kernels::KernelLibrary> libraries_;
  std::vector<std::string> provider_names_;
  std::map<std::string, std::map<std::string, std::string>> provider_options_;
  std::vector<IOInfo> inputs_;
  std::vector<IOInfo> outputs_;
  std::unique_ptr<Profiler> profiler_;

  // Plans by input-shape signature.
  std::mutex plans_mutex_;
  std::map<std::vector<Dims>, std::shared_ptr<PlanEntry>, SignatureLess> plans_;
};

}  // namespace onyx
