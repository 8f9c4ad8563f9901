#include "format/ops_config.h"

#include <map>
#include <utility>

namespace onyx::format {

void CollectOps(const ModelView& view, std::set<OpUse>* ops) {
  const auto* graphs = view.model->graphs();
  if (graphs == nullptr) return;
  // Model.graphs holds the main graph and every subgraph.
  for (const fb::Graph* graph : *graphs) {
    if (graph->nodes() == nullptr) continue;
    for (const fb::Node* node : *graph->nodes()) {
      OpUse use;
      use.domain = node->domain() ? node->domain()->str() : "";
      use.opset = node->opset();
      use.op_type = node->op_type() ? node->op_type()->str() : "";
      ops->insert(std::move(use));
    }
  }
}

std::string FormatOpsConfig(const std::set<OpUse>& ops, const std::vector<std::string>& sources) {
  std::string out = "# Ops config (ONNX Runtime's reduced-ops format): domain;opset;ops\n";
  for (const std::string& source : sources) out += "# from " + source + "\n";
  std::map<std::pair<std::string, int>, std::string> lines;
  for (const OpUse& op : ops) {
    std::string& line = lines[{op.domain.empty() ? "ai.onnx" : op.domain, op.opset}];
    line += (line.empty() ? "" : ",") + op.op_type;
  }
  for (const auto& [key, names] : lines) {
    out += key.first + ";" + std::to_string(key.second) + ";" + names + "\n";
  }
  return out;
}

}  // namespace onyx::format
