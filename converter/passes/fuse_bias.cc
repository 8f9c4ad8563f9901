#include "converter/passes/fuse_bias.h"

namespace onyx::converter::passes {
namespace {

// The bias per output channel of a Conv of rank `rank` with `maps` channels
// from constant `bias` of dims `bd`; false when it is not per channel.
bool PerChannel(const Dims& bd, const std::vector<double>& bias, size_t rank, int64_t maps,
                std::vector<double>* out) {
  if (bd.size() > rank || bias.empty()) return false;
  bool per_channel = false;
  for (size_t j = 0; j < bd.size(); ++j) {
    const size_t pos = rank - bd.size() + j;
    if (pos == 1 && bd[j] == maps) {
      per_channel = true;
    } else if (bd[j] != 1) {
      return false;
    }
  }
  out->resize(maps);
  for (int64_t m = 0; m < maps; ++m) (*out)[m] = per_channel ? bias[m] : bias[0];
  return true;
}

Result<bool> FuseConv(PassContext& ctx, int add, int conv_node, int bias) {
  GraphEditor& e = ctx.edit;
  const planner::Node& conv = e.node(conv_node);
  const int w = conv.inputs[1];
  const Dims* wd = ctx.shapes().dims(w);
  const DType dtype = ctx.shapes().dtype(w);
  if (wd == nullptr || wd->size() < 3 || !IsFloatType(dtype) || e.tensor(bias).dtype != dtype) return false;
  const int64_t maps = (*wd)[0];
  std::vector<double> bv, per_channel, old(maps, 0.0);
  if (!WeightValues(e, bias, &bv) || !PerChannel(e.tensor(bias).dims, bv, wd->size(), maps, &per_channel)) {
    return false;
  }
  const bool has_bias = conv.inputs.size() > 2 && conv.inputs[2] >= 0;
  if (has_bias && (!WeightValues(e, conv.inputs[2], &old) || static_cast<int64_t>(old.size()) != maps)) return false;
  for (int64_t m = 0; m < maps; ++m) per_channel[m] += old[m];
  ASSIGN_OR_RETURN(int b, AddFloatWeight(e, conv.info.name + "_bias", dtype, {maps}, per_channel));
  planner::Node fused = conv;
  fused.inputs = {conv.inputs[0], conv.inputs[1], b};
  fused.outputs = {e.node(add).outputs[0]};
  e.RemoveNode(conv_node);
  e.ReplaceNode(add, std::move(fused));
  return true;
}

// Constant `bias` broadcasts unidirectionally to [M, N] (-1: unknown extent).
bool BroadcastsToMatrix(const Dims& bd, int64_t m, int64_t n) {
  if (bd.size() > 2) return false;
  if (NumElements(bd) == 1) return true;
  const int64_t cols = bd.empty() ? 1 : bd.back();
  const int64_t rows = bd.size() == 2 ? bd[0] : 1;
  return (cols == 1 || (n >= 0 && cols == n)) && (rows == 1 || (m >= 0 && rows == m));
}

// M and N of a product of A (`trans_a`) and B (`trans_b`), -1 where unknown.
void ProductDims(PassContext& ctx, int a, int b, bool trans_a, bool trans_b, int64_t* m, int64_t* n) {
  const Dims* ad = ctx.shapes().dims(a);
  const Dims* bd = ctx.shapes().dims(b);
  *m = ad != nullptr && ad->size() == 2 ? (*ad)[trans_a ? 1 : 0] : -1;
  *n = bd != nullptr && bd->size() == 2 ? (*bd)[trans_b ? 0 : 1] : -1;
}

Result<bool> FuseGemm(PassContext& ctx, int add, int gemm_node, int bias) {
  GraphEditor& e = ctx.edit;
  const planner::Node& gemm = e.node(gemm_node);
  if (gemm.info.opset < 7) return false;  // Opset 6's `broadcast` attribute.
  const DType dtype = ctx.shapes().dtype(gemm.inputs[0]);
  if (!IsFloatType(dtype) || e.tensor(bias).dtype != dtype) return false;
  int64_t m = -1, n = -1;
  ProductDims(ctx, gemm.inputs[0], gemm.inputs[1], gemm.info.attrs.GetInt("transA", 0) != 0,
              gemm.info.attrs.GetInt("transB", 0) != 0, &m, &n);
  const Dims bd = e.tensor(bias).dims;
  if (!BroadcastsToMatrix(bd, m, n)) return false;
  std::vector<double> values;
  if (!WeightValues(e, bias, &values)) return false;
  int c = bias;
  if (gemm.inputs.size() > 2 && gemm.inputs[2] >= 0) {
    std::vector<double> old;
    if (!e.IsWeight(gemm.inputs[2]) || e.tensor(gemm.inputs[2]).dims != bd ||
        !WeightValues(e, gemm.inputs[2], &old)) {
      return false;
    }
    const double beta = gemm.info.attrs.GetFloat("beta", 1.0f);
    for (size_t i = 0; i < values.size(); ++i) values[i] += beta * old[i];
    ASSIGN_OR_RETURN(c, AddFloatWeight(e, gemm.info.name + "_C", dtype, bd, values));
  }
  planner::Node fused = gemm;
  fused.info.attrs = kernels::Attributes(AttributesWithout(gemm, "beta"));
  fused.info.attrs.Add(FloatAttribute("beta", 1.0f));
  fused.inputs = {gemm.inputs[0], gemm.inputs[1], c};
  fused.outputs = {e.node(add).outputs[0]};
  e.RemoveNode(gemm_node);
  e.ReplaceNode(add, std::move(fused));
  return true;
}

Result<bool> FuseMatMul(PassContext& ctx, int add, int matmul_node, int bias) {
  GraphEditor& e = ctx.edit;
  const planner::Node& mm = e.node(matmul_node);
  const int a = mm.inputs[0], b = mm.inputs[1];
  const DType dtype = ctx.shapes().dtype(a);
  if (ctx.shapes().rank(a) != 2 || ctx.shapes().rank(b) != 2 || !IsFloatType(dtype) ||
      e.tensor(bias).dtype != dtype) {
    return false;
  }
  int64_t m = -1, n = -1;
  ProductDims(ctx, a, b, false, false, &m, &n);
  if (!BroadcastsToMatrix(e.tensor(bias).dims, m, n)) return false;
  planner::Node gemm = MakeNode(mm.info.name, "Gemm", "", 13, {a, b, bias}, {e.node(add).outputs[0]});
  e.RemoveNode(matmul_node);
  e.ReplaceNode(add, std::move(gemm));
  return true;
}

}  // namespace

Result<int> FuseBias(PassContext& ctx) {
  GraphEditor& e = ctx.edit;
  ctx.shapes();  // Inferred on the graph as it is before any rewrite.
  int fused = 0;
  for (int n = 0; n < e.num_nodes(); ++n) {
    if (e.removed(n) || !IsOp(e.node(n), "Add") || e.node(n).inputs.size() != 2) continue;
    for (int side = 0; side < 2; ++side) {
      const int x = e.node(n).inputs[side], bias = e.node(n).inputs[1 - side];
      if (!e.IsWeight(bias) || x == bias) continue;
      Result<bool> done = false;
      if (int p = e.SoleProducer(x, "Conv", n); p >= 0) {
        done = FuseConv(ctx, n, p, bias);
      } else if (int g = e.SoleProducer(x, "Gemm", n); g >= 0) {
        done = FuseGemm(ctx, n, g, bias);
      } else if (int mm = e.SoleProducer(x, "MatMul", n); mm >= 0) {
        done = FuseMatMul(ctx, n, mm, bias);
      }
      RETURN_IF_ERROR(done.status());
      if (done.value()) {
        ++fused;
        break;
      }
    }
  }
  return fused;
}

}  // namespace onyx::converter::passes
