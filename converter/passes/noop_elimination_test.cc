#include "converter/passes/noop_elimination.h"

#include "converter/passes/pass_test_util.h"

namespace onyx::converter::passes {
namespace {

using testing::Count;
using testing::ExpectSameOutputs;
using testing::OnnxModel;
using testing::Passes;
using testing::SetInt;
using testing::SetInts;

ConvertOptions Eliminate() { return Passes({"eliminate_noops", "eliminate_dead"}); }

TEST(NoOpElimination, IdentityDropoutCastReshapePad) {
  OnnxModel m(13);
  m.Input("x", {2, 3, 4}).Output("y");
  m.Weight("same_shape", {3}, std::vector<int64_t>{2, 3, 4}).Weight("zeros", {6}, std::vector<int64_t>{0, 0, 0, 0, 0, 0});
  m.Node("Relu", {"x"}, {"a"});
  m.Node("Identity", {"a"}, {"b"});
  m.Node("Dropout", {"b"}, {"c"});  // Opset 13, no training_mode: inference.
  SetInt(m.Node("Cast", {"c"}, {"d"}), "to", testing::kFloat);
  m.Node("Reshape", {"d", "same_shape"}, {"e"});
  m.Node("Pad", {"e", "zeros"}, {"f"});
  m.Node("Sigmoid", {"f"}, {"y"});
  testing::Converted c = ExpectSameOutputs(m, Eliminate());
  EXPECT_EQ(c.summary.num_nodes, 2u);  // Relu, Sigmoid.
  EXPECT_EQ(c.summary.rewrites, (std::vector<std::pair<std::string, int>>{{"eliminate_noops", 5}}));
}

TEST(NoOpElimination, NodesThatChangeSomethingStay) {
  OnnxModel m(13);
  m.Input("x", {2, 3, 4}).Output("y").Output("mask", onnx::TensorProto::BOOL);
  m.Weight("other_shape", {2}, std::vector<int64_t>{6, 4}).Weight("pads", {4}, std::vector<int64_t>{0, 1, 0, 0});
  m.Node("Dropout", {"x"}, {"a", "mask"});  // Its mask is a graph output.
  SetInt(m.Node("Cast", {"a"}, {"b"}), "to", onnx::TensorProto::DOUBLE);
  SetInt(m.Node("Cast", {"b"}, {"c"}), "to", testing::kFloat);
  m.Node("Reshape", {"c", "other_shape"}, {"d"});
  m.Node("Pad", {"d", "pads"}, {"e"});
  SetInts(m.Node("Transpose", {"e"}, {"y"}), "perm", {1, 0});
  testing::Converted c = ExpectSameOutputs(m, Eliminate());
  EXPECT_EQ(c.summary.num_nodes, 6u);
  EXPECT_TRUE(c.summary.rewrites.empty());
}

TEST(NoOpElimination, TransposePairsAndIdentityPermutation) {
  OnnxModel m;
  m.Input("x", {2, 3, 4}).Output("y").Output("z");
  SetInts(m.Node("Transpose", {"x"}, {"t1"}), "perm", {1, 2, 0});
  SetInts(m.Node("Transpose", {"t1"}, {"t2"}), "perm", {2, 0, 1});  // Undoes t1.
  m.Node("Relu", {"t2"}, {"y"});
  SetInts(m.Node("Transpose", {"x"}, {"t3"}), "perm", {0, 1, 2});
  m.Node("Neg", {"t3"}, {"z"});
  testing::Converted c = ExpectSameOutputs(m, Eliminate());
  EXPECT_EQ(Count(c.summary, "Transpose"), 0);
  EXPECT_EQ(c.summary.num_nodes, 2u);
}

TEST(NoOpElimination, UnsqueezeSqueezePairs) {
  OnnxModel m;
  m.Input("x", {3, 4}).Output("y").Output("z");
  m.Weight("axes", {2}, std::vector<int64_t>{0, -1}).Weight("axes_pos", {2}, std::vector<int64_t>{3, 0});
  m.Node("Unsqueeze", {"x", "axes"}, {"u"});     // [1, 3, 4, 1]
  m.Node("Squeeze", {"u", "axes_pos"}, {"s"});   // The same axes, written otherwise.
  m.Node("Relu", {"s"}, {"y"});
  m.Weight("other", {1}, std::vector<int64_t>{0});
  m.Node("Unsqueeze", {"x", "other"}, {"u2"});
  m.Node("Unsqueeze", {"u2", "other"}, {"u3"});  // Not a pair.
  m.Node("Squeeze", {"u3", "other"}, {"z"});     // Pairs with u3's Unsqueeze only: kept at z's name.
  testing::Converted c = ExpectSameOutputs(m, Eliminate());
  EXPECT_EQ(Count(c.summary, "Squeeze"), 0);
  EXPECT_EQ(Count(c.summary, "Unsqueeze"), 1);
  EXPECT_EQ(c.summary.num_nodes, 2u);
}

TEST(NoOpElimination, GraphOutputNamesStay) {
  OnnxModel m;
  m.Input("x", {2, 2}).Output("y").Output("passthrough");
  m.Node("Relu", {"x"}, {"r"});
  m.Node("Identity", {"r"}, {"y"});             // Relu now writes y.
  m.Node("Identity", {"x"}, {"passthrough"});   // Input to output: must stay.
  testing::Converted c = ExpectSameOutputs(m, Eliminate());
  EXPECT_EQ(Count(c.summary, "Identity"), 1);
  std::vector<testing::FileNode> nodes = testing::Nodes(c.file);
  ASSERT_EQ(nodes.size(), 2u);
  auto session = Session::FromBytes(c.file.data(), c.file.size(), SessionOptions()).value();
  EXPECT_EQ(session->outputs()[0].name, "y");
  EXPECT_EQ(session->outputs()[1].name, "passthrough");
}

TEST(NoOpElimination, ReshapeWithASymbolicDimStays) {
  OnnxModel m;
  m.Input("x", {-1, 3}).Output("y");
  m.Weight("shape", {2}, std::vector<int64_t>{-1, 3});
  m.Node("Reshape", {"x", "shape"}, {"r"});
  m.Node("Relu", {"r"}, {"y"});
  // The stand-in batch 1 would make both shapes [1, 3]: not proof enough.
  EXPECT_EQ(Count(testing::Convert(m, Eliminate()).summary, "Reshape"), 1);
}

}  // namespace
}  // namespace onyx::converter::passes
