#include "converter/passes/fuse_attention.h"

#include <cmath>

#include "converter/passes/pass_test_util.h"

namespace onyx::converter::passes {
namespace {

using testing::Count;
using testing::ExpectSameOutputs;
using testing::OnnxModel;
using testing::Passes;
using testing::SetInt;
using testing::SetInts;

struct Variant {
  bool mask = true;
  bool div = true;           // Div by sqrt(d), or Mul by 1 / sqrt(d).
  bool split_heads = false;  // K given as [B, seq, heads, d], transposed by [0, 2, 3, 1].
  int64_t kv_heads = 2;
  std::vector<int64_t> mask_dims = {2, 1, 1, 5};
  int opset = 17;
};

// softmax(Q K^T / sqrt(d) + mask) V with B = 2, heads = 2, q_seq = 3, kv_seq = 5, d = 4.
OnnxModel Pattern(const Variant& v) {
  OnnxModel m(v.opset);
  m.Input("q", {2, 2, 3, 4}).Input("v", {2, v.kv_heads, 5, 4}).Output("y");
  if (v.split_heads) {
    m.Input("k", {2, 5, v.kv_heads, 4});
    SetInts(m.Node("Transpose", {"k"}, {"kt"}), "perm", {0, 2, 3, 1});
  } else {
    m.Input("k", {2, v.kv_heads, 5, 4});
    SetInts(m.Node("Transpose", {"k"}, {"kt"}), "perm", {0, 1, 3, 2});
  }
  if (v.mask) m.Input("mask", v.mask_dims);
  m.Scalar("sqrt_d", 2.0f).Scalar("inv_sqrt_d", 0.5f);
  m.Node("MatMul", {"q", "kt"}, {"scores"}, "qk");
  if (v.div) {
    m.Node("Div", {"scores", "sqrt_d"}, {"scaled"});
  } else {
    m.Node("Mul", {"inv_sqrt_d", "scores"}, {"scaled"});
  }
  if (v.mask) m.Node("Add", {"mask", "scaled"}, {"biased"});
  auto* sm = m.Node("Softmax", {v.mask ? "biased" : "scaled"}, {"probs"});
  if (v.opset < 13) SetInt(sm, "axis", 3);
  m.Node("MatMul", {"probs", "v"}, {"y"});
  return m;
}

void ExpectFused(const Variant& v) {
  testing::Converted c = ExpectSameOutputs(Pattern(v), Passes({"fuse_attention", "eliminate_dead"}), 1e-5);
  EXPECT_EQ(Count(c.summary, "Attention"), 1);
  EXPECT_EQ(c.summary.num_nodes, v.split_heads ? 2u : 1u);
  for (const testing::FileNode& n : testing::Nodes(c.file)) {
    if (n.op_type == "Attention") {
      EXPECT_EQ(n.opset, 23);
      EXPECT_EQ(n.name, "qk");
      EXPECT_EQ(testing::Attr(n, "scale"), "0.500000");
    } else {
      EXPECT_EQ(testing::Attr(n, "perm"), "0,2,1,3");
    }
  }
}

TEST(FuseAttention, TheUsualPatternAndItsVariants) {
  Variant v;
  ExpectFused(v);
  v.div = false;
  ExpectFused(v);
  v.mask = false;
  ExpectFused(v);
  Variant split;
  split.split_heads = true;
  ExpectFused(split);
  Variant mqa;  // One KV head shared by both query heads: MatMul broadcasts it, Attention groups.
  mqa.kv_heads = 1;
  ExpectFused(mqa);
  Variant full_mask;
  full_mask.mask_dims = {3, 5};
  ExpectFused(full_mask);
  Variant old;  // Softmax before opset 13, on axis 3.
  old.opset = 11;
  ExpectFused(old);
}

TEST(FuseAttention, MasksThatWouldBroadcastOverKeysStay) {
  Variant v;
  v.mask_dims = {2, 1, 1, 1};  // Add broadcasts it over the keys; Attention would pad it with -inf.
  EXPECT_EQ(Count(ExpectSameOutputs(Pattern(v), Passes({"fuse_attention"})).summary, "Attention"), 0);
}

TEST(FuseAttention, SoftmaxOverAnotherAxisStays) {
  Variant v;
  v.opset = 11;
  OnnxModel m = Pattern(v);
  auto* sm = m.proto().mutable_graph()->mutable_node(4);
  ASSERT_EQ(sm->op_type(), "Softmax");
  sm->clear_attribute();  // Opset 11's default axis 1 flattens [heads, q, kv].
  EXPECT_EQ(Count(ExpectSameOutputs(m, Passes({"fuse_attention"})).summary, "Attention"), 0);
}

}  // namespace
}  // namespace onyx::converter::passes
