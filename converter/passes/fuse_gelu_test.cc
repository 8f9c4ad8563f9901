#include "converter/passes/fuse_gelu.h"

#include <cmath>

#include "converter/passes/pass_test_util.h"

namespace onyx::converter::passes {
namespace {

using testing::Count;
using testing::ExpectSameOutputs;
using testing::OnnxModel;
using testing::Passes;

enum class Half { kLast, kFirst, kOnBracket };

// 0.5 * x * (1 + erf(x / sqrt(2))) in the groupings exporters produce.
OnnxModel ErfGelu(Half half, bool div) {
  OnnxModel m(13);  // Gelu is opset 20: the node carries its own opset.
  m.Input("x", {2, 16}).Output("y");
  m.Scalar("sqrt2", std::sqrt(2.0f)).Scalar("inv_sqrt2", 1.0f / std::sqrt(2.0f)).Scalar("one", 1.0f);
  m.Scalar("half", 0.5f);
  if (div) {
    m.Node("Div", {"x", "sqrt2"}, {"a"});
  } else {
    m.Node("Mul", {"inv_sqrt2", "x"}, {"a"});
  }
  m.Node("Erf", {"a"}, {"e"}, "erf");
  m.Node("Add", {"one", "e"}, {"s"});
  switch (half) {
    case Half::kLast:
      m.Node("Mul", {"x", "s"}, {"xs"});
      m.Node("Mul", {"xs", "half"}, {"y"});
      break;
    case Half::kFirst:
      m.Node("Mul", {"half", "x"}, {"hx"});
      m.Node("Mul", {"s", "hx"}, {"y"});
      break;
    case Half::kOnBracket:
      m.Node("Mul", {"s", "half"}, {"hs"});
      m.Node("Mul", {"x", "hs"}, {"y"});
      break;
  }
  return m;
}

TEST(FuseGelu, ErfFormsBecomeGelu) {
  for (Half half : {Half::kLast, Half::kFirst, Half::kOnBracket}) {
    for (bool div : {true, false}) {
      SCOPED_TRACE(StrCat("grouping ", static_cast<int>(half), " div ", div));
      testing::Converted c = ExpectSameOutputs(ErfGelu(half, div), Passes({"fuse_gelu"}));
      ASSERT_EQ(c.summary.num_nodes, 1u);
      std::vector<testing::FileNode> nodes = testing::Nodes(c.file);
      EXPECT_EQ(nodes[0].op_type, "Gelu");
      EXPECT_EQ(nodes[0].opset, 20);
      EXPECT_EQ(nodes[0].name, "erf");
      EXPECT_EQ(testing::Attr(nodes[0], "approximate"), "none");
    }
  }
}

void TanhTail(OnnxModel& m);

TEST(FuseGelu, TanhFormBecomesGelu) {
  for (bool pow : {true, false}) {
    SCOPED_TRACE(pow ? "Pow(x, 3)" : "x * x * x");
    OnnxModel m(17);
    m.Input("x", {3, 10}).Output("y");
    m.Scalar("three", 3.0f).Scalar("c", 0.044715f).Scalar("k", std::sqrt(2.0f / 3.14159265f)).Scalar("one", 1.0f);
    m.Scalar("half", 0.5f);
    if (pow) {
      m.Node("Pow", {"x", "three"}, {"cube"});
    } else {
      m.Node("Mul", {"x", "x"}, {"square"});
      m.Node("Mul", {"square", "x"}, {"cube"});
    }
    TanhTail(m);
    testing::Converted c = ExpectSameOutputs(m, Passes({"fuse_gelu"}));
    ASSERT_EQ(c.summary.num_nodes, 1u);
    EXPECT_EQ(testing::Attr(testing::Nodes(c.file)[0], "approximate"), "tanh");
  }
}

void TanhTail(OnnxModel& m) {
  m.Node("Mul", {"c", "cube"}, {"ccube"});
  m.Node("Add", {"x", "ccube"}, {"inner"});
  m.Node("Mul", {"inner", "k"}, {"scaled"});
  m.Node("Tanh", {"scaled"}, {"t"});
  m.Node("Add", {"t", "one"}, {"s"});
  m.Node("Mul", {"x", "s"}, {"xs"});
  m.Node("Mul", {"half", "xs"}, {"y"});
}

TEST(FuseGelu, OtherConstantsOrSharedValuesStay) {
  OnnxModel m = ErfGelu(Half::kLast, true);
  const float not_half = 0.6f;  // Not a Gelu.
  m.proto().mutable_graph()->mutable_initializer(3)->set_raw_data(
      std::string(reinterpret_cast<const char*>(&not_half), sizeof(float)));
  EXPECT_EQ(Count(ExpectSameOutputs(m, Passes({"fuse_gelu"})).summary, "Gelu"), 0);

  OnnxModel shared = ErfGelu(Half::kLast, true);
  shared.Output("e");  // The Erf's output is also a graph output.
  EXPECT_EQ(Count(ExpectSameOutputs(shared, Passes({"fuse_gelu"})).summary, "Gelu"), 0);
}

}  // namespace
}  // namespace onyx::converter::passes
