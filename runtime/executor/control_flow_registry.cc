// The control-flow table: one row per op the executor runs itself. Built
// through tools/selective/select_kernels.py like the kernel registries.

#include <string>

#include "runtime/executor/control_flow.h"
#include "runtime/executor/subgraph.h"

namespace onyx::executor {
namespace {

constexpr int kLatestOpset = kernels::kLatestOpset;

constexpr ControlFlowDef kKernels[] = {
    {"", "If", 1, kLatestOpset, RunIf, PlanSubgraphsAhead},
    {"", "Loop", 1, kLatestOpset, RunLoop, PlanSubgraphsAhead},
    {"", "Scan", 8, kLatestOpset, RunScan, PlanSubgraphsAhead},
    {"", "SequenceMap", 17, kLatestOpset, RunSequenceMap, PlanSubgraphsAhead},
};

}  // namespace

const ControlFlowDef* FindControlFlow(const kernels::NodeInfo& node) {
  for (const ControlFlowDef& def : kKernels) {
    if (def.run != nullptr && node.op_type == def.op_type && node.domain == def.domain &&
        node.opset >= def.since_version && node.opset <= def.until_version) {
      return &def;
    }
  }
  return nullptr;
}

const ControlFlowDef* AnyControlFlow() { return kKernels[0].run != nullptr ? &kKernels[0] : nullptr; }

Status RunControlFlow(const ExecutionPlan& plan, int n, Workspace& ws, const std::atomic<bool>* terminate) {
  const planner::Node& node = plan.graph().nodes[n];
  const ControlFlowDef* def = FindControlFlow(node.info);
  RETURN_ERROR_IF(def == nullptr, StatusCode::kUnsupported, "this build of onyx does not run ", node.info.op_type);
  return def->run(SubgraphCall{plan, ws, node, terminate});
}

}  // namespace onyx::executor
