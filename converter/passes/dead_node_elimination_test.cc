#include "converter/passes/dead_node_elimination.h"

#include "converter/passes/pass_test_util.h"

namespace onyx::converter::passes {
namespace {

using testing::Count;
using testing::ExpectSameOutputs;
using testing::OnnxModel;
using testing::Passes;

TEST(DeadNodeElimination, UnreadChainsGoGraphOutputsStay) {
  OnnxModel m;
  m.Input("x", {2, 3}).Output("y").Output("z");
  m.Node("Relu", {"x"}, {"y"});
  m.Node("Exp", {"x"}, {"e"});      // Read only by the dead Log.
  m.Node("Log", {"e"}, {"unused"});
  m.Node("Sigmoid", {"x"}, {"z"});  // A graph output, read by nothing.
  testing::Converted c = ExpectSameOutputs(m, Passes({"eliminate_dead"}));
  EXPECT_EQ(c.summary.num_nodes, 2u);
  EXPECT_EQ(Count(c.summary, "Exp"), 0);
  EXPECT_EQ(Count(c.summary, "Log"), 0);
  EXPECT_EQ(c.summary.rewrites, (std::vector<std::pair<std::string, int>>{{"eliminate_dead", 2}}));
}

TEST(DeadNodeElimination, UnusedOptionalOutputsDoNotKeepANodeAlive) {
  OnnxModel m;
  m.Input("x", {4, 3}).Output("y");
  m.Node("TopK", {"x", "k"}, {"values", "indices"});
  m.Weight("k", {1}, std::vector<int64_t>{2});
  m.Node("Split", {"x"}, {"s0", "s1"});  // Neither half is read.
  m.Node("Neg", {"values"}, {"y"});
  testing::Converted c = ExpectSameOutputs(m, Passes({"eliminate_dead"}));
  EXPECT_EQ(Count(c.summary, "TopK"), 1);
  EXPECT_EQ(Count(c.summary, "Split"), 0);
}

}  // namespace
}  // namespace onyx::converter::passes
