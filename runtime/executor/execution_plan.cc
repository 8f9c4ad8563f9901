#include "runtime/executor/execution_plan.h"

#include <algorithm>

namespace onyx::executor {

Result<std::unique_ptr<ExecutionPlan>> ExecutionPlan::Create(
    std::shared_ptr<const LoadedModel> model, const std::vector<kernels::KernelLibrary>& providers,
    const kernels::KernelLibrary& reference, const planner::InputSignature& inputs) {
  std::unique_ptr<ExecutionPlan> plan(new ExecutionPlan());
  plan->model_ = std::move(model);
  const planner::Graph& graph = plan->model_->graph();
  plan->order_ = plan->model_->file_plan().order;
  planner::KernelResolver resolve = [&](const planner::Node& node, DType dtype) -> const kernels::KernelDef* {
    for (const kernels::KernelLibrary& library : providers) {
      const kernels::KernelDef* def =
          kernels::FindKernel(library, node.info.domain, node.info.op_type, node.info.opset, dtype);
      if (def) return def;
    }
    return nullptr;
  };
  ASSIGN_OR_RETURN(plan->shapes_, planner::InferShapes(graph, plan->order_, resolve, reference, inputs));
  for (const planner::PreparedNode& n : plan->shapes_.nodes) {
    plan->scratch_bytes_ = std::max(plan->scratch_bytes_, n.scratch_bytes);
  }
  if (plan->FilePlanMatches()) {
    const FilePlan& file = plan->model_->file_plan();
    plan->memory_.offsets = file.offsets;
    plan->memory_.arena_size = file.arena_size;
    plan->uses_file_plan_ = true;
    ASSIGN_OR_RETURN(planner::MemoryPlan fresh, planner::PlanMemory(graph, plan->order_, plan->shapes_));
    plan->memory_.naive_size = fresh.naive_size;
  } else {
    ASSIGN_OR_RETURN(plan->memory_, planner::PlanMemory(graph, plan->order_, plan->shapes_));
  }
  return plan;
}

// The file's offsets serve when every arena tensor has the size it was
// planned with (the verifier already checked they lie inside the arena).
bool ExecutionPlan::FilePlanMatches() const {
  const FilePlan& file = model_->file_plan();
  const planner::Graph& graph = model_->graph();
  for (size_t t = 0; t < graph.tensors.size(); ++t) {
    if (graph.tensors[t].kind != planner::TensorKind::kIntermediate || !shapes_.values[t].present) continue;
    const kernels::ValueInfo& v = shapes_.values[t];
    uint64_t bytes = static_cast<uint64_t>(NumElements(v.dims)) * DTypeSize(v.dtype);
    if (file.offsets[t] < 0 || file.sizes[t] != bytes) return false;
  }
  return true;
}

Result<std::unique_ptr<Workspace>> ExecutionPlan::NewWorkspace() const {
  auto ws = std::make_unique<Workspace>();
  ASSIGN_OR_RETURN(ws->arena, AlignedBuffer::Allocate(memory_.arena_size));
  ASSIGN_OR_RETURN(ws->scratch, AlignedBuffer::Allocate(scratch_bytes_));
  const planner::Graph& graph = model_->graph();
  ws->views.resize(graph.tensors.size());
  for (size_t t = 0; t < graph.tensors.size(); ++t) {
    const kernels::ValueInfo& v = shapes_.values[t];
    TensorView& view = ws->views[t];
    view.dtype = v.dtype;
    view.dims = v.dims;
    if (graph.tensors[t].kind == planner::TensorKind::kWeight) {
      view.data = const_cast<void*>(graph.tensors[t].data);
    } else if (memory_.offsets[t] >= 0) {
      view.data = ws->arena.data() + memory_.offsets[t];
    }
  }
  ws->node_inputs.resize(graph.nodes.size());
  ws->node_outputs.resize(graph.nodes.size());
  for (size_t n = 0; n < graph.nodes.size(); ++n) {
    for (int t : graph.nodes[n].inputs) ws->node_inputs[n].push_back(t < 0 ? nullptr : &ws->views[t]);
    for (int t : graph.nodes[n].outputs) ws->node_outputs[n].push_back(t < 0 ? nullptr : &ws->views[t]);
  }
  return ws;
}

Status ExecutionPlan::Run(Workspace& ws, Span<const TensorView> inputs, const std::atomic<bool>* terminate) const {
  const planner::Graph& graph = model_->graph();
  RETURN_ERROR_IF(inputs.size() != graph.inputs.size(), StatusCode::kInternal, "expected ", graph.inputs.size(),
                  " inputs, got ", inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i) ws.views[graph.inputs[i]].data = inputs[i].data;
  kernels::RunContext ctx;
  ctx.scratch = ws.scratch.data();
  ctx.scratch_bytes = scratch_bytes_;
  for (int n : order_) {
    RETURN_ERROR_IF(terminate && terminate->load(std::memory_order_relaxed), StatusCode::kCancelled,
                    "run terminated before ", graph.nodes[n].info.Where(), " (RunOptions.terminate)");
    const planner::PreparedNode& prepared = shapes_.nodes[n];
    ctx.node = &graph.nodes[n].info;
    ctx.inputs = Span<const TensorView* const>(ws.node_inputs[n].data(), ws.node_inputs[n].size());
    ctx.outputs = Span<TensorView* const>(ws.node_outputs[n].data(), ws.node_outputs[n].size());
    ctx.state_ptr = prepared.state.get();
    Status status = prepared.kernel->run(ctx);
    if (!status.ok()) return status.WithContext(graph.nodes[n].info.Where());
  }
  return Status::Ok();
}

}  // namespace onyx::executor
