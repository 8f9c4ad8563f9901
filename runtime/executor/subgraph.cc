#include "runtime/executor/subgraph.h"

#include <cstring>
#include <string>

namespace onyx::executor {

Result<int> GraphAttr(const SubgraphCall& call, const char* name) {
  const kernels::Attribute* a = call.node.info.attrs.Find(name);
  RETURN_ERROR_IF(a == nullptr || a->type != kernels::AttrType::kGraph, StatusCode::kInvalidModel,
                  "attribute '", name, "' is missing or is not a graph");
  RETURN_ERROR_IF(a->graph < 1 || a->graph >= call.parent.model().num_graphs(), StatusCode::kInvalidModel,
                  "attribute '", name, "' names subgraph ", a->graph, " (the model has ",
                  call.parent.model().num_graphs(), " graphs)");
  return a->graph;
}

namespace {

// The value of the enclosing graph a capture named `name` binds to.
Result<TensorView> Capture(const SubgraphCall& call, const std::string& name) {
  const planner::Graph& graph = call.parent.graph();
  for (int t : call.node.implicit_inputs) {
    if (graph.tensors[t].name == name) return call.ws.views[t];
  }
  return MakeError(StatusCode::kInvalidModel, "subgraph reads '", name,
                   "', which the enclosing graph does not pass to it");
}

}  // namespace

Result<std::vector<TensorView>> RunSubgraph(const SubgraphCall& call, int g, const std::vector<TensorView>& formal) {
  const planner::Graph& sub = call.parent.model().graph(g);
  RETURN_ERROR_IF(formal.size() != sub.inputs.size(), StatusCode::kInvalidModel, "subgraph #", g, " takes ",
                  sub.inputs.size(), " inputs (got ", formal.size(), ")");
  std::vector<TensorView> bound = formal;
  for (int c : sub.captures) {
    ASSIGN_OR_RETURN(TensorView v, Capture(call, sub.tensors[c].name));
    bound.push_back(v);
  }
  planner::InputSignature signature;
  for (const TensorView& v : bound) {
    signature.dims.push_back(v.dims);
    signature.dtypes.push_back(v.dtype);
  }
  SubgraphInstance& instance = call.ws.subgraphs[{g, signature.dims}];
  if (!instance.plan) {
    Result<std::unique_ptr<ExecutionPlan>> plan = ExecutionPlan::Create(
        call.parent.shared_model(), g, call.parent.providers(), call.parent.reference(), signature,
        call.parent.threadpool());
    if (!plan.ok()) {
      call.ws.subgraphs.erase({g, signature.dims});
      return plan.status().WithContext(StrCat("subgraph #", g));
    }
    instance.plan = std::move(plan).value();
    ASSIGN_OR_RETURN(instance.workspace, instance.plan->NewWorkspace(nullptr, call.ws.strings));
  }
  Status status = instance.plan->Run(*instance.workspace, bound, call.terminate);
  if (!status.ok()) return status.WithContext(StrCat("subgraph #", g));
  std::vector<TensorView> outputs;
  for (int t : sub.outputs) outputs.push_back(instance.workspace->views[t]);
  return outputs;
}

Status SetNodeOutput(const SubgraphCall& call, size_t i, const TensorView& value) {
  if (i >= call.node.outputs.size() || call.node.outputs[i] < 0) return Status::Ok();
  TensorView& out = call.ws.views[call.node.outputs[i]];
  out.dtype = value.dtype;
  RETURN_IF_ERROR(AllocateDynamic(&call.ws, i, value.dims, &out));
  if (value.dtype == DType::kSequence) {
    *static_cast<SequenceValue*>(out.data) = AsSequence(value);  // Copies every item.
  } else if (value.nbytes()) {
    std::memcpy(out.data, value.data, value.nbytes());
  }
  return Status::Ok();
}

Result<HostTensor> CopyTensor(const TensorView& v) {
  RETURN_ERROR_IF(!IsTensorDType(v.dtype), StatusCode::kInvalidArgument, "expected a tensor (got a ",
                  DTypeName(v.dtype), ")");
  return HostTensor::CopyOf(v);
}

Result<bool> ScalarBool(const TensorView& v, const char* what) {
  RETURN_ERROR_IF(v.dtype != DType::kBool || v.num_elements() != 1, StatusCode::kInvalidArgument, what,
                  " must be a bool tensor of one element (got ", DTypeName(v.dtype), " ", DimsToString(v.dims), ")");
  return *static_cast<const uint8_t*>(v.data) != 0;
}

}  // namespace onyx::executor
