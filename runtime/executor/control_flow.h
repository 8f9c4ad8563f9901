#pragma once

// If, Loop, Scan and SequenceMap: the executor runs their subgraphs itself.
// Each subgraph is planned once per input signature and cached in the
// parent's workspace; values it reads from enclosing graphs (captures) are
// bound by name to the node's implicit inputs. Outputs are dynamic tensors
// of the parent run.
//
// control_flow_registry.cc lists them in the shape of a kernel table, so
// that a selective build (kernels/BUILD) keeps only those its ops config
// names, and leaves the rest of this code out of the link.

#include <atomic>

#include "runtime/executor/execution_plan.h"

namespace onyx::executor {

struct SubgraphCall;

struct ControlFlowDef {
  const char* domain;
  const char* op_type;
  int since_version;
  int until_version;
  Status (*run)(const SubgraphCall& call);
  // Plans a graph's subgraphs ahead, inside its arena (PlanSubgraphsAhead,
  // the same in every row): reached through the table so that a build
  // without control flow links none of it.
  void (*plan_ahead)(ExecutionPlan* plan);
};

// The control-flow op `node` is, if this build has it; nullptr otherwise.
const ControlFlowDef* FindControlFlow(const kernels::NodeInfo& node);
// A row of the table, or nullptr in a build without control flow.
const ControlFlowDef* AnyControlFlow();

// ExecutionPlan::Create's step for graphs with control flow (control_flow.cc).
void PlanSubgraphsAhead(ExecutionPlan* plan);

// Runs node `n` (If, Loop, Scan, SequenceMap) of `plan`'s graph in `ws`.
Status RunControlFlow(const ExecutionPlan& plan, int n, Workspace& ws, const std::atomic<bool>* terminate);

// control_flow.cc
Status RunIf(const SubgraphCall& call);
Status RunLoop(const SubgraphCall& call);
Status RunSequenceMap(const SubgraphCall& call);
// scan.cc
Status RunScan(const SubgraphCall& call);

}  // namespace onyx::executor
