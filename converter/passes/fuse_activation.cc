#include "converter/passes/fuse_activation.h"

#include <cfloat>
#include <cmath>
#include <string>
#include <vector>

namespace onyx::converter::passes {
namespace {

// x * HardSigmoid(x) -> HardSwish, x * Sigmoid(x) -> Swish, at Mul node `n`.
bool FuseDecomposed(PassContext& ctx, int n) {
  GraphEditor& e = ctx.edit;
  const planner::Node& mul = e.node(n);
  if (!IsOp(mul, "Mul") || mul.inputs.size() != 2) return false;
  for (int side = 0; side < 2; ++side) {
    const int x = mul.inputs[side], s = mul.inputs[1 - side];
    const DType dtype = ctx.shapes().dtype(x);
    if (x == s || !IsFloatType(dtype)) continue;
    int p = e.SoleProducer(s, "HardSigmoid", n);
    std::string op = "HardSwish";
    int opset = dtype == DType::kBFloat16 ? 22 : 14;
    if (p >= 0) {
      const kernels::Attributes& a = e.node(p).info.attrs;
      const double alpha = a.GetFloat("alpha", 0.2f), beta = a.GetFloat("beta", 0.5f);
      if (std::abs(alpha - 1.0 / 6) > 1e-6 || std::abs(beta - 0.5) > 1e-6) continue;
    } else {
      p = e.SoleProducer(s, "Sigmoid", n);
      op = "Swish";
      opset = 24;
    }
    if (p < 0 || e.node(p).inputs[0] != x) continue;
    planner::Node act = MakeNode(e.node(p).info.name, op, "", opset, {x}, {mul.outputs[0]});
    e.RemoveNode(p);
    e.ReplaceNode(n, std::move(act));
    return true;
  }
  return false;
}

struct Activation {
  std::string op;
  std::vector<std::pair<std::string, float>> params;  // FusedGemm's names, in FusedConv's order.
};

// Clip's bounds when they are constants a float attribute holds exactly.
bool ClipBounds(const GraphEditor& e, const planner::Node& clip, DType dtype, Activation* act) {
  if (dtype != DType::kFloat32 && dtype != DType::kFloat64) return false;
  double lo = 0, hi = 0;
  if (clip.info.opset < 11) {
    const kernels::Attributes& a = clip.info.attrs;
    if (clip.info.opset < 6 && (!a.Has("min") || !a.Has("max"))) return false;  // Opset 1: no defaults.
    lo = a.GetFloat("min", -3.402823e+38f);
    hi = a.GetFloat("max", 3.402823e+38f);
  } else {
    // An absent bound is the type's extreme: FLT_MAX is a float, DBL_MAX is not.
    double* bounds[2] = {&lo, &hi};
    for (int i = 0; i < 2; ++i) {
      const size_t slot = static_cast<size_t>(i) + 1;
      if (slot < clip.inputs.size() && clip.inputs[slot] >= 0) {
        if (!ScalarValue(e, clip.inputs[slot], bounds[i])) return false;
      } else if (dtype == DType::kFloat32) {
        *bounds[i] = i == 0 ? -FLT_MAX : FLT_MAX;
      } else {
        return false;
      }
    }
  }
  for (double v : {lo, hi}) {
    if (static_cast<double>(static_cast<float>(v)) != v) return false;
  }
  act->params = {{"activation_min", static_cast<float>(lo)}, {"activation_max", static_cast<float>(hi)}};
  return true;
}

bool ReadActivation(const GraphEditor& e, const planner::Node& node, DType dtype, Activation* act) {
  if (!node.info.domain.empty() || node.inputs.empty()) return false;
  const std::string& op = node.info.op_type;
  const kernels::Attributes& a = node.info.attrs;
  act->op = op;
  act->params.clear();
  if (op == "Relu" || op == "Sigmoid" || op == "Tanh" || op == "HardSwish") return true;
  if (op == "LeakyRelu") {
    act->params = {{"activation_alpha", a.GetFloat("alpha", 0.01f)}};
    return true;
  }
  if (op == "HardSigmoid") {
    act->params = {{"activation_alpha", a.GetFloat("alpha", 0.2f)}, {"activation_beta", a.GetFloat("beta", 0.5f)}};
    return true;
  }
  if (op == "Swish") {
    act->params = {{"activation_alpha", a.GetFloat("alpha", 1.0f)}};
    return true;
  }
  if (op == "Clip") return ClipBounds(e, node, dtype, act);
  return false;
}

// Activation node `n` into the Conv, Gemm or MatMul producing its input.
bool FuseIntoProducer(PassContext& ctx, int n) {
  GraphEditor& e = ctx.edit;
  const planner::Node& act_node = e.node(n);
  if (act_node.inputs.empty() || act_node.outputs.empty()) return false;
  const int x = act_node.inputs[0];
  const DType dtype = ctx.shapes().dtype(x);
  Activation act;
  if (!IsFloatType(dtype) || !ReadActivation(e, act_node, dtype, &act)) return false;
  const int out = act_node.outputs[0];
  planner::Node fused;
  if (int p = e.SoleProducer(x, "Conv", n); p >= 0) {
    const planner::Node& conv = e.node(p);
    std::vector<float> params;
    for (const auto& kv : act.params) params.push_back(kv.second);
    std::vector<kernels::Attribute> attrs = conv.info.attrs.items();
    attrs.push_back(StringAttribute("activation", act.op));
    if (!params.empty()) attrs.push_back(FloatsAttribute("activation_params", params));
    fused = MakeNode(conv.info.name, "FusedConv", "com.microsoft", 1, conv.inputs, {out}, std::move(attrs));
    e.RemoveNode(p);
  } else {
    int g = e.SoleProducer(x, "Gemm", n);
    if (g >= 0 && e.node(g).info.opset < 7) return false;
    if (g < 0) {
      g = e.SoleProducer(x, "MatMul", n);
      if (g < 0 || ctx.shapes().rank(e.node(g).inputs[0]) != 2 || ctx.shapes().rank(e.node(g).inputs[1]) != 2) {
        return false;
      }
    }
    const planner::Node& base = e.node(g);
    std::vector<kernels::Attribute> attrs = base.info.attrs.items();
    attrs.push_back(StringAttribute("activation", act.op));
    for (const auto& kv : act.params) attrs.push_back(FloatAttribute(kv.first, kv.second));
    fused = MakeNode(base.info.name, "FusedGemm", "com.microsoft", 1, base.inputs, {out}, std::move(attrs));
    e.RemoveNode(g);
  }
  e.RequireOpset("com.microsoft", 1);
  e.ReplaceNode(n, std::move(fused));
  return true;
}

}  // namespace

Result<int> FuseActivations(PassContext& ctx) {
  GraphEditor& e = ctx.edit;
  ctx.shapes();  // Inferred on the graph as it is before any rewrite.
  int fused = 0;
  for (int n = 0; n < e.num_nodes(); ++n) {
    if (!e.removed(n) && FuseDecomposed(ctx, n)) ++fused;
  }
  for (int n = 0; n < e.num_nodes(); ++n) {
    if (!e.removed(n) && FuseIntoProducer(ctx, n)) ++fused;
  }
  return fused;
}

}  // namespace onyx::converter::passes
