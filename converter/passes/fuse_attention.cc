#include "converter/passes/fuse_attention.h"

#include <algorithm>

namespace onyx::converter::passes {
namespace {

struct Match {
  int q = -1, kt = -1, v = -1, mask = -1, out = -1;
  int matmul = -1;            // MatMul(Q, K^T): its name goes to Attention.
  int transpose = -1;         // The node giving K^T.
  bool split_heads = false;   // Its perm is [0, 2, 3, 1]: K needs a transpose of its own.
  double scale = 1;
  std::vector<int> nodes;     // Removed, except the last, which becomes Attention.
};

bool SoftmaxOnLastAxis(const planner::Node& sm) {
  const int64_t fallback = sm.info.opset >= 13 ? -1 : 1;
  const int64_t axis = sm.info.attrs.GetInt("axis", fallback);
  return axis == -1 || axis == 3;  // Rank 4: before opset 13, axis 3 covers only the last dim too.
}

// Scores `s` read by node `reader`: [Div or Mul by a constant of] MatMul(Q, K^T).
bool MatchScores(const GraphEditor& e, int s, int reader, Match* m) {
  int raw = s, consumer = reader;
  if (int div = e.SoleProducer(s, "Div", reader); div >= 0) {
    double c = 0;
    if (!ScalarValue(e, e.node(div).inputs[1], &c) || c == 0) return false;
    m->scale = 1 / c;
    raw = e.node(div).inputs[0];
    consumer = div;
    m->nodes.push_back(div);
  } else if (int mul = e.SoleProducer(s, "Mul", reader); mul >= 0) {
    const planner::Node& node = e.node(mul);
    for (int side = 0; side < 2 && raw == s; ++side) {
      if (ScalarValue(e, node.inputs[1 - side], &m->scale)) raw = node.inputs[side];
    }
    if (raw == s) return false;
    consumer = mul;
    m->nodes.push_back(mul);
  }
  const int mm = e.SoleProducer(raw, "MatMul", consumer);
  if (mm < 0) return false;
  m->matmul = mm;
  m->q = e.node(mm).inputs[0];
  m->kt = e.node(mm).inputs[1];
  m->nodes.push_back(mm);
  m->transpose = e.SoleProducer(m->kt, "Transpose", mm);
  if (m->transpose < 0) return false;
  const std::vector<int64_t> perm = e.node(m->transpose).info.attrs.GetInts("perm");
  m->split_heads = perm == std::vector<int64_t>{0, 2, 3, 1};
  return m->split_heads || perm == std::vector<int64_t>{0, 1, 3, 2};
}

bool MatchAttention(const GraphEditor& e, int n, Match* m) {
  const planner::Node& sm = e.node(n);
  if (!IsOp(sm, "Softmax") || !SoftmaxOnLastAxis(sm)) return false;
  const int mm2 = e.SoleConsumer(sm.outputs[0]);
  if (mm2 < 0 || !IsOp(e.node(mm2), "MatMul") || e.node(mm2).inputs[0] != sm.outputs[0]) return false;
  m->v = e.node(mm2).inputs[1];
  m->out = e.node(mm2).outputs[0];
  const int s = sm.inputs[0];
  if (int add = e.SoleProducer(s, "Add", n); add >= 0) {
    for (int side = 0; side < 2; ++side) {
      Match attempt = *m;
      attempt.nodes = {add};
      if (MatchScores(e, e.node(add).inputs[side], add, &attempt)) {
        attempt.mask = e.node(add).inputs[1 - side];
        *m = attempt;
        break;
      }
    }
    if (m->q < 0) return false;
  } else if (!MatchScores(e, s, n, m)) {
    return false;
  }
  m->nodes.insert(m->nodes.end(), {n, mm2});
  if (!m->split_heads) m->nodes.push_back(m->transpose);
  return true;
}

// Shapes and dtypes Attention accepts and that make it equal the pattern.
bool ShapesAgree(PassContext& ctx, const Match& m) {
  const Analysis& a = ctx.shapes();
  const DType dtype = a.dtype(m.q);
  if (!IsFloatType(dtype) || a.dtype(m.kt) != dtype || a.dtype(m.v) != dtype) return false;
  const Dims* q = a.planned_dims(m.q);
  const Dims* kt = a.planned_dims(m.kt);
  const Dims* v = a.planned_dims(m.v);
  if (q == nullptr || kt == nullptr || v == nullptr || q->size() != 4 || kt->size() != 4 || v->size() != 4) {
    return false;
  }
  // K^T is [B, kv_heads, d, kv_seq].
  const int64_t batch = (*q)[0], heads = (*q)[1], q_seq = (*q)[2], kv_heads = (*kt)[1], kv_seq = (*kt)[3];
  if ((*kt)[0] != batch || (*v)[0] != batch || (*kt)[2] != (*q)[3] || (*v)[1] != kv_heads || (*v)[2] != kv_seq ||
      kv_heads <= 0 || heads % kv_heads != 0) {
    return false;
  }
  if (m.mask < 0) return true;
  const Dims* mask = a.dims(m.mask);
  const Dims* exact_kt = a.dims(m.kt);
  if (a.dtype(m.mask) != dtype || mask == nullptr || exact_kt == nullptr || mask->empty() || mask->size() > 4 ||
      mask->back() != (*exact_kt)[3]) {
    return false;
  }
  const int64_t want[3] = {batch, heads, q_seq};
  for (size_t j = 1; j < mask->size(); ++j) {
    const int64_t md = (*mask)[mask->size() - 1 - j];
    if (md != 1 && md != want[3 - j]) return false;
  }
  return true;
}

Result<bool> Fuse(PassContext& ctx, int n) {
  GraphEditor& e = ctx.edit;
  Match m;
  if (!MatchAttention(e, n, &m) || !ShapesAgree(ctx, m)) return false;
  int k = e.node(m.transpose).inputs[0];
  if (m.split_heads) {
    // [B, seq, heads, d] -> [B, heads, seq, d], in the place of the old transpose.
    const planner::Node& old = e.node(m.transpose);
    k = e.AddIntermediate(e.tensor(k).name + "_heads", ctx.shapes().dtype(m.kt));
    planner::Node t = MakeNode(old.info.name, "Transpose", "", old.info.opset, {old.inputs[0]}, {k},
                               {IntsAttribute("perm", {0, 2, 1, 3})});
    e.ReplaceNode(m.transpose, std::move(t));
  }
  std::vector<int> inputs = {m.q, k, m.v};
  if (m.mask >= 0) inputs.push_back(m.mask);
  planner::Node attention = MakeNode(e.node(m.matmul).info.name, "Attention", "", 23, inputs, {m.out},
                                     {FloatAttribute("scale", static_cast<float>(m.scale))});
  std::sort(m.nodes.begin(), m.nodes.end());
  for (size_t i = 0; i + 1 < m.nodes.size(); ++i) e.RemoveNode(m.nodes[i]);
  e.ReplaceNode(m.nodes.back(), std::move(attention));
  return true;
}

}  // namespace

Result<int> FuseAttention(PassContext& ctx) {
  ctx.shapes();  // Inferred on the graph as it is before any rewrite.
  int fused = 0;
  for (int n = 0; n < ctx.edit.num_nodes(); ++n) {
    if (ctx.edit.removed(n)) continue;
    ASSIGN_OR_RETURN(bool done, Fuse(ctx, n));
    fused += done ? 1 : 0;
  }
  return fused;
}

}  // namespace onyx::converter::passes
