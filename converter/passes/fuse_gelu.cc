#include "converter/passes/fuse_gelu.h"

#include <algorithm>
#include <cmath>

namespace onyx::converter::passes {
namespace {

constexpr double kPi = 3.14159265358979323846;

// The other operand of binary `node` when one is a constant near `c`, else -1.
int OperandBesideConstant(const GraphEditor& e, const planner::Node& node, double c) {
  if (node.inputs.size() != 2) return -1;
  for (int side = 0; side < 2; ++side) {
    if (IsScalarNear(e, node.inputs[1 - side], c) && !e.IsWeight(node.inputs[side])) return node.inputs[side];
  }
  return -1;
}

struct Match {
  int x = -1, out = -1;
  std::vector<int> nodes;
};

// From s = 1 + f(x): 0.5 * x * s in one of its three groupings.
bool MatchTail(const GraphEditor& e, int s, Match* m) {
  const int m1 = e.SoleConsumer(s);
  if (m1 < 0 || !IsOp(e.node(m1), "Mul")) return false;
  const int o = OtherInput(e.node(m1), s);
  const int t1 = e.node(m1).outputs[0];
  if (o == m->x || IsScalarNear(e, o, 0.5)) {
    // (x * s) * 0.5, or (s * 0.5) * x.
    const int m2 = e.SoleConsumer(t1);
    if (m2 < 0 || !IsOp(e.node(m2), "Mul")) return false;
    const int o2 = OtherInput(e.node(m2), t1);
    if (o == m->x ? !IsScalarNear(e, o2, 0.5) : o2 != m->x) return false;
    m->nodes.insert(m->nodes.end(), {m1, m2});
    m->out = e.node(m2).outputs[0];
    return true;
  }
  // (0.5 * x) * s.
  const int h = e.SoleProducer(o, "Mul", m1);
  if (h < 0 || OperandBesideConstant(e, e.node(h), 0.5) != m->x) return false;
  m->nodes.insert(m->nodes.end(), {h, m1});
  m->out = t1;
  return true;
}

// s = Add(f, 1) from the node computing f (Erf or Tanh).
bool MatchPlusOne(const GraphEditor& e, int f, Match* m) {
  const int add = e.SoleConsumer(e.node(f).outputs[0]);
  if (add < 0 || !IsOp(e.node(add), "Add") || OperandBesideConstant(e, e.node(add), 1.0) != e.node(f).outputs[0]) {
    return false;
  }
  m->nodes.push_back(add);
  return MatchTail(e, e.node(add).outputs[0], m);
}

bool MatchErf(const GraphEditor& e, int n, Match* m) {
  const int a = e.node(n).inputs[0];
  if (int div = e.SoleProducer(a, "Div", n); div >= 0) {
    if (!IsScalarNear(e, e.node(div).inputs[1], std::sqrt(2.0))) return false;
    m->x = e.node(div).inputs[0];
    m->nodes = {div, n};
  } else if (int mul = e.SoleProducer(a, "Mul", n); mul >= 0) {
    m->x = OperandBesideConstant(e, e.node(mul), 1.0 / std::sqrt(2.0));
    m->nodes = {mul, n};
  }
  return m->x >= 0 && MatchPlusOne(e, n, m);
}

// `cube` = x^3, read only by `reader`: Pow(x, 3), or Mul(Mul(x, x), x) in
// either order.
bool MatchCube(const GraphEditor& e, int cube, int reader, int x, std::vector<int>* nodes) {
  if (int pw = e.SoleProducer(cube, "Pow", reader); pw >= 0) {
    if (e.node(pw).inputs[0] != x || !IsScalarNear(e, e.node(pw).inputs[1], 3.0, 0)) return false;
    *nodes = {pw};
    return true;
  }
  const int outer = e.SoleProducer(cube, "Mul", reader);
  const int sq = outer < 0 ? -1 : OtherInput(e.node(outer), x);
  const int inner = sq < 0 ? -1 : e.SoleProducer(sq, "Mul", outer);
  if (inner < 0 || e.node(inner).inputs[0] != x || e.node(inner).inputs[1] != x) return false;
  *nodes = {inner, outer};
  return true;
}

bool MatchTanh(const GraphEditor& e, int n, Match* m) {
  const int mu = e.SoleProducer(e.node(n).inputs[0], "Mul", n);
  if (mu < 0) return false;
  const int v = OperandBesideConstant(e, e.node(mu), std::sqrt(2.0 / kPi));
  const int ad = v < 0 ? -1 : e.SoleProducer(v, "Add", mu);
  if (ad < 0 || e.node(ad).inputs.size() != 2) return false;
  for (int side = 0; side < 2; ++side) {
    const int x = e.node(ad).inputs[side], w = e.node(ad).inputs[1 - side];
    const int mw = e.SoleProducer(w, "Mul", ad);
    const int cube = mw < 0 ? -1 : OperandBesideConstant(e, e.node(mw), 0.044715);
    std::vector<int> cube_nodes;
    if (cube < 0 || !MatchCube(e, cube, mw, x, &cube_nodes)) continue;
    m->x = x;
    m->nodes = {mw, ad, mu, n};
    m->nodes.insert(m->nodes.end(), cube_nodes.begin(), cube_nodes.end());
    return MatchPlusOne(e, n, m);
  }
  return false;
}

}  // namespace

Result<int> FuseGelu(PassContext& ctx) {
  GraphEditor& e = ctx.edit;
  ctx.shapes();  // Inferred on the graph as it is before any rewrite.
  int fused = 0;
  for (int n = 0; n < e.num_nodes(); ++n) {
    if (e.removed(n)) continue;
    const bool erf = IsOp(e.node(n), "Erf"), tanh = IsOp(e.node(n), "Tanh");
    Match m;
    if (!(erf ? MatchErf(e, n, &m) : tanh && MatchTanh(e, n, &m))) continue;
    if (!IsFloatType(ctx.shapes().dtype(m.x))) continue;
    planner::Node gelu = MakeNode(e.node(n).info.name, "Gelu", "", 20, {m.x}, {m.out},
                                  {StringAttribute("approximate", erf ? "none" : "tanh")});
    std::sort(m.nodes.begin(), m.nodes.end());
    for (size_t i = 0; i + 1 < m.nodes.size(); ++i) e.RemoveNode(m.nodes[i]);
    e.ReplaceNode(m.nodes.back(), std::move(gelu));
    ++fused;
  }
  return fused;
}

}  // namespace onyx::converter::passes
