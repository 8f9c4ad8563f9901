#include "converter/passes/constant_folding.h"

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

TEST(ConstantFolding, ChainsOfWeightsBecomeOneWeight) {
  OnnxModel m;
  m.Input("x", {3, 4}).Output("y");
  m.RandomWeight("a", {4, 3}).RandomWeight("b", {4, 3});
  m.Node("Mul", {"a", "b"}, {"ab"});
  SetInts(m.Node("Transpose", {"ab"}, {"abt"}), "perm", {1, 0});
  m.Node("Sqrt", {"abt"}, {"root"});  // NaN for negative products: compared bit for bit as values.
  m.Node("Abs", {"abt"}, {"mag"});
  m.Node("Add", {"x", "mag"}, {"y"});
  testing::Converted c = ExpectSameOutputs(m, Passes({"constant_folding"}));
  // Mul, Transpose, Sqrt, Abs fold; Sqrt's result is then read by nothing.
  EXPECT_EQ(c.summary.num_nodes, 1u);
  EXPECT_EQ(Count(c.summary, "Add"), 1);
  EXPECT_EQ(c.summary.rewrites, (std::vector<std::pair<std::string, int>>{{"constant_folding", 4}}));
}

// y = Reshape(x, Concat(Gather(Shape(x), 0), [-1])): the shape subgraph of
// exported models, which folds once x's shape is known for every run.
OnnxModel ShapeSubgraph(int64_t batch) {
  OnnxModel m;
  m.Input("x", {batch, 3, 4}).Output("y");
  m.Weight("zero", {}, std::vector<int64_t>{0}).Weight("minus_one", {1}, std::vector<int64_t>{-1});
  m.Weight("axes0", {1}, std::vector<int64_t>{0});
  m.Node("Shape", {"x"}, {"shape"});
  SetInt(m.Node("Gather", {"shape", "zero"}, {"n"}), "axis", 0);
  m.Node("Unsqueeze", {"n", "axes0"}, {"n1"});
  SetInt(m.Node("Concat", {"n1", "minus_one"}, {"target"}), "axis", 0);
  m.Node("Reshape", {"x", "target"}, {"y"});
  return m;
}

TEST(ConstantFolding, ShapeSubgraphFoldsWhenShapesAreStatic) {
  testing::Converted c = ExpectSameOutputs(ShapeSubgraph(2), Passes({"constant_folding"}));
  EXPECT_EQ(c.summary.num_nodes, 1u);
  EXPECT_EQ(Count(c.summary, "Reshape"), 1);
}

TEST(ConstantFolding, ShapeOfASymbolicDimStays) {
  testing::Converted c = ExpectSameOutputs(ShapeSubgraph(-1), Passes({"constant_folding"}));
  EXPECT_EQ(c.summary.num_nodes, 5u);
  EXPECT_EQ(Count(c.summary, "Shape"), 1);
  // With the batch given, it folds.
  ConvertOptions given = Passes({"constant_folding"});
  given.input_shapes["x"] = {5, 3, 4};
  EXPECT_EQ(testing::Convert(ShapeSubgraph(-1), given).summary.num_nodes, 1u);
}

TEST(ConstantFolding, RandomOpsLargeResultsAndGraphOutputsStay) {
  OnnxModel m;
  m.Input("x", {2, 3}).Output("y").Output("big").Output("c", testing::kInt64);
  m.Weight("small_shape", {2}, std::vector<int64_t>{2, 3}).Weight("big_shape", {2}, std::vector<int64_t>{1024, 512});
  auto* r = m.Node("RandomUniform", {}, {"noise"});
  SetInts(r, "shape", {2, 3});
  SetFloat(r, "high", 1.0f);
  m.Node("ConstantOfShape", {"small_shape"}, {"ones_small"});
  m.Node("Add", {"x", "ones_small"}, {"xs"});
  m.Node("Add", {"xs", "noise"}, {"y"});
  m.Node("ConstantOfShape", {"big_shape"}, {"big"});  // 2 MiB of float: over the 1 MiB cap.
  m.Node("Neg", {"small_shape"}, {"c"});              // A graph output keeps its node.
  testing::Converted c = testing::Convert(m, Passes({"constant_folding"}));
  EXPECT_EQ(Count(c.summary, "RandomUniform"), 1);
  EXPECT_EQ(Count(c.summary, "ConstantOfShape"), 1);  // The big one.
  EXPECT_EQ(Count(c.summary, "Neg"), 1);
  EXPECT_EQ(c.summary.num_nodes, 5u);
}

TEST(ConstantFolding, ConstantNodesBecomeWeights) {
  OnnxModel m;
  m.Input("x", {4}).Output("y");
  auto* k = m.Node("Constant", {}, {"k"});
  auto* a = k->add_attribute();
  a->set_name("value_floats");
  a->set_type(onnx::AttributeProto::FLOATS);
  for (float v : {1.5f, -2.0f, 0.25f, 8.0f}) a->add_floats(v);
  m.Node("Mul", {"x", "k"}, {"y"});
  testing::Converted c = ExpectSameOutputs(m, Passes({"constant_folding"}));
  EXPECT_EQ(c.summary.num_nodes, 1u);
  EXPECT_EQ(c.summary.weight_bytes, 16u);
}

}  // namespace
}  // namespace onyx::converter::passes
