#pragma once

// If, Loop and Scan: the executor runs their subgraphs itself. Each subgraph
// is planned once per input signature and cached in the parent's workspace;
// values it reads from enclosing graphs (captures) are bound by name to the
// node's implicit inputs. Outputs are dynamic tensors of the parent run.

#include <atomic>

#include "runtime/executor/execution_plan.h"

namespace onyx::executor {

struct SubgraphCall;

// Runs node `n` (If, Loop or Scan) of `plan`'s graph in workspace `ws`.
Status RunControlFlow(const ExecutionPlan& plan, int n, Workspace& ws, const std::atomic<bool>* terminate);

// Scan (scan.cc).
Status RunScan(const SubgraphCall& call);

}  // namespace onyx::executor
