#include "converter/passes/fuse_conv_bn.h"

#include "converter/passes/pass_test_util.h"

namespace onyx::converter::passes {
namespace {

using testing::Count;
using testing::ExpectSameOutputs;
using testing::OnnxModel;
using testing::Passes;
using testing::SetFloat;
using testing::SetInt;
using testing::SetInts;

// Conv (with or without bias) -> BatchNormalization -> Relu.
OnnxModel ConvBn(bool bias, int group) {
  OnnxModel m;
  m.Input("x", {2, 4, 6, 6}).Output("y");
  m.RandomWeight("w", {6, 4 / group, 3, 3});
  if (bias) m.RandomWeight("b", {6});
  m.RandomWeight("scale", {6}, 0.5f, 2.0f).RandomWeight("shift", {6}).RandomWeight("mean", {6});
  m.RandomWeight("var", {6}, 0.1f, 3.0f);
  auto* conv = m.Node("Conv", bias ? std::vector<std::string>{"x", "w", "b"} : std::vector<std::string>{"x", "w"},
                      {"c"}, "conv");
  SetInts(conv, "pads", {1, 1, 1, 1});
  SetInt(conv, "group", group);
  SetFloat(m.Node("BatchNormalization", {"c", "scale", "shift", "mean", "var"}, {"bn"}), "epsilon", 1e-3f);
  m.Node("Relu", {"bn"}, {"y"});
  return m;
}

TEST(FuseConvBatchNorm, FoldsIntoWeightsWithAndWithoutBias) {
  for (bool bias : {true, false}) {
    for (int group : {1, 2}) {
      SCOPED_TRACE(StrCat("bias ", bias, ", group ", group));
      testing::Converted c = ExpectSameOutputs(ConvBn(bias, group), Passes({"fuse_conv_bn"}), 1e-5);
      EXPECT_EQ(Count(c.summary, "BatchNormalization"), 0);
      EXPECT_EQ(Count(c.summary, "Conv"), 1);
      // The Conv's own W and B give way to the folded ones.
      EXPECT_EQ(c.summary.weight_bytes, (6 * (4 / group) * 9 + 6) * 4u);
      std::vector<testing::FileNode> nodes = testing::Nodes(c.file);
      ASSERT_EQ(nodes.size(), 2u);
      EXPECT_EQ(nodes[0].name, "conv");
      EXPECT_EQ(testing::Attr(nodes[0], "group"), std::to_string(group));
    }
  }
}

TEST(FuseConvBatchNorm, LeavesBatchNormOfASharedConvOutput) {
  OnnxModel m = ConvBn(true, 1);
  m.Output("c");  // The Conv's output is also a graph output.
  testing::Converted c = ExpectSameOutputs(m, Passes({"fuse_conv_bn"}));
  EXPECT_EQ(Count(c.summary, "BatchNormalization"), 1);
}

TEST(FuseConvBatchNorm, LeavesTrainingModeAndComputedStatistics) {
  OnnxModel m(7);
  m.Input("x", {1, 2, 4, 4}).Input("var", {2}).Output("y");
  m.RandomWeight("w", {2, 2, 1, 1}).RandomWeight("scale", {2}).RandomWeight("shift", {2}).RandomWeight("mean", {2});
  m.Node("Conv", {"x", "w"}, {"c"});
  m.Node("Abs", {"var"}, {"v"});
  m.Node("BatchNormalization", {"c", "scale", "shift", "mean", "v"}, {"y"});  // Variance is not a constant.
  EXPECT_EQ(Count(testing::Convert(m, Passes({"fuse_conv_bn"})).summary, "BatchNormalization"), 1);
}

}  // namespace
}  // namespace onyx::converter::passes
