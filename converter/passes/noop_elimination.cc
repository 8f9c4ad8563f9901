#include "converter/passes/noop_elimination.h"

#include <algorithm>

namespace onyx::converter::passes {
namespace {

bool DropoutIsIdentity(PassContext& ctx, const planner::Node& node) {
  const GraphEditor& e = ctx.edit;
  const int opset = node.info.opset;
  if (opset < 7 && node.info.attrs.GetInt("is_test", 0) == 0) return false;  // Training mode.
  if (node.outputs.size() > 1 && node.outputs[1] >= 0) {
    const int mask = node.outputs[1];
    if (!e.Uses(mask).empty() || e.Pinned(mask)) return false;
  }
  if (opset >= 12 && node.inputs.size() > 2 && node.inputs[2] >= 0) {
    double training = 1;
    if (!ScalarValue(e, node.inputs[2], &training) || training != 0) return false;
  }
  return true;
}

bool AllZero(const std::vector<int64_t>& v) {
  return std::all_of(v.begin(), v.end(), [](int64_t x) { return x == 0; });
}

bool PadIsIdentity(const GraphEditor& e, const planner::Node& node) {
  if (node.info.opset < 11) {
    const char* name = node.info.opset < 2 ? "paddings" : "pads";
    const kernels::Attribute* pads = node.info.attrs.Find(name);
    return pads != nullptr && AllZero(pads->ints);
  }
  if (node.inputs.size() < 2 || node.inputs[1] < 0) return false;
  std::vector<double> pads;
  if (!WeightValues(e, node.inputs[1], &pads)) return false;
  return std::all_of(pads.begin(), pads.end(), [](double x) { return x == 0; });
}

// Transpose's permutation; the reversal when `perm` is absent (rank needed).
bool Permutation(PassContext& ctx, const planner::Node& node, std::vector<int64_t>* perm) {
  if (const kernels::Attribute* a = node.info.attrs.Find("perm")) {
    *perm = a->ints;
    return true;
  }
  const int rank = ctx.shapes().rank(node.inputs[0]);
  if (rank < 0) return false;
  perm->clear();
  for (int i = rank - 1; i >= 0; --i) perm->push_back(i);
  return true;
}

bool IsIdentityPermutation(const std::vector<int64_t>& perm) {
  for (size_t i = 0; i < perm.size(); ++i) {
    if (perm[i] != static_cast<int64_t>(i)) return false;
  }
  return true;
}

// Sorted axes made non-negative against `rank` (-1: unknown, then every axis
// must be non-negative already).
bool NormalizedAxes(std::vector<int64_t> axes, int rank, std::vector<int64_t>* out) {
  for (int64_t& a : axes) {
    if (a < 0 && rank < 0) return false;
    if (a < 0) a += rank;
  }
  std::sort(axes.begin(), axes.end());
  *out = std::move(axes);
  return true;
}

// The input this node's output equals, or -1.
int NoOpSource(PassContext& ctx, int n) {
  const GraphEditor& e = ctx.edit;
  const planner::Node& node = e.node(n);
  if (node.inputs.empty() || node.inputs[0] < 0 || node.outputs.empty() || node.outputs[0] < 0) return -1;
  const int in = node.inputs[0], out = node.outputs[0];
  if (IsOp(node, "Identity")) return in;
  if (IsOp(node, "Dropout")) return DropoutIsIdentity(ctx, node) ? in : -1;
  if (IsOp(node, "Pad")) return PadIsIdentity(e, node) ? in : -1;
  if (IsOp(node, "Cast") && node.info.opset >= 6) {
    const DType to = static_cast<DType>(node.info.attrs.GetInt("to", 0));
    return ctx.shapes().dtype(in) != DType::kUndefined && ctx.shapes().dtype(in) == to ? in : -1;
  }
  if (IsOp(node, "CastLike") && node.inputs.size() == 2 && node.inputs[1] >= 0) {
    const DType from = ctx.shapes().dtype(in);
    return from != DType::kUndefined && from == ctx.shapes().dtype(node.inputs[1]) ? in : -1;
  }
  if (IsOp(node, "Reshape")) {
    const Dims* a = ctx.shapes().dims(in);
    const Dims* b = ctx.shapes().dims(out);
    return a != nullptr && b != nullptr && *a == *b ? in : -1;
  }
  if (IsOp(node, "Transpose")) {
    std::vector<int64_t> perm, first;
    if (!Permutation(ctx, node, &perm)) return -1;
    if (IsIdentityPermutation(perm)) return in;
    const int p = e.Producer(in);
    if (p < 0 || e.removed(p) || !IsOp(e.node(p), "Transpose") || !Permutation(ctx, e.node(p), &first)) return -1;
    if (first.size() != perm.size()) return -1;
    for (size_t i = 0; i < perm.size(); ++i) {
      if (perm[i] < 0 || perm[i] >= static_cast<int64_t>(first.size()) || first[perm[i]] != static_cast<int64_t>(i)) {
        return -1;
      }
    }
    return e.node(p).inputs[0];
  }
  const bool squeeze = IsOp(node, "Squeeze"), unsqueeze = IsOp(node, "Unsqueeze");
  if (squeeze || unsqueeze) {
    const int p = e.Producer(in);
    if (p < 0 || e.removed(p) || !IsOp(e.node(p), squeeze ? "Unsqueeze" : "Squeeze")) return -1;
    const planner::Node& prev = e.node(p);
    std::vector<int64_t> a, b, na, nb;
    bool has_a = false, has_b = false;
    if (!ReadAxes(e, node, 1, &a, &has_a) || !ReadAxes(e, prev, 1, &b, &has_b) || !has_a || !has_b) return -1;
    // Both axis lists count in the rank of the larger tensor: the Unsqueeze's
    // output (Unsqueeze then Squeeze) or the Squeeze's input (the reverse).
    const int rank = ctx.shapes().rank(squeeze ? in : prev.inputs[0]);
    if (!NormalizedAxes(a, rank, &na) || !NormalizedAxes(b, rank, &nb) || na != nb || na.empty()) return -1;
    return prev.inputs[0];
  }
  return -1;
}

bool NeedsShapes(const planner::Node& node) {
  return IsOp(node, "Cast") || IsOp(node, "CastLike") || IsOp(node, "Reshape") || IsOp(node, "Transpose") ||
         IsOp(node, "Squeeze") || IsOp(node, "Unsqueeze");
}

}  // namespace

Result<int> EliminateNoOps(PassContext& ctx) {
  GraphEditor& e = ctx.edit;
  for (int n = 0; n < e.num_nodes(); ++n) {
    if (NeedsShapes(e.node(n))) {
      ctx.shapes();  // Inferred on the graph as it is before any rewrite.
      break;
    }
  }
  int removed = 0;
  for (int n = 0; n < e.num_nodes(); ++n) {
    if (e.removed(n)) continue;
    const int source = NoOpSource(ctx, n);
    if (source >= 0 && e.Bypass(n, source, e.node(n).outputs[0])) ++removed;
  }
  return removed;
}

}  // namespace onyx::converter::passes
