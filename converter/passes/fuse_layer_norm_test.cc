#include "converter/passes/fuse_layer_norm.h"

#include "converter/passes/pass_test_util.h"

namespace onyx::converter::passes {
namespace {

using testing::Count;
using testing::ExpectSameOutputs;
using testing::OnnxModel;
using testing::Passes;
using testing::SetInts;

struct Variant {
  int opset;          // 18+: ReduceMean's axes are an input.
  bool pow;           // Pow(d, 2) or Mul(d, d).
  bool beta;          // The final Add.
  std::vector<int64_t> axes;
};

// The decomposition PyTorch exports for nn.LayerNorm over the last dims.
OnnxModel Decomposed(const Variant& v) {
  OnnxModel m(v.opset);
  m.Input("x", {2, 3, 8}).Output("y");
  const int64_t k = static_cast<int64_t>(v.axes.size());
  std::vector<int64_t> pdims = k == 1 ? std::vector<int64_t>{8} : std::vector<int64_t>{3, 8};
  m.RandomWeight("gamma", pdims, 0.5f, 1.5f).RandomWeight("beta", pdims).Scalar("eps", 1e-5f).Scalar("two", 2.0f);
  m.Weight("axes", {k}, v.axes);
  auto mean = [&](const std::string& in, const std::string& out) {
    if (v.opset >= 18) {
      m.Node("ReduceMean", {in, "axes"}, {out});
    } else {
      SetInts(m.Node("ReduceMean", {in}, {out}), "axes", v.axes);
    }
  };
  mean("x", "mu");
  m.Node("Sub", {"x", "mu"}, {"d"});
  if (v.pow) {
    m.Node("Pow", {"d", "two"}, {"sq"});
  } else {
    m.Node("Mul", {"d", "d"}, {"sq"});
  }
  mean("sq", "var");
  m.Node("Add", {"var", "eps"}, {"ve"});
  m.Node("Sqrt", {"ve"}, {"std"});
  m.Node("Div", {"d", "std"}, {"n"});
  m.Node("Mul", {"n", "gamma"}, v.beta ? std::vector<std::string>{"scaled"} : std::vector<std::string>{"y"});
  if (v.beta) m.Node("Add", {"beta", "scaled"}, {"y"});
  return m;
}

TEST(FuseLayerNorm, DecomposedFormsBecomeOneNode) {
  const std::vector<Variant> variants = {
      {17, true, true, {-1}}, {18, true, true, {2}}, {17, false, true, {-1}},
      {17, true, false, {-1}}, {18, true, true, {-2, -1}},
  };
  for (const Variant& v : variants) {
    SCOPED_TRACE(StrCat("opset ", v.opset, " pow ", v.pow, " beta ", v.beta, " axes ", v.axes.size()));
    testing::Converted c = ExpectSameOutputs(Decomposed(v), Passes({"fuse_layer_norm"}), 1e-4);
    ASSERT_EQ(c.summary.num_nodes, 1u);
    std::vector<testing::FileNode> nodes = testing::Nodes(c.file);
    EXPECT_EQ(nodes[0].op_type, "LayerNormalization");
    EXPECT_EQ(nodes[0].opset, 17);
    EXPECT_EQ(testing::Attr(nodes[0], "axis"), std::to_string(-static_cast<int64_t>(v.axes.size())));
    EXPECT_EQ(testing::Attr(nodes[0], "epsilon"), "0.000010");
  }
}

TEST(FuseLayerNorm, LeadingAxesOrSharedIntermediatesStay) {
  OnnxModel m = Decomposed({17, true, true, {0}});  // Normalizes over dim 0: not trailing.
  EXPECT_EQ(Count(testing::Convert(m, Passes({"fuse_layer_norm"})).summary, "LayerNormalization"), 0);

  OnnxModel shared = Decomposed({17, true, true, {-1}});
  shared.Output("var");  // The variance is also a graph output.
  testing::Converted c = ExpectSameOutputs(shared, Passes({"fuse_layer_norm"}));
  EXPECT_EQ(Count(c.summary, "LayerNormalization"), 0);
}

}  // namespace
}  // namespace onyx::converter::passes
