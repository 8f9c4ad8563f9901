#include "converter/passes/fuse_layer_norm.h"

#include <algorithm>

namespace onyx::converter::passes {
namespace {

// ReduceMean's axes as the count k of trailing axes they name; 0 if not that.
int TrailingAxes(const GraphEditor& e, const planner::Node& rm, int rank) {
  std::vector<int64_t> axes;
  bool present = false;
  if (rm.info.attrs.GetInt("keepdims", 1) != 1 || !ReadAxes(e, rm, 1, &axes, &present) || !present || axes.empty()) {
    return 0;
  }
  for (int64_t& a : axes) {
    if (a >= 0 && rank < 0) return 0;
    if (a >= 0) a -= rank;  // Counted from the end.
  }
  std::sort(axes.begin(), axes.end());
  const int k = static_cast<int>(axes.size());
  for (int i = 0; i < k; ++i) {
    if (axes[i] != i - k) return 0;
  }
  return k;
}

// `p` (a constant) broadcasts onto x's trailing k dims without enlarging x.
bool BroadcastsOnto(const Dims& p, const Dims* x, int k) {
  size_t skip = 0;
  while (skip < p.size() && p[skip] == 1) ++skip;
  const size_t rank = p.size() - skip;
  if (rank > static_cast<size_t>(k) || x == nullptr || rank > x->size()) return false;
  for (size_t j = 0; j < rank; ++j) {
    const int64_t pd = p[p.size() - 1 - j], xd = (*x)[x->size() - 1 - j];
    if (pd != 1 && pd != xd) return false;
  }
  return true;
}

struct Match {
  int x = -1, gamma = -1, beta = -1, k = 0;
  double eps = 0;
  std::vector<int> nodes;  // In list order: the last one becomes the fused node.
  int out = -1;
};

// The variance branch from Div `n`'s divisor: Sqrt(Add(ReduceMean(Pow(d, 2)), eps)).
bool MatchVariance(PassContext& ctx, int n, int d, Match* m) {
  const GraphEditor& e = ctx.edit;
  const int sq = e.SoleProducer(e.node(n).inputs[1], "Sqrt", n);
  if (sq < 0) return false;
  const int add = e.SoleProducer(e.node(sq).inputs[0], "Add", sq);
  if (add < 0) return false;
  const planner::Node& a = e.node(add);
  int var = -1;
  for (int side = 0; side < 2 && var < 0; ++side) {
    if (ScalarValue(e, a.inputs[1 - side], &m->eps) && !e.IsWeight(a.inputs[side])) var = a.inputs[side];
  }
  const int rm = var < 0 ? -1 : e.SoleProducer(var, "ReduceMean", add);
  if (rm < 0) return false;
  const int sqr = e.node(rm).inputs[0];
  int pw = e.SoleProducer(sqr, "Pow", rm);
  if (pw >= 0 && (e.node(pw).inputs[0] != d || !IsScalarNear(e, e.node(pw).inputs[1], 2.0, 0))) return false;
  if (pw < 0) {
    pw = e.SoleProducer(sqr, "Mul", rm);
    if (pw < 0 || e.node(pw).inputs[0] != d || e.node(pw).inputs[1] != d) return false;
  }
  m->k = TrailingAxes(e, e.node(rm), ctx.shapes().rank(d));
  m->nodes.insert(m->nodes.end(), {pw, rm, add, sq});
  return m->k > 0;
}

bool MatchLayerNorm(PassContext& ctx, int n, Match* m) {
  const GraphEditor& e = ctx.edit;
  const planner::Node& div = e.node(n);
  if (!IsOp(div, "Div") || div.inputs.size() != 2) return false;
  const int d = div.inputs[0];
  const int sub = e.Producer(d);
  if (sub < 0 || e.removed(sub) || !IsOp(e.node(sub), "Sub") || e.Pinned(d)) return false;
  m->x = e.node(sub).inputs[0];
  const int rm = e.SoleProducer(e.node(sub).inputs[1], "ReduceMean", sub);
  if (rm < 0 || e.node(rm).inputs[0] != m->x) return false;
  m->nodes = {rm, sub};
  if (!MatchVariance(ctx, n, d, m)) return false;
  // d feeds the square and the Div only.
  for (const Use& u : e.Uses(d)) {
    if (u.node != n && u.node != m->nodes[2]) return false;
  }
  if (TrailingAxes(e, e.node(rm), ctx.shapes().rank(m->x)) != m->k) return false;
  m->nodes.push_back(n);
  const int mul = e.SoleConsumer(div.outputs[0]);
  if (mul < 0 || !IsOp(e.node(mul), "Mul")) return false;
  m->gamma = OtherInput(e.node(mul), div.outputs[0]);
  if (!e.IsWeight(m->gamma)) return false;
  m->nodes.push_back(mul);
  m->out = e.node(mul).outputs[0];
  const int add = e.SoleConsumer(m->out);
  if (add >= 0 && IsOp(e.node(add), "Add") && e.IsWeight(OtherInput(e.node(add), m->out))) {
    m->beta = OtherInput(e.node(add), m->out);
    m->nodes.push_back(add);
    m->out = e.node(add).outputs[0];
  }
  const DType dtype = ctx.shapes().dtype(m->x);
  const Dims* xd = ctx.shapes().planned_dims(m->x);
  if (!IsFloatType(dtype) || e.tensor(m->gamma).dtype != dtype) return false;
  if (!BroadcastsOnto(e.tensor(m->gamma).dims, xd, m->k)) return false;
  if (m->beta >= 0 && (e.tensor(m->beta).dtype != dtype || !BroadcastsOnto(e.tensor(m->beta).dims, xd, m->k))) {
    return false;
  }
  return true;
}

}  // namespace

Result<int> FuseLayerNorm(PassContext& ctx) {
  GraphEditor& e = ctx.edit;
  ctx.shapes();  // Inferred on the graph as it is before any rewrite.
  int fused = 0;
  for (int n = 0; n < e.num_nodes(); ++n) {
    Match m;
    if (e.removed(n) || !MatchLayerNorm(ctx, n, &m)) continue;
    std::vector<int> inputs = {m.x, m.gamma};
    if (m.beta >= 0) inputs.push_back(m.beta);
    planner::Node ln = MakeNode(e.node(m.nodes[0]).info.name, "LayerNormalization", "", 17, inputs, {m.out},
                                {IntAttribute("axis", -m.k), FloatAttribute("epsilon", static_cast<float>(m.eps))});
    std::sort(m.nodes.begin(), m.nodes.end());
    for (size_t i = 0; i + 1 < m.nodes.size(); ++i) e.RemoveNode(m.nodes[i]);
    e.ReplaceNode(m.nodes.back(), std::move(ln));
    ++fused;
  }
  return fused;
}

}  // namespace onyx::converter::passes
