#include "runtime/executor/control_flow.h"

#include <utility>
#include <vector>

#include "runtime/executor/subgraph.h"

namespace onyx::executor {

Status RunIf(const SubgraphCall& call) {
  RETURN_ERROR_IF(call.node.inputs.empty() || call.node.inputs[0] < 0, StatusCode::kInvalidModel,
                  "If needs its condition input");
  ASSIGN_OR_RETURN(bool cond, ScalarBool(call.ws.views[call.node.inputs[0]], "condition"));
  ASSIGN_OR_RETURN(int g, GraphAttr(call, cond ? "then_branch" : "else_branch"));
  ASSIGN_OR_RETURN(std::vector<TensorView> outs, RunSubgraph(call, g, {}));
  RETURN_ERROR_IF(outs.size() != call.node.outputs.size(), StatusCode::kInvalidModel, "branch has ", outs.size(),
                  " outputs (expected ", call.node.outputs.size(), ")");
  for (size_t i = 0; i < outs.size(); ++i) RETURN_IF_ERROR(SetNodeOutput(call, i, outs[i]));
  return Status::Ok();
}

namespace {

// Per-iteration values of one scan output, stacked at the end.
struct Stack {
  DType dtype = DType::kUndefined;
  Dims item_dims;
  std::vector<uint8_t> bytes;
  int64_t count = 0;

  Status Append(const TensorView& v, const char* what) {
    if (count == 0) {
      dtype = v.dtype;
      item_dims = v.dims;
    }
    RETURN_ERROR_IF(v.dtype != dtype || v.dims != item_dims, StatusCode::kInvalidArgument, what, " #", count,
                    " has shape ", DimsToString(v.dims), " (expected ", DimsToString(item_dims),
                    " like the first iteration)");
    const uint8_t* p = static_cast<const uint8_t*>(v.data);
    bytes.insert(bytes.end(), p, p + v.nbytes());
    ++count;
    return Status::Ok();
  }
};

}  // namespace

Status RunLoop(const SubgraphCall& call) {
  const planner::Node& node = call.node;
  RETURN_ERROR_IF(node.inputs.size() < 2, StatusCode::kInvalidModel, "Loop needs M and cond inputs (may be empty)");
  ASSIGN_OR_RETURN(int body, GraphAttr(call, "body"));
  int64_t max_trips = -1;
  if (node.inputs[0] >= 0) {
    const TensorView& m = call.ws.views[node.inputs[0]];
    RETURN_ERROR_IF(m.dtype != DType::kInt64 || m.num_elements() != 1, StatusCode::kInvalidArgument,
                    "M must be an int64 tensor of one element (got ", DTypeName(m.dtype), " ", DimsToString(m.dims), ")");
    max_trips = *static_cast<const int64_t*>(m.data);
  }
  bool cond = true;
  if (node.inputs[1] >= 0) {
    ASSIGN_OR_RETURN(cond, ScalarBool(call.ws.views[node.inputs[1]], "cond"));
  }
  const size_t num_carried = node.inputs.size() - 2;
  // Loop-carried values may be tensors, sequences or empty optionals.
  std::vector<Value> carried;
  for (size_t j = 0; j < num_carried; ++j) {
    RETURN_ERROR_IF(node.inputs[2 + j] < 0, StatusCode::kInvalidModel, "loop-carried input #", j, " is missing");
    ASSIGN_OR_RETURN(Value v, Value::CopyOf(call.ws.views[node.inputs[2 + j]]));
    carried.push_back(std::move(v));
  }
  const planner::Graph& sub = call.parent.model().graph(body);
  RETURN_ERROR_IF(sub.outputs.size() < 1 + num_carried, StatusCode::kInvalidModel, "body has ", sub.outputs.size(),
                  " outputs (expected at least ", 1 + num_carried, ")");
  std::vector<Stack> scans(sub.outputs.size() - 1 - num_carried);
  HostTensor iteration = HostTensor::From<int64_t>({}, {0});
  HostTensor cond_in = HostTensor::Allocate(DType::kBool, {}).value();
  for (int64_t i = 0; (max_trips < 0 || i < max_trips) && cond; ++i) {
    RETURN_ERROR_IF(call.terminate && call.terminate->load(), StatusCode::kCancelled,
                    "run terminated in Loop iteration ", i, " (RunOptions.terminate)");
    *static_cast<int64_t*>(iteration.data()) = i;
    *static_cast<uint8_t*>(cond_in.data()) = cond ? 1 : 0;
    std::vector<TensorView> formal = {iteration.view(), cond_in.view()};
    for (const Value& c : carried) formal.push_back(c.view());
    ASSIGN_OR_RETURN(std::vector<TensorView> outs, RunSubgraph(call, body, formal));
    ASSIGN_OR_RETURN(cond, ScalarBool(outs[0], "body output cond"));
    for (size_t j = 0; j < num_carried; ++j) {
      ASSIGN_OR_RETURN(carried[j], Value::CopyOf(outs[1 + j]));
    }
    for (size_t k = 0; k < scans.size(); ++k) RETURN_IF_ERROR(scans[k].Append(outs[1 + num_carried + k], "scan output"));
  }
  for (size_t j = 0; j < num_carried; ++j) RETURN_IF_ERROR(SetNodeOutput(call, j, carried[j].view()));
  for (size_t k = 0; k < scans.size(); ++k) {
    Dims dims = {scans[k].count};
    const planner::TensorInfo& declared = sub.tensors[sub.outputs[1 + num_carried + k]];
    DType dtype = scans[k].count ? scans[k].dtype : declared.dtype;
    if (scans[k].count) dims.insert(dims.end(), scans[k].item_dims.begin(), scans[k].item_dims.end());
    RETURN_IF_ERROR(SetNodeOutput(call, num_carried + k, TensorView{dtype, dims, scans[k].bytes.data()}));
  }
  return Status::Ok();
}

// SequenceMap: runs the body once per item of the first input; other inputs
// are sequences of the same length (item i is passed) or tensors (passed
// whole). Each body output becomes a sequence.
Status RunSequenceMap(const SubgraphCall& call) {
  const planner::Node& node = call.node;
  ASSIGN_OR_RETURN(int body, GraphAttr(call, "body"));
  RETURN_ERROR_IF(node.inputs.empty() || node.inputs[0] < 0, StatusCode::kInvalidModel, "SequenceMap needs its input sequence");
  const TensorView& first = call.ws.views[node.inputs[0]];
  RETURN_ERROR_IF(first.dtype != DType::kSequence, StatusCode::kInvalidArgument, "input #0 must be a sequence (got ",
                  DTypeName(first.dtype), ")");
  const size_t length = AsSequence(first).items.size();
  std::vector<SequenceValue> results(node.outputs.size());
  for (size_t i = 0; i < length; ++i) {
    std::vector<TensorView> formal;
    for (size_t j = 0; j < node.inputs.size(); ++j) {
      const TensorView& in = call.ws.views[node.inputs[j]];
      if (in.dtype != DType::kSequence) {
        formal.push_back(in);
        continue;
      }
      const SequenceValue& seq = AsSequence(in);
      RETURN_ERROR_IF(seq.items.size() != length, StatusCode::kInvalidArgument, "input #", j, " holds ",
                      seq.items.size(), " items (expected ", length, " like input #0)");
      formal.push_back(seq.items[i].view());
    }
    ASSIGN_OR_RETURN(std::vector<TensorView> outs, RunSubgraph(call, body, formal));
    RETURN_ERROR_IF(outs.size() != results.size(), StatusCode::kInvalidModel, "body has ", outs.size(),
                    " outputs (expected ", results.size(), ")");
    for (size_t k = 0; k < outs.size(); ++k) {
      ASSIGN_OR_RETURN(HostTensor t, CopyTensor(outs[k]));
      results[k].elem_type = t.dtype();
      results[k].items.push_back(std::move(t));
    }
  }
  for (size_t k = 0; k < results.size(); ++k) {
    RETURN_IF_ERROR(SetNodeOutput(call, k, TensorView{DType::kSequence, {}, &results[k]}));
  }
  return Status::Ok();
}

// Subgraphs whose input shapes are known when `self` is planned: each is
// planned now and runs in a region of `self`'s arena (regions_, preplanned_;
// planner::SubgraphRegions says which and how large).
void PlanSubgraphsAhead(ExecutionPlan* self) {
  const LoadedModel& model = *self->model_;
  auto graph_at = [&model](int g) -> const planner::Graph& { return model.graph(g); };
  // Each planned call with its node; the region index is set once the
  // regions are known. (Every subgraph belongs to one node, so a node's
  // subgraphs run one at a time in its region: an If runs one branch, a
  // Loop or Scan its body.)
  std::vector<std::pair<int, ExecutionPlan::Preplanned>> planned;
  planner::SubgraphArena arena = [&](int node, int g, const planner::InputSignature& signature) -> Result<uint64_t> {
    ASSIGN_OR_RETURN(std::unique_ptr<ExecutionPlan> sub,
                     ExecutionPlan::Create(self->model_, g, self->providers_, self->reference_, signature, self->threadpool_));
    planned.emplace_back(node, ExecutionPlan::Preplanned{g, signature.dims, std::move(sub), 0});
    return planned.back().second.plan->arena_size();
  };
  self->regions_ = planner::SubgraphRegions(self->graph(), self->shapes_, graph_at, arena);
  for (auto& [node, p] : planned) {
    for (size_t r = 0; r < self->regions_.size(); ++r) {
      if (self->regions_[r].node != node) continue;
      p.region = r;
      self->preplanned_.push_back(std::move(p));
    }
  }
}

}  // namespace onyx::executor
