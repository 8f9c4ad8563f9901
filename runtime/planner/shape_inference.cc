#include "runtime/planner/shape_inference.h"

#include <cstring>

#include "runtime/core/value.h"

namespace onyx::planner {
namespace {

using kernels::PrepareContext;
using kernels::ValueInfo;

// Largest output (in elements) the planner evaluates ahead of time.
constexpr int64_t kMaxEvaluatedElements = 4096;

Result<ValueInfo> InputValue(const Graph& graph, int t, const InputSignature& signature) {
  const TensorInfo& tensor = graph.tensors[t];
  ValueInfo v;
  v.name = tensor.name;
  v.present = tensor.kind != TensorKind::kAbsent;
  v.dtype = tensor.dtype;
  v.dims = tensor.dims;
  if (tensor.kind == TensorKind::kWeight) v.data = tensor.data;
  if (tensor.kind != TensorKind::kInput && tensor.kind != TensorKind::kCapture) return v;
  bool given = false;
  const std::vector<int> bound = graph.BoundInputs();
  for (size_t i = 0; i < bound.size(); ++i) {
    if (bound[i] != t) continue;
    if (i < signature.dims.size()) {
      v.dims = signature.dims[i];
      given = true;
    }
    if (i < signature.dtypes.size() && signature.dtypes[i] != DType::kUndefined) v.dtype = signature.dtypes[i];
  }
  if (tensor.value_type != ValueType::kTensor || !IsTensorDType(v.dtype)) {
    // Sequences and optionals: what they hold is only known at run time.
    if (tensor.value_type == ValueType::kSequence && IsTensorDType(v.dtype)) v.dtype = DType::kSequence;
    v.dims.clear();
    v.dynamic = true;
    return v;
  }
  for (int64_t d : v.dims) {
    RETURN_ERROR_IF(d < 0, StatusCode::kInvalidArgument, "input '", tensor.name, "' has shape ",
                    DimsToString(v.dims), " with unknown dimensions: give them (--input-shape ", tensor.name,
                    ":...) or feed a concrete shape");
  }
  RETURN_ERROR_IF(!tensor.has_shape && !given, StatusCode::kInvalidArgument,
                  "input '", tensor.name, "' has no declared shape: give one with --input-shape");
  return v;
}

// Runs `node` with the reference kernel on its known inputs and records the
// outputs' values, so later Prepare calls can read them.
Status Evaluate(const Node& node, const kernels::KernelLibrary& reference, ShapeInfo& info) {
  std::vector<ValueInfo> inputs;
  for (int t : node.inputs) inputs.push_back(t < 0 ? ValueInfo{} : info.values[t]);
  Result<std::vector<EvaluatedValue>> outputs = EvaluateNode(node, inputs, reference);
  if (outputs.status().code() == StatusCode::kNotFound) return Status::Ok();  // Shapes are still known.
  RETURN_IF_ERROR(outputs.status());
  for (size_t i = 0; i < node.outputs.size(); ++i) {
    if (node.outputs[i] < 0) continue;
    info.values[node.outputs[i]].data = (*outputs)[i].bytes.data();
    info.known_values.push_back(std::move((*outputs)[i].bytes));
  }
  return Status::Ok();
}

bool ShouldEvaluate(const Node& node, const ShapeInfo& info) {
  if (IsNondeterministic(node.info)) return false;
  for (int t : node.outputs) {
    if (t >= 0 && info.values[t].dynamic) return false;
  }
  bool has_input = false;
  for (int t : node.inputs) {
    if (t < 0) continue;
    has_input = true;
    // Shape and Size read only their input's shape, which is known here.
    const bool shape_only = node.info.op_type == "Shape" || node.info.op_type == "Size";
    if (info.values[t].data == nullptr && !shape_only) return false;
  }
  if (!has_input && node.info.op_type != "Constant") return false;
  for (int t : node.outputs) {
    if (t < 0) continue;
    const ValueInfo& v = info.values[t];
    // Strings are never needed to plan, and their bytes would need a store.
    if (DTypeSize(v.dtype) == 0 || v.dtype == DType::kString || NumElements(v.dims) > kMaxEvaluatedElements) {
      return false;
    }
  }
  return true;
}

// Marks `node` deferred: prepared at run time, its outputs dynamic.
void Defer(const Node& node, PreparedNode& prepared, ShapeInfo& info) {
  prepared.deferred = true;
  for (int t : node.outputs) {
    if (t < 0) continue;
    info.values[t].present = true;
    info.values[t].dynamic = true;
    info.values[t].dims.clear();
  }
}

Status PrepareNode(const Graph& graph, int n, const KernelCandidates& candidates, void* threadpool,
                   ShapeInfo& info) {
  const Node& node = graph.nodes[n];
  if (IsControlFlow(node.info)) {
    // The executor runs it; what its subgraphs produce is known at run time.
    Defer(node, info.nodes[n], info);
    return Status::Ok();
  }
  for (int t : node.inputs) {
    if (t >= 0 && info.values[t].dynamic) {
      Defer(node, info.nodes[n], info);
      return Status::Ok();
    }
  }
  std::vector<ValueInfo> inputs;
  DType first = DType::kUndefined;
  for (int t : node.inputs) {
    if (t >= 0 && first == DType::kUndefined) first = info.values[t].dtype;
    inputs.push_back(t < 0 ? ValueInfo{} : info.values[t]);
  }
  const std::vector<const kernels::KernelDef*> kernels = candidates(node, first);
  RETURN_ERROR_IF(kernels.empty(), StatusCode::kUnsupported, node.info.Where(), ": no kernel for input dtype ",
                  DTypeName(first));
  std::unique_ptr<PrepareContext> ctx_ptr;
  Result<const kernels::KernelDef*> def = PrepareWithFallback(node, kernels, inputs, threadpool, &ctx_ptr);
  if (def.status().code() == StatusCode::kFailedPrecondition) {
    Defer(node, info.nodes[n], info);  // Needs a value known only at run time.
    return Status::Ok();
  }
  if (!def.ok()) return def.status().WithContext(node.info.Where());
  PrepareContext& ctx = *ctx_ptr;
  for (size_t i = 0; i < node.outputs.size(); ++i) {
    int t = node.outputs[i];
    if (t < 0) continue;
    const ValueInfo& o = ctx.output(i);
    if (o.dynamic) {
      info.values[t].present = true;
      info.values[t].dynamic = true;
      info.values[t].dtype = o.dtype;
      continue;
    }
    RETURN_ERROR_IF(o.dtype == DType::kUndefined, StatusCode::kInternal, node.info.Where(),
                    ": kernel did not set the dtype of output '", graph.tensors[t].name, "'");
    Result<int64_t> count = CheckedNumElements(o.dims);
    if (!count.ok()) return count.status().WithContext(StrCat(node.info.Where(), ": output '", graph.tensors[t].name, "'"));
    ValueInfo& v = info.values[t];
    v.present = true;
    v.dtype = o.dtype;
    v.dims = o.dims;
  }
  PreparedNode& prepared = info.nodes[n];
  prepared.kernel = def.value();
  prepared.state = ctx.TakeState();
  prepared.scratch_bytes = ctx.scratch_bytes();
  prepared.unread_inputs = ctx.unread_inputs();
  return Status::Ok();
}

}  // namespace

Result<const kernels::KernelDef*> PrepareWithFallback(const Node& node,
                                                      const std::vector<const kernels::KernelDef*>& candidates,
                                                      const std::vector<ValueInfo>& inputs, void* threadpool,
                                                      std::unique_ptr<PrepareContext>* ctx) {
  ctx->reset();
  RETURN_ERROR_IF(candidates.empty(), StatusCode::kNotFound, node.info.Where(), ": no kernel");
  for (size_t c = 0;; ++c) {
    *ctx = std::make_unique<PrepareContext>(node.info, inputs, node.outputs.size());
    (*ctx)->set_threadpool(threadpool);
    for (size_t i = 0; i < node.outputs.size(); ++i) {
      if (node.outputs[i] < 0) (*ctx)->MarkOutputAbsent(i);
    }
    Status status = candidates[c]->prepare(**ctx);
    if (status.ok()) return candidates[c];
    // kUnsupported: this provider declines the node; the next one may take it.
    if (status.code() != StatusCode::kUnsupported || c + 1 == candidates.size()) return status;
  }
}

bool IsNondeterministic(const kernels::NodeInfo& node) {
  const std::string& op = node.op_type;
  return op.rfind("Random", 0) == 0 || op == "Multinomial" || op == "Bernoulli" || op == "Dropout";
}

Result<std::vector<EvaluatedValue>> EvaluateNode(const Node& node, const std::vector<ValueInfo>& inputs,
                                                 const kernels::KernelLibrary& reference, size_t max_output_bytes) {
  std::vector<TensorView> in_views;
  for (const ValueInfo& v : inputs) in_views.push_back(TensorView{v.dtype, v.dims, const_cast<void*>(v.data)});
  DType first = inputs.empty() ? DType::kUndefined : inputs[0].dtype;
  const kernels::KernelDef* def =
      kernels::FindKernel(reference, node.info.domain, node.info.op_type, node.info.opset, first);
  RETURN_ERROR_IF(def == nullptr, StatusCode::kNotFound, node.info.Where(), ": no reference kernel for input dtype ",
                  DTypeName(first));
  PrepareContext ctx(node.info, inputs, node.outputs.size());
  for (size_t i = 0; i < node.outputs.size(); ++i) {
    if (node.outputs[i] < 0) ctx.MarkOutputAbsent(i);
  }
  RETURN_IF_ERROR(def->prepare(ctx));
  size_t total = 0;
  for (size_t i = 0; i < node.outputs.size(); ++i) {
    if (node.outputs[i] < 0) continue;
    const ValueInfo& o = ctx.output(i);
    RETURN_ERROR_IF(o.dynamic || o.dtype == DType::kString || DTypeSize(o.dtype) == 0,
                    StatusCode::kUnsupported, node.info.Where(), ": output ", i,
                    " has a data-dependent shape or is not a tensor of fixed-size elements");
    ASSIGN_OR_RETURN(int64_t count, CheckedNumElements(o.dims));
    total += static_cast<size_t>(count) * DTypeSize(o.dtype);
  }
  RETURN_ERROR_IF(total > max_output_bytes, StatusCode::kFailedPrecondition, node.info.Where(), ": outputs take ",
                  total, " bytes (limit ", max_output_bytes, ")");
  kernels::KernelState state = ctx.TakeState();
  ASSIGN_OR_RETURN(AlignedBuffer scratch, AlignedBuffer::Allocate(ctx.scratch_bytes()));
  std::vector<const TensorView*> in_ptrs;
  for (size_t i = 0; i < in_views.size(); ++i) in_ptrs.push_back(inputs[i].present ? &in_views[i] : nullptr);
  std::vector<TensorView> out_views(node.outputs.size());
  std::vector<TensorView*> out_ptrs;
  std::vector<EvaluatedValue> outputs(node.outputs.size());
  for (size_t i = 0; i < node.outputs.size(); ++i) {
    const ValueInfo& o = ctx.output(i);
    outputs[i].value = o;
    if (node.outputs[i] < 0) {
      outputs[i].value.present = false;
      out_ptrs.push_back(nullptr);
      continue;
    }
    ASSIGN_OR_RETURN(outputs[i].bytes, AlignedBuffer::Allocate(NumElements(o.dims) * DTypeSize(o.dtype)));
    outputs[i].value.data = outputs[i].bytes.data();
    out_views[i] = TensorView{o.dtype, o.dims, outputs[i].bytes.data()};
    out_ptrs.push_back(&out_views[i]);
  }
  kernels::RunContext run;
  run.node = &node.info;
  run.inputs = Span<const TensorView* const>(in_ptrs.data(), in_ptrs.size());
  run.outputs = Span<TensorView* const>(out_ptrs.data(), out_ptrs.size());
  run.state_ptr = state.get();
  run.scratch = scratch.data();
  run.scratch_bytes = ctx.scratch_bytes();
  RETURN_IF_ERROR(def->run(run));
  return outputs;
}

Result<ShapeInfo> InferShapes(const Graph& graph, Span<const int> order, const KernelResolver& resolve,
                              const kernels::KernelLibrary& reference, const InputSignature& inputs) {
  KernelCandidates candidates = [&resolve](const Node& node, DType dtype) {
    const kernels::KernelDef* def = resolve(node, dtype);
    return def ? std::vector<const kernels::KernelDef*>{def} : std::vector<const kernels::KernelDef*>{};
  };
  return InferShapes(graph, order, candidates, reference, inputs, nullptr);
}

Result<ShapeInfo> InferShapes(const Graph& graph, Span<const int> order, const KernelCandidates& candidates,
                              const kernels::KernelLibrary& reference, const InputSignature& inputs,
                              void* threadpool) {
  ShapeInfo info;
  info.values.resize(graph.tensors.size());
  info.nodes.resize(graph.nodes.size());
  for (size_t t = 0; t < graph.tensors.size(); ++t) {
    const TensorInfo& tensor = graph.tensors[t];
    if (tensor.kind == TensorKind::kIntermediate) {
      info.values[t].name = tensor.name;
      continue;
    }
    ASSIGN_OR_RETURN(info.values[t], InputValue(graph, static_cast<int>(t), inputs));
  }
  for (int n : order) {
    RETURN_IF_ERROR(PrepareNode(graph, n, candidates, threadpool, info));
    if (!info.nodes[n].deferred && ShouldEvaluate(graph.nodes[n], info)) {
      Status status = Evaluate(graph.nodes[n], reference, info);
      if (!status.ok()) return status.WithContext(graph.nodes[n].info.Where());
    }
  }
  for (int t : graph.outputs) {
    RETURN_ERROR_IF(!info.values[t].present, StatusCode::kInvalidModel, "graph output '", graph.tensors[t].name,
                    "' is never produced");
  }
  return info;
}

}  // namespace onyx::planner
