#include "converter/passes/fuse_conv_bn.h"

#include <cmath>

namespace onyx::converter::passes {
namespace {

bool InferenceBatchNorm(const GraphEditor& e, const planner::Node& bn) {
  const int opset = bn.info.opset;
  if (opset < 7 && bn.info.attrs.GetInt("is_test", 0) == 0) return false;
  if (opset < 9 && bn.info.attrs.GetInt("spatial", 1) != 1) return false;
  if (bn.info.attrs.GetInt("training_mode", 0) != 0) return false;
  if (bn.inputs.size() != 5) return false;
  for (size_t i = 1; i < bn.outputs.size(); ++i) {
    const int t = bn.outputs[i];
    if (t >= 0 && (!e.Uses(t).empty() || e.Pinned(t))) return false;
  }
  return true;
}

// Folds BatchNormalization `n` into the Conv producing its input; false when
// the pattern's conditions do not hold.
Result<bool> FuseOne(GraphEditor& e, int n) {
  const planner::Node& bn = e.node(n);
  if (!InferenceBatchNorm(e, bn)) return false;
  const int c = e.SoleProducer(bn.inputs[0], "Conv", n);
  if (c < 0) return false;
  const planner::Node& conv = e.node(c);
  const int w = conv.inputs[1];
  const bool has_bias = conv.inputs.size() > 2 && conv.inputs[2] >= 0;
  if (!e.IsWeight(w) || (has_bias && !e.IsWeight(conv.inputs[2]))) return false;
  const DType dtype = e.tensor(w).dtype;
  const Dims wd = e.tensor(w).dims;
  if (!IsFloatType(dtype) || wd.empty()) return false;
  const int64_t maps = wd[0];
  std::vector<double> wv, bias, scale, b, mean, var;
  if (!WeightValues(e, w, &wv)) return false;
  if (has_bias && !WeightValues(e, conv.inputs[2], &bias)) return false;
  if (!has_bias) bias.assign(maps, 0.0);
  std::vector<double>* params[4] = {&scale, &b, &mean, &var};
  for (int i = 0; i < 4; ++i) {
    const int t = bn.inputs[i + 1];
    if (!e.IsWeight(t) || e.tensor(t).dtype != dtype || !WeightValues(e, t, params[i])) return false;
    if (static_cast<int64_t>(params[i]->size()) != maps) return false;
  }
  if (static_cast<int64_t>(bias.size()) != maps) return false;
  const double eps = bn.info.attrs.GetFloat("epsilon", 1e-5f);
  const int64_t per_map = maps == 0 ? 0 : static_cast<int64_t>(wv.size()) / maps;
  std::vector<double> new_bias(maps);
  for (int64_t m = 0; m < maps; ++m) {
    const double f = scale[m] / std::sqrt(var[m] + eps);
    for (int64_t k = 0; k < per_map; ++k) wv[m * per_map + k] *= f;
    new_bias[m] = (bias[m] - mean[m]) * f + b[m];
  }
  const std::string& name = conv.info.name;
  ASSIGN_OR_RETURN(int new_w, AddFloatWeight(e, e.tensor(w).name + "_bn", dtype, wd, wv));
  ASSIGN_OR_RETURN(int new_b, AddFloatWeight(e, name + "_bias_bn", dtype, {maps}, new_bias));
  planner::Node fused = conv;
  fused.inputs = {conv.inputs[0], new_w, new_b};
  fused.outputs = {bn.outputs[0]};
  e.RemoveNode(c);
  e.ReplaceNode(n, std::move(fused));
  return true;
}

}  // namespace

Result<int> FuseConvBatchNorm(PassContext& ctx) {
  int fused = 0;
  for (int n = 0; n < ctx.edit.num_nodes(); ++n) {
    if (ctx.edit.removed(n) || !IsOp(ctx.edit.node(n), "BatchNormalization")) continue;
    ASSIGN_OR_RETURN(bool done, FuseOne(ctx.edit, n));
    fused += done ? 1 : 0;
  }
  return fused;
}

}  // namespace onyx::converter::passes
