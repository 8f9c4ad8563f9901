#include "converter/passes/layout.h"

#include <map>

#include "converter/passes/pass_test_util.h"

namespace onyx::converter::passes {
namespace {

using testing::Count;
using testing::ExpectSameOutputs;
using testing::Level;
using testing::OnnxModel;
using testing::Passes;
using testing::SetFloat;
using testing::SetInt;
using testing::SetInts;
using testing::SetString;

const std::string kNhwc = std::string(kNhwcDomain) + ".";

// Tensor name -> layout as the file records it (main graph).
std::map<std::string, fb::Layout> FileLayouts(const std::vector<uint8_t>& file) {
  std::map<std::string, fb::Layout> out;
  AlignedBuffer copy = AlignedBuffer::Allocate(file.size()).value();
  std::memcpy(copy.data(), file.data(), file.size());
  Result<format::ModelView> view = format::VerifyModel(copy.data(), file.size());
  if (!view.ok()) {
    ADD_FAILURE() << view.status().ToString();
    return out;
  }
  for (const fb::Tensor* t : *view->model->graphs()->Get(0)->tensors()) out[t->name()->str()] = t->layout();
  return out;
}

// x -> Conv(3x3, bias) -> Relu -> MaxPool -> depthwise Conv (stride 2) ->
// Clip(0, 6) -> Mul by a per-channel [C, 1, 1] -> Add 0.5 -> GlobalAveragePool
// -> Flatten -> Gemm: one region from the first Conv to the pool.
OnnxModel Chain(int64_t batch) {
  OnnxModel m(13);
  m.Input("x", {batch, 3, 12, 12}).Output("y");
  m.RandomWeight("w1", {8, 3, 3, 3}).RandomWeight("b1", {8}).RandomWeight("w2", {8, 1, 3, 3});
  m.RandomWeight("scale", {8, 1, 1}).Scalar("lo", 0).Scalar("hi", 6).Scalar("half", 0.5f);
  m.RandomWeight("fc", {8, 5}).RandomWeight("fc_b", {5});
  SetInts(m.Node("Conv", {"x", "w1", "b1"}, {"c1"}, "conv1"), "pads", {1, 1, 1, 1});
  m.Node("Relu", {"c1"}, {"r1"});
  auto* pool = m.Node("MaxPool", {"r1"}, {"p1"});
  SetInts(pool, "kernel_shape", {2, 2});
  SetInts(pool, "strides", {2, 2});
  auto* dw = m.Node("Conv", {"p1", "w2"}, {"c2"}, "dw");
  SetInt(dw, "group", 8);
  SetInts(dw, "strides", {2, 2});
  SetInts(dw, "pads", {1, 0, 1, 0});
  m.Node("Clip", {"c2", "lo", "hi"}, {"k2"});
  m.Node("Mul", {"k2", "scale"}, {"s2"});
  m.Node("Add", {"half", "s2"}, {"a2"});
  m.Node("GlobalAveragePool", {"a2"}, {"g"});
  m.Node("Flatten", {"g"}, {"f"});
  m.Node("Gemm", {"f", "fc", "fc_b"}, {"y"});
  return m;
}

TEST(Layout, ChainIsOneRegionWithTwoTransposes) {
  for (int64_t batch : {2, -1}) {
    SCOPED_TRACE(StrCat("batch ", batch));
    testing::Converted c = ExpectSameOutputs(Chain(batch), Passes({"layout"}), 1e-5);
    EXPECT_EQ(Count(c.summary, "Transpose"), 2);
    EXPECT_EQ(Count(c.summary, kNhwc + "Conv"), 2);
    EXPECT_EQ(Count(c.summary, kNhwc + "MaxPool"), 1);
    EXPECT_EQ(Count(c.summary, kNhwc + "GlobalAveragePool"), 1);
    EXPECT_EQ(Count(c.summary, "Conv"), 0);
    // Relu, Clip, Mul and Add stay in the default domain, reading NHWC data.
    EXPECT_EQ(Count(c.summary, "Relu") + Count(c.summary, "Clip") + Count(c.summary, "Mul") + Count(c.summary, "Add"),
              4);
    EXPECT_EQ(c.summary.rewrites, (std::vector<std::pair<std::string, int>>{{"layout", 8}}));
    // The NCHW weights are gone, replaced by OHWI / [1, 1, 1, C] copies.
    EXPECT_EQ(c.summary.weight_bytes, (8 * 27 + 8 + 8 * 9 + 8 + 3 + 8 * 5 + 5) * 4u);
    for (const testing::FileNode& n : testing::Nodes(c.file)) {
      if (n.op_type != "Transpose") continue;
      const std::string perm = testing::Attr(n, "perm");
      EXPECT_TRUE(perm == "0,2,3,1" || perm == "0,3,1,2") << perm;
    }
  }
}

TEST(Layout, RecordsRegionTensorsAsNhwc) {
  testing::Converted c = testing::Convert(Chain(1), Passes({"layout"}));
  std::map<std::string, fb::Layout> layouts = FileLayouts(c.file);
  int nhwc = 0;
  for (const auto& kv : layouts) nhwc += kv.second == fb::Layout::NHWC;
  // x's entry copy, c1 r1 p1 c2 k2 s2 a2 g (9 region tensors) and the two
  // transposed Conv weights.
  EXPECT_EQ(nhwc, 11);
  EXPECT_EQ(layouts["x"], fb::Layout::ANY);
  EXPECT_EQ(layouts["g"], fb::Layout::ANY);  // The exit transpose's NCHW output keeps the name.
  EXPECT_EQ(layouts["g_nhwc"], fb::Layout::NHWC);
  EXPECT_EQ(layouts["w1_nhwc"], fb::Layout::NHWC);
  EXPECT_EQ(layouts["f"], fb::Layout::ANY);
}

// a = Relu(Conv(x)); b = Conv(a); c = Relu(a + b); Concat(a, c) on channels
// -> 1x1 Conv -> AveragePool(count_include_pad) -> graph output y.
TEST(Layout, ResidualAddAndConcatStayInTheRegion) {
  OnnxModel m(13);
  m.Input("x", {1, 4, 9, 9}).Output("y");
  m.RandomWeight("w1", {6, 4, 3, 3}).RandomWeight("w2", {6, 6, 3, 3}).RandomWeight("w3", {5, 12, 1, 1});
  SetString(m.Node("Conv", {"x", "w1"}, {"c1"}), "auto_pad", "SAME_UPPER");
  m.Node("Relu", {"c1"}, {"a"});
  SetInts(m.Node("Conv", {"a", "w2"}, {"b"}), "pads", {1, 1, 1, 1});
  m.Node("Add", {"a", "b"}, {"s"});
  m.Node("Relu", {"s"}, {"c"});
  SetInt(m.Node("Concat", {"a", "c"}, {"cat"}), "axis", -3);
  m.Node("Conv", {"cat", "w3"}, {"d"});
  auto* pool = m.Node("AveragePool", {"d"}, {"y"});
  SetInts(pool, "kernel_shape", {3, 3});
  SetInts(pool, "pads", {1, 1, 1, 1});
  SetInt(pool, "count_include_pad", 1);
  testing::Converted c = ExpectSameOutputs(m, Passes({"layout"}), 1e-5);
  EXPECT_EQ(Count(c.summary, "Transpose"), 2);
  EXPECT_EQ(Count(c.summary, "Concat"), 1);
  EXPECT_EQ(Count(c.summary, kNhwc + "AveragePool"), 1);
  for (const testing::FileNode& n : testing::Nodes(c.file)) {
    if (n.op_type == "Concat") EXPECT_EQ(testing::Attr(n, "axis"), "3");
  }
}

// Squeeze-and-excitation, after the activation fusion: FusedConv, the pool
// and the Mul of two region tensors of different shapes all stay NHWC.
TEST(Layout, FusedConvAndSqueezeExcitation) {
  OnnxModel m(14);
  m.Input("x", {2, 4, 7, 7}).Output("y");
  m.RandomWeight("w", {8, 4, 3, 3}).RandomWeight("se1", {2, 8, 1, 1}).RandomWeight("se2", {8, 2, 1, 1});
  SetInts(m.Node("Conv", {"x", "w"}, {"c"}), "pads", {1, 1, 1, 1});
  m.Node("HardSwish", {"c"}, {"h"});
  m.Node("GlobalAveragePool", {"h"}, {"g"});
  m.Node("Conv", {"g", "se1"}, {"e1"});
  m.Node("Relu", {"e1"}, {"r"});
  m.Node("Conv", {"r", "se2"}, {"e2"});
  m.Node("Sigmoid", {"e2"}, {"gate"});
  m.Node("Mul", {"h", "gate"}, {"y"});
  testing::Converted c = ExpectSameOutputs(m, Passes({"fuse_activation", "layout"}), 1e-5);
  EXPECT_EQ(Count(c.summary, kNhwc + "FusedConv"), 3);
  EXPECT_EQ(Count(c.summary, kNhwc + "GlobalAveragePool"), 1);
  EXPECT_EQ(Count(c.summary, "Mul"), 1);
  EXPECT_EQ(Count(c.summary, "Transpose"), 2);
}

// A region tensor that is a graph output and is read outside the region
// leaves through one transpose, which keeps its name.
TEST(Layout, OneExitPerTensorLeavingTheRegion) {
  OnnxModel m(13);
  m.Input("x", {1, 3, 6, 6}).Output("c1").Output("y").Output("z");
  m.RandomWeight("w1", {4, 3, 3, 3}).RandomWeight("w2", {4, 4, 1, 1});
  SetInts(m.Node("Conv", {"x", "w1"}, {"c1"}), "pads", {1, 1, 1, 1});
  m.Node("Conv", {"c1", "w2"}, {"y"});
  SetInt(m.Node("Softmax", {"c1"}, {"z"}), "axis", 1);  // Reads the channel axis: stays NCHW.
  testing::Converted c = ExpectSameOutputs(m, Passes({"layout"}), 1e-5);
  EXPECT_EQ(Count(c.summary, "Transpose"), 3);  // Into the region; c1 and y out of it.
  EXPECT_EQ(Count(c.summary, "Softmax"), 1);
}

// An elementwise op that also reads an NCHW activation from outside would
// need a transpose of its own: it stays NCHW, after the region's exit.
TEST(Layout, ElementwiseWithAnOutsideActivationStaysOut) {
  OnnxModel m(13);
  m.Input("x", {1, 3, 5, 5}).Input("skip", {1, 4, 5, 5}).Output("y");
  m.RandomWeight("w", {4, 3, 1, 1});
  m.Node("Conv", {"x", "w"}, {"c"});
  m.Node("Add", {"c", "skip"}, {"y"});
  testing::Converted c = ExpectSameOutputs(m, Passes({"layout"}), 1e-5);
  EXPECT_EQ(Count(c.summary, "Transpose"), 2);
  std::map<std::string, fb::Layout> layouts = FileLayouts(c.file);
  EXPECT_EQ(layouts["y"], fb::Layout::ANY);
}

// Conv -> DepthToSpace -> ConvTranspose -> Resize (scales, or sizes with
// `axes` at opset 18) -> Relu: one region.
TEST(Layout, UpsamplingOpsJoinTheRegion) {
  for (int opset : {13, 18}) {
    SCOPED_TRACE(StrCat("opset ", opset));
    OnnxModel m(opset);
    m.Input("x", {1, 4, 5, 5}).Output("y");
    m.RandomWeight("w", {8, 4, 3, 3}).RandomWeight("wt", {2, 3, 3, 3}).RandomWeight("bt", {3});
    SetInts(m.Node("Conv", {"x", "w"}, {"c"}), "pads", {1, 1, 1, 1});
    auto* d2s = m.Node("DepthToSpace", {"c"}, {"d"});
    SetInt(d2s, "blocksize", 2);
    SetString(d2s, "mode", "CRD");
    auto* ct = m.Node("ConvTranspose", {"d", "wt", "bt"}, {"t"});
    SetInts(ct, "strides", {2, 2});
    SetInts(ct, "pads", {1, 1, 1, 1});
    SetInts(ct, "output_padding", {1, 0});
    if (opset == 13) {
      m.Weight("scales", {4}, std::vector<float>{1, 1, 0.5f, 0.75f});
      SetString(m.Node("Resize", {"t", "", "scales"}, {"r"}), "mode", "linear");
    } else {
      m.Weight("sizes", {2}, std::vector<int64_t>{7, 9});
      auto* resize = m.Node("Resize", {"t", "", "", "sizes"}, {"r"});
      SetString(resize, "mode", "nearest");
      SetInts(resize, "axes", {2, 3});
    }
    m.Node("Relu", {"r"}, {"y"});
    testing::Converted c = ExpectSameOutputs(m, Passes({"layout"}), 1e-5);
    EXPECT_EQ(Count(c.summary, "Transpose"), 2);
    EXPECT_EQ(Count(c.summary, kNhwc + "DepthToSpace"), 1);
    EXPECT_EQ(Count(c.summary, kNhwc + "ConvTranspose"), 1);
    EXPECT_EQ(Count(c.summary, kNhwc + "Resize"), 1);
    for (const testing::FileNode& n : testing::Nodes(c.file)) {
      if (n.op_type == "Resize" && opset == 18) EXPECT_EQ(testing::Attr(n, "axes"), "1,2");
    }
  }
}

TEST(Layout, LeavesWhatItCannotMove) {
  OnnxModel m(13);
  m.Input("x1", {1, 2, 10}).Input("x3", {1, 2, 4, 4, 4}).Input("x", {1, 2, 6, 6}).Input("wx", {3, 2, 3, 3});
  m.Output("y1").Output("y3").Output("yi").Output("yw").Output("ii", testing::kInt64);
  m.RandomWeight("w1", {3, 2, 3}).RandomWeight("w3", {3, 2, 1, 1, 1});
  m.Node("Conv", {"x1", "w1"}, {"y1"});                                     // 1-D.
  m.Node("Conv", {"x3", "w3"}, {"y3"});                                     // 3-D.
  SetInts(m.Node("MaxPool", {"x"}, {"yi", "ii"}), "kernel_shape", {2, 2});  // Indices.
  m.Node("Conv", {"x", "wx"}, {"yw"});                                      // W not a constant.
  testing::Converted c = ExpectSameOutputs(m, Passes({"layout"}));
  EXPECT_EQ(Count(c.summary, "Transpose"), 0);
  EXPECT_EQ(Count(c.summary, "Conv"), 3);
  EXPECT_TRUE(c.summary.rewrites.empty());
}

TEST(Layout, SharedWeightIsTransposedOnce) {
  OnnxModel m(13);
  m.Input("x", {1, 4, 5, 5}).Output("y");
  m.RandomWeight("w", {4, 4, 3, 3});
  SetInts(m.Node("Conv", {"x", "w"}, {"a"}), "pads", {1, 1, 1, 1});
  SetInts(m.Node("Conv", {"a", "w"}, {"y"}), "pads", {1, 1, 1, 1});
  testing::Converted c = ExpectSameOutputs(m, Passes({"layout"}), 1e-5);
  EXPECT_EQ(c.summary.weight_bytes, 4 * 4 * 9 * 4u);
  EXPECT_EQ(Count(c.summary, "Transpose"), 2);
}

TEST(Layout, RunsAtLayoutLevelsOnly) {
  const OnnxModel m = Chain(1);
  EXPECT_EQ(Count(ExpectSameOutputs(m, Level(kEnableExtended), 1e-5).summary, "Transpose"), 0);
  for (int level : {kEnableLayout, kEnableAll}) {
    testing::Converted c = ExpectSameOutputs(m, Level(level), 1e-5);
    EXPECT_EQ(Count(c.summary, "Transpose"), 2);
    // Conv + Relu and Conv + Clip were fused first.
    EXPECT_EQ(Count(c.summary, kNhwc + "FusedConv"), 2);
  }
  // The same bytes twice.
  EXPECT_EQ(testing::Convert(m, ConvertOptions()).file, testing::Convert(m, ConvertOptions()).file);
}

}  // namespace
}  // namespace onyx::converter::passes
