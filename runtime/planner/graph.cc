#include "runtime/planner/graph.h"

#include <algorithm>
#include <functional>
#include <iterator>
#include <queue>
#include <string_view>

namespace onyx::planner {

bool IsViewOp(const kernels::NodeInfo& node) {
  if (!node.domain.empty()) return false;
  const std::string& op = node.op_type;
  return op == "Reshape" || op == "Squeeze" || op == "Unsqueeze" || op == "Flatten" || op == "Identity";
}

bool IsInPlaceCandidate(const kernels::NodeInfo& node) {
  if (!node.domain.empty()) return false;
  // Sorted, for std::binary_search. Variadic ops (Sum, Max, ...) are left out:
  // their Run copies input 0 into the output before reading the others.
  static constexpr const char* kOps[] = {
      "Abs", "Acos", "Acosh", "Add", "And", "Asin", "Asinh", "Atan", "Atanh", "BitShift",
      "BitwiseAnd", "BitwiseNot", "BitwiseOr", "BitwiseXor", "Cast", "CastLike", "Ceil", "Celu",
      "Clip", "Cos", "Cosh", "Div", "Elu", "Erf", "Exp", "Floor", "Gelu", "HardSigmoid",
      "HardSwish", "LeakyRelu", "Log", "Mish", "Mod", "Mul", "Neg", "Not", "Or", "PRelu", "Pow",
      "Reciprocal", "Relu", "Round", "Selu", "Shrink", "Sigmoid", "Sign", "Sin", "Sinh", "Softplus",
      "Softsign", "Sqrt", "Sub", "Swish", "Tan", "Tanh", "ThresholdedRelu", "Xor",
  };
  return std::binary_search(std::begin(kOps), std::end(kOps), node.op_type,
                            [](const auto& a, const auto& b) { return std::string_view(a) < std::string_view(b); });
}

bool IsControlFlow(const kernels::NodeInfo& node) {
  if (!node.domain.empty()) return false;
  return node.op_type == "If" || node.op_type == "Loop" || node.op_type == "Scan" || node.op_type == "SequenceMap";
}

std::vector<int> Graph::BoundInputs() const {
  std::vector<int> all = inputs;
  all.insert(all.end(), captures.begin(), captures.end());
  return all;
}

Result<std::vector<int>> TopologicalOrder(const Graph& graph) {
  const int num_nodes = static_cast<int>(graph.nodes.size());
  std::vector<int> producer(graph.tensors.size(), -1);
  for (int n = 0; n < num_nodes; ++n) {
    for (int t : graph.nodes[n].outputs) {
      if (t < 0) continue;
      RETURN_ERROR_IF(producer[t] >= 0, StatusCode::kInvalidModel, graph.nodes[n].info.Where(),
                      ": output '", graph.tensors[t].name, "' is also produced by ",
                      graph.nodes[producer[t]].info.Where());
      producer[t] = n;
    }
  }
  std::vector<int> pending(num_nodes, 0);
  std::vector<std::vector<int>> consumers(num_nodes);
  for (int n = 0; n < num_nodes; ++n) {
    std::vector<int> reads = graph.nodes[n].inputs;
    reads.insert(reads.end(), graph.nodes[n].implicit_inputs.begin(), graph.nodes[n].implicit_inputs.end());
    for (int t : reads) {
      if (t < 0) continue;
      const TensorInfo& tensor = graph.tensors[t];
      if (producer[t] < 0) {
        RETURN_ERROR_IF(tensor.kind == TensorKind::kIntermediate, StatusCode::kInvalidModel,
                        graph.nodes[n].info.Where(), ": input '", tensor.name,
                        "' is not a graph input, an initializer, or any node's output");
        continue;
      }
      ++pending[n];
      consumers[producer[t]].push_back(n);
    }
  }
  // Kahn's algorithm; the min-heap keeps the model's own order where it can.
  std::priority_queue<int, std::vector<int>, std::greater<int>> ready;
  for (int n = 0; n < num_nodes; ++n) {
    if (pending[n] == 0) ready.push(n);
  }
  std::vector<int> order;
  order.reserve(num_nodes);
  while (!ready.empty()) {
    int n = ready.top();
    ready.pop();
    order.push_back(n);
    for (int c : consumers[n]) {
      if (--pending[c] == 0) ready.push(c);
    }
  }
  if (static_cast<int>(order.size()) != num_nodes) {
    for (int n = 0; n < num_nodes; ++n) {
      RETURN_ERROR_IF(pending[n] > 0, StatusCode::kInvalidModel, "the graph has a cycle through ",
                      graph.nodes[n].info.Where());
    }
  }
  return order;
}

}  // namespace onyx::planner
