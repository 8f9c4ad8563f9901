#include "converter/passes/dead_node_elimination.h"

namespace onyx::converter::passes {

Result<int> EliminateDeadNodes(PassContext& ctx) {
  GraphEditor& e = ctx.edit;
  int removed = 0;
  for (int n = e.num_nodes() - 1; n >= 0; --n) {
    if (e.removed(n)) continue;
    bool live = false;
    for (int t : e.node(n).outputs) live |= t >= 0 && (!e.Uses(t).empty() || e.Pinned(t));
    if (live) continue;
    e.RemoveNode(n);
    ++removed;
  }
  return removed;
}

}  // namespace onyx::converter::passes
