#include "converter/passes/fuse_bias.h"

#include "converter/passes/pass_test_util.h"

namespace onyx::converter::passes {
namespace {

using testing::Count;
using testing::ExpectSameOutputs;
using testing::OnnxModel;
using testing::Passes;
using testing::SetFloat;
using testing::SetInt;

TEST(FuseBias, ConvPlusPerChannelConstant) {
  for (bool has_bias : {false, true}) {
    for (std::vector<int64_t> dims : {std::vector<int64_t>{1, 3, 1, 1}, {3, 1, 1}, {1}, {}}) {
      SCOPED_TRACE(StrCat("conv bias ", has_bias, ", added ", DimsToString(dims)));
      OnnxModel m;
      m.Input("x", {2, 2, 5, 5}).Output("y");
      m.RandomWeight("w", {3, 2, 3, 3}).RandomWeight("b", {3}).RandomWeight("add", dims);
      m.Node("Conv", has_bias ? std::vector<std::string>{"x", "w", "b"} : std::vector<std::string>{"x", "w"}, {"c"});
      m.Node("Add", {"add", "c"}, {"y"});
      testing::Converted c = ExpectSameOutputs(m, Passes({"fuse_bias"}));
      EXPECT_EQ(Count(c.summary, "Add"), 0);
      EXPECT_EQ(c.summary.num_nodes, 1u);
    }
  }
}

TEST(FuseBias, ConvPlusANonChannelConstantStays) {
  OnnxModel m;
  m.Input("x", {1, 2, 4, 4}).Output("y");
  m.RandomWeight("w", {3, 2, 1, 1}).RandomWeight("add", {1, 1, 4, 1});  // Varies along H.
  m.Node("Conv", {"x", "w"}, {"c"});
  m.Node("Add", {"c", "add"}, {"y"});
  EXPECT_EQ(Count(ExpectSameOutputs(m, Passes({"fuse_bias"})).summary, "Add"), 1);
}

TEST(FuseBias, GemmWithoutAndWithC) {
  for (bool has_c : {false, true}) {
    SCOPED_TRACE(StrCat("C ", has_c));
    OnnxModel m;
    m.Input("a", {3, 4}).Output("y");
    m.RandomWeight("b", {5, 4}).RandomWeight("c", {5}).RandomWeight("add", {1, 5});
    auto* gemm = m.Node("Gemm", has_c ? std::vector<std::string>{"a", "b", "c"} : std::vector<std::string>{"a", "b"},
                        {"g"});
    SetInt(gemm, "transB", 1);
    SetFloat(gemm, "beta", 0.5f);
    SetFloat(gemm, "alpha", 2.0f);
    m.Node("Add", {"g", "add"}, {"y"});
    testing::Converted c = ExpectSameOutputs(m, Passes({"fuse_bias"}));
    EXPECT_EQ(Count(c.summary, "Add"), has_c ? 1 : 0);  // A C of another shape ([5] vs [1, 5]) is not merged.
  }
  OnnxModel m;
  m.Input("a", {3, 4}).Output("y");
  m.RandomWeight("b", {4, 5}).RandomWeight("c", {3, 5}).RandomWeight("add", {3, 5});
  SetFloat(m.Node("Gemm", {"a", "b", "c"}, {"g"}), "beta", -1.5f);
  m.Node("Add", {"add", "g"}, {"y"});
  testing::Converted c = ExpectSameOutputs(m, Passes({"fuse_bias"}));
  EXPECT_EQ(c.summary.num_nodes, 1u);
  EXPECT_EQ(testing::Attr(testing::Nodes(c.file)[0], "beta"), "1.000000");
}

TEST(FuseBias, MatMulPlusAddBecomesGemmOnlyIn2d) {
  OnnxModel m(13);
  m.Input("a", {3, 4}).Input("a3", {2, 3, 4}).Output("y").Output("y3");
  m.RandomWeight("b", {4, 5}).RandomWeight("bias", {5});
  m.Node("MatMul", {"a", "b"}, {"p"}, "proj");
  m.Node("Add", {"p", "bias"}, {"y"});
  m.Node("MatMul", {"a3", "b"}, {"p3"});
  m.Node("Add", {"p3", "bias"}, {"y3"});
  testing::Converted c = ExpectSameOutputs(m, Passes({"fuse_bias"}));
  EXPECT_EQ(Count(c.summary, "Gemm"), 1);
  EXPECT_EQ(Count(c.summary, "MatMul"), 1);
  EXPECT_EQ(Count(c.summary, "Add"), 1);
  for (const testing::FileNode& n : testing::Nodes(c.file)) {
    if (n.op_type == "Gemm") {
      EXPECT_EQ(n.name, "proj");
      EXPECT_EQ(n.opset, 13);
    }
  }
}

TEST(FuseBias, MatMulWithABroadcastingBiasStays) {
  OnnxModel m;
  m.Input("a", {1, 4}).Output("y");
  m.RandomWeight("b", {4, 1}).RandomWeight("bias", {3, 1});  // Add would give [3, 1]: Gemm cannot.
  m.Node("MatMul", {"a", "b"}, {"p"});
  m.Node("Add", {"p", "bias"}, {"y"});
  EXPECT_EQ(Count(ExpectSameOutputs(m, Passes({"fuse_bias"})).summary, "Add"), 1);
}

}  // namespace
}  // namespace onyx::converter::passes
