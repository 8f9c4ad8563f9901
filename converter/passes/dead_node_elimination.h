#pragma once

// Dead-node elimination: removes every node none of whose outputs is read
// (by a node, or by name inside a subgraph) or is a graph output, last to
// first so that a dead chain goes in one sweep. ONNX ops have no side
// effects at inference, so nothing else keeps a node alive.

#include "converter/passes/pass.h"

namespace onyx::converter::passes {

Result<int> EliminateDeadNodes(PassContext& ctx);

}  // namespace onyx::converter::passes
