#include "runtime/executor/execution_plan.h"

#include <algorithm>
#include <chrono>

#include "runtime/executor/control_flow.h"

namespace onyx::executor {
namespace {

// Bytes after the arena, scratch and dynamic buffers that kernels may read
// (never write): XNNPACK reads up to XNN_EXTRA_BYTES (16) past an input.
constexpr size_t kReadPadding = kTensorAlignment;

// Device placement (placement.h) is compiled out of CPU-only device builds
// (--define onyx_devices=off): the code that places and copies tensors is
// then unreachable and the linker drops it.
#ifdef ONYX_NO_DEVICES
constexpr bool kDeviceSupport = false;
#else
constexpr bool kDeviceSupport = true;
#endif

}  // namespace

Status AllocateDynamic(void* allocator, size_t, const Dims& dims, TensorView* view) {
  auto* ws = static_cast<Workspace*>(allocator);
  if (view->dtype == DType::kSequence) {
    ws->sequences.push_back(std::make_unique<SequenceValue>());
    view->dims.clear();
    view->data = ws->sequences.back().get();
    return Status::Ok();
  }
  if (view->dtype == DType::kOptionalNone) {
    view->dims.clear();
    view->data = nullptr;
    return Status::Ok();
  }
  ASSIGN_OR_RETURN(int64_t count, CheckedNumElements(dims));
  RETURN_ERROR_IF(count > (int64_t{1} << 48) / static_cast<int64_t>(std::max<size_t>(1, DTypeSize(view->dtype))),
                  StatusCode::kOutOfMemory, "output of shape ", DimsToString(dims), " is too large");
  ASSIGN_OR_RETURN(AlignedBuffer buffer,
                   AlignedBuffer::Allocate(static_cast<size_t>(count) * DTypeSize(view->dtype) + kReadPadding));
  view->dims = dims;
  view->data = buffer.data();
  ws->dynamic_buffers.push_back(std::move(buffer));
  return Status::Ok();
}

Result<std::unique_ptr<ExecutionPlan>> ExecutionPlan::Create(
    std::shared_ptr<const LoadedModel> model, int graph_index, const std::vector<kernels::KernelLibrary>& providers,
    const kernels::KernelLibrary& reference, const planner::InputSignature& inputs, void* threadpool) {
  std::unique_ptr<ExecutionPlan> plan(new ExecutionPlan());
  plan->model_ = std::move(model);
  plan->graph_index_ = graph_index;
  plan->providers_ = providers;
  // Subgraphs run on the host: their inputs come from the host-side control
  // flow, and their outputs go back through it.
  if (graph_index != 0) {
    plan->providers_.erase(std::remove_if(plan->providers_.begin(), plan->providers_.end(),
                                          [](const kernels::KernelLibrary& l) { return l.device != nullptr; }),
                           plan->providers_.end());
  }
  plan->reference_ = reference;
  plan->threadpool_ = threadpool;
  const planner::Graph& graph = plan->graph();
  plan->order_ = plan->model_->order(graph_index);
  plan->bound_inputs_ = graph.BoundInputs();
  RETURN_IF_ERROR(plan->CheckOpsBuiltIn());
  const ExecutionPlan* self = plan.get();
  planner::KernelCandidates candidates = [self](const planner::Node& node, DType dtype) {
    return self->Candidates(node, dtype);
  };
  ASSIGN_OR_RETURN(plan->shapes_,
                   planner::InferShapes(graph, plan->order_, candidates, reference, inputs, threadpool));
  // Subgraphs planned ahead inside this plan's arena (control_flow.h); a
  // build without control flow has no planner for them, nor code for it.
  if (const ControlFlowDef* any = AnyControlFlow()) any->plan_ahead(plan.get());
  // A plan of the file (the first, or a shape-bucket profile) serves when
  // every arena tensor has the size it was planned with; no planning then.
  for (const FilePlan& file : plan->model_->file_plans()) {
    if (graph_index != 0 || !plan->FilePlanMatches(file)) continue;
    plan->memory_.offsets = file.offsets;
    plan->memory_.arena_size = file.arena_size;
    plan->memory_.naive_size = file.naive_size;
    plan->memory_.lower_bound = file.lower_bound;
    plan->memory_.regions = file.regions;
    plan->memory_.region_offsets = file.region_offsets;
    plan->uses_file_plan_ = true;
    break;
  }
  if (!plan->uses_file_plan_) {
    planner::PlanOptions options;
    options.regions = plan->regions_;
    ASSIGN_OR_RETURN(plan->memory_, planner::PlanMemory(graph, plan->order_, plan->shapes_, options));
  }
  RETURN_IF_ERROR(plan->SetUpDevice());
  return plan;
}

Status ExecutionPlan::SetUpDevice() {
  const planner::Graph& graph = this->graph();
  if (!kDeviceSupport) {
    for (const kernels::KernelLibrary& library : providers_) {
      RETURN_ERROR_IF(library.device != nullptr, StatusCode::kUnsupported, "provider '", library.provider,
                      "' keeps tensors on a device, and this build of onyx has no device support "
                      "(--define onyx_devices=off)");
    }
    for (const planner::PreparedNode& n : shapes_.nodes) scratch_bytes_ = std::max(scratch_bytes_, n.scratch_bytes);
    return Status::Ok();
  }
  std::vector<const kernels::DeviceApi*> node_device(graph.nodes.size(), nullptr);
  for (size_t n = 0; n < graph.nodes.size(); ++n) {
    const kernels::KernelDef* def = shapes_.nodes[n].kernel;
    for (const kernels::KernelLibrary& library : providers_) {
      if (def != nullptr && def >= library.kernels.begin() && def < library.kernels.end()) node_device[n] = library.device;
    }
  }
  ASSIGN_OR_RETURN(placement_, PlaceTensors(graph, order_, node_device, shapes_));
  for (size_t n = 0; n < graph.nodes.size(); ++n) {
    size_t& scratch = placement_.node_on_device[n] ? device_scratch_bytes_ : scratch_bytes_;
    scratch = std::max(scratch, shapes_.nodes[n].scratch_bytes);
  }
  if (placement_.device == nullptr) return Status::Ok();
  // Weights go to the device once, in one buffer; graph inputs get offsets
  // in each workspace's staging buffer. Both keep every tensor 256-byte aligned.
  auto align = [](uint64_t n) { return (n + 255) / 256 * 256; };
  device_offsets_.assign(graph.tensors.size(), -1);
  for (size_t t = 0; t < graph.tensors.size(); ++t) {
    if (!placement_.on_device[t]) continue;
    const uint64_t bytes = static_cast<uint64_t>(NumElements(shapes_.values[t].dims)) * DTypeSize(shapes_.values[t].dtype);
    if (graph.tensors[t].kind == planner::TensorKind::kWeight) {
      device_offsets_[t] = static_cast<int64_t>(device_weight_bytes_);
      device_weight_bytes_ = align(device_weight_bytes_ + bytes);
    } else if (graph.tensors[t].kind != planner::TensorKind::kIntermediate) {
      device_offsets_[t] = static_cast<int64_t>(device_input_bytes_);
      device_input_bytes_ = align(device_input_bytes_ + bytes);
    }
  }
  host_offsets_.assign(graph.tensors.size(), -1);
  for (int t : bound_inputs_) {
    if (!placement_.read_on_host[t]) continue;
    host_offsets_[t] = static_cast<int64_t>(host_input_bytes_);
    const uint64_t bytes = static_cast<uint64_t>(NumElements(shapes_.values[t].dims)) * DTypeSize(shapes_.values[t].dtype);
    host_input_bytes_ = align(host_input_bytes_ + bytes);
  }
  ASSIGN_OR_RETURN(device_weights_, DeviceBuffer::Allocate(placement_.device, device_weight_bytes_));
  for (size_t t = 0; t < graph.tensors.size(); ++t) {
    if (graph.tensors[t].kind != planner::TensorKind::kWeight || device_offsets_[t] < 0) continue;
    const size_t bytes = static_cast<size_t>(NumElements(shapes_.values[t].dims)) * DTypeSize(shapes_.values[t].dtype);
    if (bytes == 0) continue;
    RETURN_IF_ERROR(placement_.device
                        ->copy_to_device(nullptr, device_weights_.data() + device_offsets_[t], graph.tensors[t].data,
                                         bytes)
                        .WithContext(StrCat("copying weight '", graph.tensors[t].name, "' to the device")));
  }
  return Status::Ok();
}

uint64_t ExecutionPlan::device_workspace_bytes() const {
  if (placement_.device == nullptr) return 0;
  return memory_.arena_size + device_scratch_bytes_ + device_input_bytes_;
}


std::vector<const kernels::KernelDef*> ExecutionPlan::Candidates(const planner::Node& node, DType dtype) const {
  return kernels::FindKernels(providers_, node.info.domain, node.info.op_type, node.info.opset, dtype);
}

Status ExecutionPlan::CheckOpsBuiltIn() const {
  for (const planner::Node& node : graph().nodes) {
    bool found = planner::IsControlFlow(node.info) && FindControlFlow(node.info) != nullptr;
    for (const kernels::KernelLibrary& library : providers_) {
      for (const kernels::KernelDef& def : library.kernels) {
        if (node.info.op_type == def.op_type && node.info.domain == def.domain &&
            node.info.opset >= def.since_version && node.info.opset <= def.until_version) {
          found = true;
          break;
        }
      }
      if (found) break;
    }
    RETURN_ERROR_IF(!found, StatusCode::kUnsupported, node.info.Where(),
                    ": this build of onyx has no kernel for the op at this opset (a selective build keeps only "
                    "the ops of its ops config: onyx-convert --emit-ops)");
  }
  return Status::Ok();
}

// The file's offsets serve when every arena tensor has the size it was
// planned with (the verifier already checked they lie inside the arena).
bool ExecutionPlan::FilePlanMatches(const FilePlan& file) const {
  const planner::Graph& graph = model_->graph();
  if (file.offsets.size() != graph.tensors.size()) return false;
  if (file.regions.size() != regions_.size()) return false;
  for (size_t r = 0; r < regions_.size(); ++r) {
    if (file.regions[r].node != regions_[r].node || file.regions[r].bytes != regions_[r].bytes) return false;
  }
  for (size_t t = 0; t < graph.tensors.size(); ++t) {
    const kernels::ValueInfo& v = shapes_.values[t];
    if (graph.tensors[t].kind != planner::TensorKind::kIntermediate || !v.present || v.dynamic) continue;
    uint64_t bytes = static_cast<uint64_t>(NumElements(v.dims)) * DTypeSize(v.dtype);
    if (file.offsets[t] < 0 || file.sizes[t] != bytes) return false;
  }
  return true;
}

const char* ExecutionPlan::provider_of(int n) const {
  const kernels::KernelDef* def = shapes_.nodes[n].kernel;
  for (const kernels::KernelLibrary& library : providers_) {
    if (def != nullptr && def >= library.kernels.begin() && def < library.kernels.end()) return library.provider;
  }
  return providers_.empty() ? "" : providers_.back().provider;
}

Result<std::unique_ptr<Workspace>> ExecutionPlan::NewWorkspace(uint8_t* borrowed_arena,
                                                              std::shared_ptr<StringStore> strings) const {
  auto ws = std::make_unique<Workspace>();
  if (strings) ws->strings = std::move(strings);
  uint8_t* arena = borrowed_arena;
  if (arena == nullptr) {
    ASSIGN_OR_RETURN(ws->arena, AlignedBuffer::Allocate(memory_.arena_size + kReadPadding));
    arena = ws->arena.data();
  }
  ASSIGN_OR_RETURN(ws->scratch, AlignedBuffer::Allocate(scratch_bytes_ + kReadPadding));
  const planner::Graph& graph = this->graph();
  ws->views.resize(graph.tensors.size());
  for (size_t t = 0; t < graph.tensors.size(); ++t) {
    const kernels::ValueInfo& v = shapes_.values[t];
    TensorView& view = ws->views[t];
    view.dtype = v.dtype;
    view.dims = v.dims;
    if (graph.tensors[t].kind == planner::TensorKind::kWeight) {
      view.data = const_cast<void*>(graph.tensors[t].data);
    } else if (memory_.offsets[t] >= 0) {
      view.data = arena + memory_.offsets[t];
    }
  }
  if (kDeviceSupport && placement_.device != nullptr) {
    const kernels::DeviceApi* device = placement_.device;
    ASSIGN_OR_RETURN(ws->device_context, DeviceContext::Create(device));
    ASSIGN_OR_RETURN(ws->device_arena, DeviceBuffer::Allocate(device, memory_.arena_size));
    ASSIGN_OR_RETURN(ws->device_scratch, DeviceBuffer::Allocate(device, device_scratch_bytes_));
    ASSIGN_OR_RETURN(ws->device_inputs, DeviceBuffer::Allocate(device, device_input_bytes_));
    ASSIGN_OR_RETURN(ws->host_inputs, AlignedBuffer::Allocate(host_input_bytes_));
    ws->bound_on_device.assign(graph.tensors.size(), 0);
    ws->swapped.reserve(graph.outputs.size());
    ws->device_views = ws->views;
    for (size_t t = 0; t < graph.tensors.size(); ++t) {
      TensorView& view = ws->device_views[t];
      view.data = nullptr;
      if (!placement_.on_device[t]) continue;
      if (graph.tensors[t].kind == planner::TensorKind::kWeight) {
        view.data = device_weights_.data() + device_offsets_[t];
      } else if (graph.tensors[t].kind == planner::TensorKind::kIntermediate) {
        view.data = ws->device_arena.data() + memory_.offsets[t];
      } else {
        view.data = ws->device_inputs.data() + device_offsets_[t];
      }
    }
  }
  ws->node_inputs.resize(graph.nodes.size());
  ws->node_outputs.resize(graph.nodes.size());
  for (size_t n = 0; n < graph.nodes.size(); ++n) {
    std::vector<TensorView>& views =
        kDeviceSupport && placement_.device && placement_.node_on_device[n] ? ws->device_views : ws->views;
    for (int t : graph.nodes[n].inputs) ws->node_inputs[n].push_back(t < 0 ? nullptr : &views[t]);
    for (int t : graph.nodes[n].outputs) ws->node_outputs[n].push_back(t < 0 ? nullptr : &views[t]);
  }
  for (const Preplanned& p : preplanned_) {
    SubgraphInstance& instance = ws->subgraphs[{p.graph, p.dims}];
    instance.plan = p.plan;
    ASSIGN_OR_RETURN(instance.workspace, p.plan->NewWorkspace(arena + memory_.region_offsets[p.region], ws->strings));
  }
  return ws;
}

Status ExecutionPlan::Run(Workspace& ws, Span<const TensorView> inputs, const std::atomic<bool>* terminate,
                          std::vector<NodeTiming>* timings, const DeviceBinding* device_binding) const {
  const std::vector<int>& bound = bound_inputs_;
  RETURN_ERROR_IF(inputs.size() != bound.size(), StatusCode::kInternal, "expected ", bound.size(), " inputs, got ",
                  inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i) {
    // A sequence or optional input brings its own kind and shape each run.
    if (shapes_.values[bound[i]].dynamic) ws.views[bound[i]] = inputs[i];
    ws.views[bound[i]].data = inputs[i].data;
  }
  ws.dynamic_buffers.clear();
  ws.sequences.clear();
  if (graph_index_ == 0) ws.strings->Clear();
  kernels::RunContext ctx;
  ctx.strings = ws.strings.get();
  ctx.scratch = ws.scratch.data();
  ctx.scratch_bytes = scratch_bytes_;
  ctx.allocate_output = AllocateDynamic;
  ctx.allocator = &ws;
  ctx.threadpool = threadpool_;
  if (!kDeviceSupport || placement_.device == nullptr) {
    RETURN_ERROR_IF(device_binding != nullptr && !device_binding->empty(), StatusCode::kInvalidArgument,
                    "inputs or outputs are bound to device memory, but no node of this session runs on a device "
                    "(providers: ", providers_.front().provider, ", ...)");
    return RunNodes(ws, ctx, terminate, timings);
  }
  // With device nodes: whatever fails, nothing enqueued may still be
  // running when the workspace goes back to the pool.
  ctx.device_context = ws.device_context.get();
  Status status = BindOnDevice(ws, inputs, device_binding);
  if (status.ok()) status = RunNodes(ws, ctx, terminate, timings);
  return FinishOnDevice(ws, device_binding, std::move(status));
}

// Inputs in the caller's device memory are read there (and copied to the
// host only for host nodes); outputs the caller wants in device memory are
// written there by the device node that makes them.
Status ExecutionPlan::BindOnDevice(Workspace& ws, Span<const TensorView> inputs, const DeviceBinding* binding) const {
  const planner::Graph& graph = this->graph();
  for (size_t i = 0; i < inputs.size(); ++i) {
    const int t = bound_inputs_[i];
    ws.bound_on_device[t] = 0;
    if (device_offsets_[t] >= 0) ws.device_views[t].data = ws.device_inputs.data() + device_offsets_[t];
  }
  ws.swapped.clear();
  if (binding == nullptr) return Status::Ok();
  void* context = ws.device_context.get();
  for (size_t i = 0; i < inputs.size() && i < binding->inputs.size(); ++i) {
    if (!binding->inputs[i]) continue;
    const int t = bound_inputs_[i];
    ws.bound_on_device[t] = 1;
    ws.device_views[t].data = inputs[i].data;
    if (host_offsets_[t] < 0) {
      ws.views[t].data = nullptr;
      continue;
    }
    uint8_t* host = ws.host_inputs.data() + host_offsets_[t];
    RETURN_IF_ERROR(placement_.device->copy_to_host(context, host, inputs[i].data, ws.views[t].nbytes())
                        .WithContext(StrCat("copying input '", graph.tensors[t].name, "' to the host")));
    ws.views[t].data = host;
  }
  for (const auto& [t, ptr] : binding->outputs) {
    ws.bound_on_device[t] = 1;
    if (placement_.made_on_device[t] && memory_.offsets[t] >= 0) {
      ws.swapped.emplace_back(t, ws.device_views[t].data);
      ws.device_views[t].data = ptr;
    }
  }
  return Status::Ok();
}

// The end of a device run: outputs to the host (or to the caller's device
// memory when made on the host), then a wait for the stream, whatever
// happened before.
Status ExecutionPlan::FinishOnDevice(Workspace& ws, const DeviceBinding* binding, Status status) const {
  for (size_t i = 0; i < placement_.at_end.size() && status.ok(); ++i) {
    if (!ws.bound_on_device[placement_.at_end[i].tensor]) status = Copy(ws, placement_.at_end[i]);
  }
  if (binding != nullptr) {
    for (const auto& [t, ptr] : binding->outputs) {
      if (!status.ok()) break;
      bool in_place = false;
      for (const auto& s : ws.swapped) in_place = in_place || s.first == t;
      if (in_place || ws.views[t].nbytes() == 0) continue;
      status = placement_.device->copy_to_device(ws.device_context.get(), ptr, ws.views[t].data, ws.views[t].nbytes())
                   .WithContext(StrCat("copying output '", graph().tensors[t].name, "' to the device"));
    }
  }
  Status synced = placement_.device->synchronize(ws.device_context.get());
  if (status.ok() && !synced.ok()) status = synced.WithContext(StrCat("device '", placement_.device->name, "'"));
  for (const auto& [t, arena] : ws.swapped) ws.device_views[t].data = arena;
  ws.swapped.clear();
  return status;
}

Status ExecutionPlan::Copy(const Workspace& ws, const TensorCopy& copy) const {
  if (copy.to_device && ws.bound_on_device[copy.tensor]) return Status::Ok();  // The caller put it there.
  const TensorView& host = ws.views[copy.tensor];
  const TensorView& device = ws.device_views[copy.tensor];
  const size_t bytes = host.nbytes();
  if (bytes == 0) return Status::Ok();
  void* context = ws.device_context.get();
  Status status = copy.to_device ? placement_.device->copy_to_device(context, device.data, host.data, bytes)
                                 : placement_.device->copy_to_host(context, host.data, device.data, bytes);
  return status.WithContext(StrCat("copying '", graph().tensors[copy.tensor].name, "' ",
                                   copy.to_device ? "to" : "from", " device '", placement_.device->name, "'"));
}

Status ExecutionPlan::RunNodes(Workspace& ws, kernels::RunContext& ctx, const std::atomic<bool>* terminate,
                               std::vector<NodeTiming>* timings) const {
  const planner::Graph& graph = this->graph();
  for (size_t step = 0; step < order_.size(); ++step) {
    const int n = order_[step];
    RETURN_ERROR_IF(terminate && terminate->load(std::memory_order_relaxed), StatusCode::kCancelled,
                    "run terminated before ", graph.nodes[n].info.Where(), " (RunOptions.terminate)");
    if (kDeviceSupport && placement_.device != nullptr) {
      for (const TensorCopy& copy : placement_.before[step]) {
        Status copied = Copy(ws, copy);
        if (!copied.ok()) return copied.WithContext(graph.nodes[n].info.Where());
      }
    }
    ctx.node = &graph.nodes[n].info;
    ctx.inputs = Span<const TensorView* const>(ws.node_inputs[n].data(), ws.node_inputs[n].size());
    ctx.outputs = Span<TensorView* const>(ws.node_outputs[n].data(), ws.node_outputs[n].size());
    const planner::PreparedNode& prepared = shapes_.nodes[n];
    const auto start = timings ? std::chrono::steady_clock::now() : std::chrono::steady_clock::time_point();
    Status status;
    if (planner::IsControlFlow(graph.nodes[n].info)) {
      status = RunControlFlow(*this, n, ws, terminate);
    } else if (prepared.deferred) {
      status = RunDeferred(n, ws, ctx);
    } else if (kDeviceSupport && placement_.device != nullptr && placement_.node_on_device[n]) {
      ctx.state_ptr = prepared.state.get();
      ctx.scratch = ws.device_scratch.data();
      ctx.scratch_bytes = device_scratch_bytes_;
      status = prepared.kernel->run(ctx);
    } else {
      ctx.state_ptr = prepared.state.get();
      ctx.scratch = ws.scratch.data();
      ctx.scratch_bytes = scratch_bytes_;
      status = prepared.kernel->run(ctx);
    }
    if (!status.ok()) return status.WithContext(graph.nodes[n].info.Where());
    if (timings) {
      const auto end = std::chrono::steady_clock::now();
      auto ns = [](std::chrono::steady_clock::time_point t) {
        return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
      };
      timings->push_back(NodeTiming{n, ns(start), ns(end) - ns(start)});
    }
  }
  return Status::Ok();
}

// A node whose shapes the data decides: prepared now, with every input's
// real shape and value, and its outputs allocated for this run.
Status ExecutionPlan::RunDeferred(int n, Workspace& ws, kernels::RunContext& ctx) const {
  const planner::Node& node = graph().nodes[n];
  std::vector<kernels::ValueInfo> inputs;
  DType first = DType::kUndefined;
  for (int t : node.inputs) {
    kernels::ValueInfo v;
    if (t >= 0) {
      const TensorView& view = ws.views[t];
      v = kernels::ValueInfo{graph().tensors[t].name, true, view.dtype, view.dims, view.data, false};
      if (first == DType::kUndefined) first = view.dtype;
    }
    inputs.push_back(std::move(v));
  }
  // Deferred nodes run on the host: their tensors live in host buffers made
  // during the run.
  std::vector<const kernels::KernelDef*> candidates = Candidates(node, first);
  if (kDeviceSupport && placement_.device != nullptr) {
    candidates.erase(std::remove_if(candidates.begin(), candidates.end(),
                                    [this](const kernels::KernelDef* def) {
                                      for (const kernels::KernelLibrary& l : providers_) {
                                        if (def >= l.kernels.begin() && def < l.kernels.end()) return l.device != nullptr;
                                      }
                                      return false;
                                    }),
                     candidates.end());
  }
  RETURN_ERROR_IF(candidates.empty(), StatusCode::kUnsupported, "no kernel for input dtype ", DTypeName(first));
  std::unique_ptr<kernels::PrepareContext> prepare_ptr;
  ASSIGN_OR_RETURN(const kernels::KernelDef* def,
                   planner::PrepareWithFallback(node, candidates, inputs, threadpool_, &prepare_ptr));
  kernels::PrepareContext& prepare = *prepare_ptr;
  for (size_t i = 0; i < node.outputs.size(); ++i) {
    if (node.outputs[i] < 0) continue;
    TensorView& view = ws.views[node.outputs[i]];
    view.dtype = prepare.output(i).dtype;
    view.data = nullptr;
    if (!prepare.output(i).dynamic) RETURN_IF_ERROR(AllocateDynamic(&ws, i, prepare.output(i).dims, &view));
  }
  kernels::KernelState state = prepare.TakeState();
  ASSIGN_OR_RETURN(AlignedBuffer scratch, AlignedBuffer::Allocate(prepare.scratch_bytes()));
  ctx.state_ptr = state.get();
  ctx.scratch = scratch.data();
  ctx.scratch_bytes = prepare.scratch_bytes();
  return def->run(ctx);
}

}  // namespace onyx::executor
