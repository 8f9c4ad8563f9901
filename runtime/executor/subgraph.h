#pragma once

// Running the subgraphs of a control-flow node (If, Loop, Scan): the pieces
// control_flow.cc and scan.cc share.

#include <atomic>
#include <vector>

#include "runtime/core/host_tensor.h"
#include "runtime/executor/execution_plan.h"

namespace onyx::executor {

// What a control-flow node needs to run its subgraphs.
struct SubgraphCall {
  const ExecutionPlan& parent;
  Workspace& ws;
  const planner::Node& node;
  const std::atomic<bool>* terminate;
};

// The subgraph index held by graph attribute `name` (checked).
Result<int> GraphAttr(const SubgraphCall& call, const char* name);

// Runs subgraph `g` with `formal` bound to its inputs and its captures bound
// by name to the node's implicit inputs. The subgraph is planned once per
// signature and cached in the parent workspace. The returned views live in
// the subgraph's workspace until the next run of the same instance.
Result<std::vector<TensorView>> RunSubgraph(const SubgraphCall& call, int g, const std::vector<TensorView>& formal);

// Writes `value` into the node's output `i` (a dynamic tensor of this run).
Status SetNodeOutput(const SubgraphCall& call, size_t i, const TensorView& value);

// A copy that outlives the subgraph run that produced `v`.
Result<HostTensor> CopyTensor(const TensorView& v);

// The value of a bool tensor of one element; kInvalidArgument naming `what`.
Result<bool> ScalarBool(const TensorView& v, const char* what);

}  // namespace onyx::executor
