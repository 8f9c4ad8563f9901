#include "converter/passes/fuse_activation.h"

#include "converter/passes/pass_test_util.h"

namespace onyx::converter::passes {
namespace {

using testing::Count;
using testing::ExpectSameOutputs;
using testing::OnnxModel;
using testing::Passes;
using testing::SetFloat;
using testing::SetInt;

struct Act {
  std::string op;
  std::vector<std::pair<std::string, float>> attrs;
  std::vector<std::string> extra_inputs;  // Clip's bounds.
  std::string fused_params;              // FusedConv's activation_params as written.
};

std::vector<Act> Activations() {
  return {
      {"Relu", {}, {}, ""},
      {"LeakyRelu", {{"alpha", 0.2f}}, {}, "0.200000"},
      {"Sigmoid", {}, {}, ""},
      {"Tanh", {}, {}, ""},
      {"HardSigmoid", {{"alpha", 0.3f}}, {}, "0.300000,0.500000"},
      {"HardSwish", {}, {}, ""},
      {"Clip", {}, {"lo", "hi"}, "-0.500000,0.500000"},
      {"Clip", {}, {"", "hi"}, "-340282346638528859811704183484516925440.000000,0.500000"},
  };
}

void AddActivation(OnnxModel& m, const Act& act, const std::string& in, const std::string& out) {
  std::vector<std::string> inputs = {in};
  inputs.insert(inputs.end(), act.extra_inputs.begin(), act.extra_inputs.end());
  auto* node = m.Node(act.op, inputs, {out});
  for (const auto& kv : act.attrs) SetFloat(node, kv.first, kv.second);
}

TEST(FuseActivation, ConvPlusEachActivation) {
  for (const Act& act : Activations()) {
    SCOPED_TRACE(act.op + " " + act.fused_params);
    OnnxModel m(14);
    m.Input("x", {1, 2, 5, 5}).Output("y");
    m.RandomWeight("w", {4, 2, 3, 3}).RandomWeight("b", {4}).Scalar("lo", -0.5f).Scalar("hi", 0.5f);
    m.Node("Conv", {"x", "w", "b"}, {"c"}, "conv");
    AddActivation(m, act, "c", "y");
    testing::Converted c = ExpectSameOutputs(m, Passes({"fuse_activation"}));
    ASSERT_EQ(c.summary.num_nodes, 1u);
    std::vector<testing::FileNode> nodes = testing::Nodes(c.file);
    EXPECT_EQ(nodes[0].op_type, "FusedConv");
    EXPECT_EQ(nodes[0].domain, "com.microsoft");
    EXPECT_EQ(nodes[0].opset, 1);
    EXPECT_EQ(nodes[0].name, "conv");
    EXPECT_EQ(testing::Attr(nodes[0], "activation"), act.op);
    EXPECT_EQ(testing::Attr(nodes[0], "activation_params"), act.fused_params);
  }
}

TEST(FuseActivation, GemmAndMatMulPlusEachActivation) {
  for (const Act& act : Activations()) {
    SCOPED_TRACE(act.op + " " + act.fused_params);
    OnnxModel m(14);
    m.Input("a", {3, 4}).Output("y").Output("z");
    m.RandomWeight("b", {4, 5}).RandomWeight("c", {5}).Scalar("lo", -0.5f).Scalar("hi", 0.5f);
    SetFloat(m.Node("Gemm", {"a", "b", "c"}, {"g"}), "alpha", 0.5f);
    AddActivation(m, act, "g", "y");
    m.Node("MatMul", {"a", "b"}, {"p"});
    AddActivation(m, act, "p", "z");
    testing::Converted c = ExpectSameOutputs(m, Passes({"fuse_activation"}));
    EXPECT_EQ(c.summary.num_nodes, 2u);
    EXPECT_EQ(Count(c.summary, "com.microsoft.FusedGemm"), 2);
  }
}

TEST(FuseActivation, DecomposedHardSwishAndSwish) {
  OnnxModel m(13);  // Swish is opset 24: the node carries it, the model imports 13.
  m.Input("x", {2, 8}).Output("y").Output("z");
  auto* hs = m.Node("HardSigmoid", {"x"}, {"h"});
  SetFloat(hs, "alpha", 1.0f / 6);
  m.Node("Mul", {"x", "h"}, {"y"});
  m.Node("Sigmoid", {"x"}, {"s"});
  m.Node("Mul", {"s", "x"}, {"z"});
  testing::Converted c = ExpectSameOutputs(m, Passes({"fuse_activation"}));
  EXPECT_EQ(Count(c.summary, "HardSwish"), 1);
  EXPECT_EQ(Count(c.summary, "Swish"), 1);
  EXPECT_EQ(c.summary.num_nodes, 2u);
  for (const testing::FileNode& n : testing::Nodes(c.file)) {
    EXPECT_EQ(n.opset, n.op_type == "Swish" ? 24 : 14) << n.op_type;
  }
}

TEST(FuseActivation, ConvThenDecomposedSwishBecomesOneNode) {
  OnnxModel m;
  m.Input("x", {1, 3, 4, 4}).Output("y");
  m.RandomWeight("w", {3, 3, 1, 1});
  m.Node("Conv", {"x", "w"}, {"c"});
  m.Node("Sigmoid", {"c"}, {"s"});
  m.Node("Mul", {"c", "s"}, {"y"});
  testing::Converted c = ExpectSameOutputs(m, Passes({"fuse_activation"}));
  ASSERT_EQ(c.summary.num_nodes, 1u);
  EXPECT_EQ(testing::Attr(testing::Nodes(c.file)[0], "activation"), "Swish");
}

TEST(FuseActivation, WhatStays) {
  OnnxModel m;
  m.Input("x", {1, 2, 3, 3}).Input("a3", {2, 3, 4}).Input("lo", {}).Output("y").Output("c").Output("z").Output("w");
  m.RandomWeight("k", {2, 2, 1, 1}).RandomWeight("b", {4, 5});
  m.Node("Conv", {"x", "k"}, {"c"});  // Its output is also a graph output.
  m.Node("Relu", {"c"}, {"y"});
  m.Node("MatMul", {"a3", "b"}, {"p"});  // 3-D.
  m.Node("Relu", {"p"}, {"z"});
  m.Node("Conv", {"x", "k"}, {"c2"});
  m.Node("Clip", {"c2", "lo"}, {"w"});  // A bound that is not a constant.
  testing::Converted c = ExpectSameOutputs(m, Passes({"fuse_activation"}));
  EXPECT_EQ(Count(c.summary, "com.microsoft.FusedConv"), 0);
  EXPECT_EQ(c.summary.num_nodes, 6u);
}

}  // namespace
}  // namespace onyx::converter::passes
