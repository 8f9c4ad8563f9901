#pragma once

// An ExecutionPlan is everything needed to run one graph of a model for one
// input-shape signature: a kernel per node (resolved and prepared once), every
// tensor's dtype and shape, and the arena layout. It is immutable once built
// and is shared by concurrent runs; each run brings its own Workspace.

#include <atomic>
#include <map>
#include <memory>
#include <utility>
#include <vector>

#include "runtime/core/value.h"
#include "runtime/executor/loaded_model.h"
#include "runtime/executor/placement.h"
#include "runtime/planner/memory_planner.h"
#include "runtime/planner/shape_inference.h"

namespace onyx::executor {

struct Workspace;

// When one node ran, for profiling: nanoseconds on the steady clock.
struct NodeTiming {
  int node = 0;
  int64_t start_ns = 0;
  int64_t duration_ns = 0;
};

// Graph inputs and outputs a run finds, or must leave, in the plan's device
// memory (IOBinding on the device): used there in place, never copied
// through the host unless a host node reads them.
struct DeviceBinding {
  std::vector<uint8_t> inputs;  // Per BoundInputs() entry: 1 when its data is a device pointer.
  std::vector<std::pair<int, void*>> outputs;  // Graph output tensor, device memory it goes to.
  bool empty() const {
    for (uint8_t b : inputs) {
      if (b) return false;
    }
    return outputs.empty();
  }
};

class ExecutionPlan {
 public:
  // Plans graph `graph_index` of `model` (0: the main graph). Each node runs
  // on the first library in `providers` with a kernel whose Prepare accepts
  // it (one that returns kUnsupported passes the node to the next library);
  // `reference` evaluates small known tensors during shape propagation.
  // `inputs` follows the graph's BoundInputs() (inputs, then captures).
  // `threadpool` (a pthreadpool_t or nullptr) is handed to every kernel's
  // Prepare and Run; it must outlive the plan.
  static Result<std::unique_ptr<ExecutionPlan>> Create(std::shared_ptr<const LoadedModel> model, int graph_index,
                                                        const std::vector<kernels::KernelLibrary>& providers,
                                                        const kernels::KernelLibrary& reference,
                                                        const planner::InputSignature& inputs,
                                                        void* threadpool = nullptr);

  // A workspace for runs of this plan: its own arena, or, for a subgraph
  // planned inside its parent's arena, `borrowed_arena` (the region the
  // parent's plan keeps for it, which must stay alive as long). A subgraph's
  // workspace shares its parent's `strings`; null: a store of its own.
  Result<std::unique_ptr<Workspace>> NewWorkspace(uint8_t* borrowed_arena = nullptr,
                                                  std::shared_ptr<StringStore> strings = nullptr) const;

  // Runs every node in order. `inputs` follows the graph's BoundInputs() and
  // must match the plan's shapes (the session checks). Deferred nodes are
  // prepared here and their outputs allocated in the workspace's dynamic
  // buffers; If, Loop and Scan run their subgraphs (control_flow.h). Stops
  // with kCancelled between nodes once `*terminate` becomes true. Outputs are
  // read from workspace.views afterwards.
  // With `timings`, each node's start and duration are appended to it
  // (profiling); without, nothing is measured. A static graph run (no
  // deferred node, no control flow, no strings) allocates nothing here.
  // With `device_binding`, the inputs it marks are device pointers and the
  // outputs it lists are written to device memory (and not to the host);
  // kInvalidArgument when the plan runs nothing on a device.
  Status Run(Workspace& workspace, Span<const TensorView> inputs, const std::atomic<bool>* terminate,
             std::vector<NodeTiming>* timings = nullptr, const DeviceBinding* device_binding = nullptr) const;

  const LoadedModel& model() const { return *model_; }
  std::shared_ptr<const LoadedModel> shared_model() const { return model_; }
  int graph_index() const { return graph_index_; }
  const planner::Graph& graph() const { return model_->graph(graph_index_); }
  const std::vector<kernels::KernelLibrary>& providers() const { return providers_; }
  const kernels::KernelLibrary& reference() const { return reference_; }
  void* threadpool() const { return threadpool_; }
  const kernels::ValueInfo& value(int tensor) const { return shapes_.values[tensor]; }
  // The provider whose kernel runs node `n`; control flow and nodes prepared
  // at run time report the last provider (the reference kernels).
  const char* provider_of(int n) const;
  uint64_t arena_size() const { return memory_.arena_size; }
  uint64_t naive_size() const { return memory_.naive_size; }
  // True when one of the file's arena plans was used (no re-planning needed).
  bool uses_file_plan() const { return uses_file_plan_; }
  uint64_t lower_bound() const { return memory_.lower_bound; }
  // Control-flow nodes whose subgraphs run inside this plan's arena.
  const std::vector<planner::StepRegion>& regions() const { return regions_; }
  // Which nodes run on a device and the copies between host and device
  // (placement.h); device() is nullptr when every node runs on the host.
  const Placement& placement() const { return placement_; }
  const kernels::DeviceApi* device() const { return placement_.device; }
  // Device memory: the weights device nodes read (this plan's, shared by its
  // runs), and what each workspace adds (arena mirror, scratch, inputs).
  uint64_t device_weight_bytes() const { return device_weight_bytes_; }
  uint64_t device_workspace_bytes() const;

 private:
  ExecutionPlan() = default;
  bool FilePlanMatches(const FilePlan& file) const;
  // Plans the subgraphs of control-flow nodes whose input shapes are known
  // now, and sets regions_ (their arena bytes) and preplanned_.
  friend void PlanSubgraphsAhead(ExecutionPlan* plan);
  // The kernel of each provider that matches `node`, in priority order.
  std::vector<const kernels::KernelDef*> Candidates(const planner::Node& node, DType dtype) const;
  // kUnsupported naming the first node no provider has a kernel for at its
  // opset, whatever the dtype (an op a selective build left out).
  Status CheckOpsBuiltIn() const;
  Status RunDeferred(int n, Workspace& ws, kernels::RunContext& ctx) const;
  // Places tensors (placement_), copies the weights device nodes read to the
  // device and sizes the device memory of workspaces.
  Status SetUpDevice();
  Status Copy(const Workspace& ws, const TensorCopy& copy) const;
  Status RunNodes(Workspace& ws, kernels::RunContext& ctx, const std::atomic<bool>* terminate,
                  std::vector<NodeTiming>* timings) const;
  Status BindOnDevice(Workspace& ws, Span<const TensorView> inputs, const DeviceBinding* binding) const;
  Status FinishOnDevice(Workspace& ws, const DeviceBinding* binding, Status status) const;

  std::shared_ptr<const LoadedModel> model_;
  int graph_index_ = 0;
  std::vector<kernels::KernelLibrary> providers_;
  kernels::KernelLibrary reference_{};
  void* threadpool_ = nullptr;
  std::vector<int> order_;
  std::vector<int> bound_inputs_;  // graph().BoundInputs(), kept so Run need not build it.
  planner::ShapeInfo shapes_;
  planner::MemoryPlan memory_;
  size_t scratch_bytes_ = 0;
  bool uses_file_plan_ = false;
  // Subgraphs planned ahead, run in region `region` of this plan's arena
  // (memory_.region_offsets); every workspace starts with their instances.
  struct Preplanned {
    int graph = 0;
    std::vector<Dims> dims;
    std::shared_ptr<const ExecutionPlan> plan;
    size_t region = 0;
  };
  std::vector<planner::StepRegion> regions_;
  std::vector<Preplanned> preplanned_;
  // Device side (SetUpDevice): scratch of device nodes (scratch_bytes_ is
  // then the host nodes'), the weights on the device, and each graph
  // input's offset in a workspace's device input staging (-1: none).
  Placement placement_;
  size_t device_scratch_bytes_ = 0;
  DeviceBuffer device_weights_;
  uint64_t device_weight_bytes_ = 0;
  std::vector<int64_t> device_offsets_;  // Per tensor: in device_weights_ or in the input staging.
  uint64_t device_input_bytes_ = 0;
  // Per tensor: where a graph input bound on the device is copied for the
  // host nodes that read it (-1: none read it), in each workspace's
  // host_inputs.
  std::vector<int64_t> host_offsets_;
  uint64_t host_input_bytes_ = 0;
};

// A subgraph planned for one signature, with the workspace it runs in.
struct SubgraphInstance {
  std::shared_ptr<const ExecutionPlan> plan;
  std::unique_ptr<Workspace> workspace;
};

// The memory one run writes: the arena, scratch, and the tensor views bound to
// them. Built once per plan and reused by later runs (no allocation in Run
// for static graphs).
struct Workspace {
  AlignedBuffer arena;
  AlignedBuffer scratch;
  // Tensors whose shape only the run decides (dynamic), and sequences, freed
  // at the next run.
  std::vector<AlignedBuffer> dynamic_buffers;
  std::vector<std::unique_ptr<SequenceValue>> sequences;
  // Bytes of the strings kernels make. Shared with the workspaces of
  // subgraphs (whose string outputs flow into this graph) and cleared when
  // the main graph starts a run.
  std::shared_ptr<StringStore> strings = std::make_shared<StringStore>();
  std::vector<TensorView> views;  // One per graph tensor.
  std::vector<std::vector<const TensorView*>> node_inputs;
  std::vector<std::vector<TensorView*>> node_outputs;
  // Subgraphs of this graph's control-flow nodes, by (graph, input shapes).
  // A workspace serves one run at a time, so this needs no lock.
  std::map<std::pair<int, std::vector<Dims>>, SubgraphInstance> subgraphs;
  // A plan with device nodes: the device copies of tensors (a mirror of the
  // arena at the same offsets, the graph inputs device nodes read, the
  // plan's weights), device scratch, and the context runs enqueue on.
  DeviceContext device_context;
  DeviceBuffer device_arena;
  DeviceBuffer device_scratch;
  DeviceBuffer device_inputs;
  std::vector<TensorView> device_views;  // One per graph tensor; data nullptr where never on the device.
  AlignedBuffer host_inputs;             // Host copies of device-bound inputs that host nodes read.
  std::vector<uint8_t> bound_on_device;  // Per tensor, this run: the caller's device memory holds it.
  std::vector<std::pair<int, void*>> swapped;  // Device outputs written in place, and their arena pointers.
};

// RunContext::AllocateOutput for plans: the buffer lives in the workspace
// until its next run. For a view of dtype kSequence it creates an empty
// SequenceValue; for kOptionalNone it allocates nothing.
Status AllocateDynamic(void* workspace, size_t output, const Dims& dims, TensorView* view);

}  // namespace onyx::executor
