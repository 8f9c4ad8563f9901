#include "converter/passes/pipeline.h"

#include "converter/passes/pass_test_util.h"

namespace onyx::converter::passes {
namespace {

using testing::Count;
using testing::ExpectSameOutputs;
using testing::Level;
using testing::OnnxModel;
using testing::SetFloat;
using testing::SetInts;

// Something for every level: an Identity, constants to fold, Conv + BN + Relu.
OnnxModel Mixed() {
  OnnxModel m(13);
  m.Input("x", {1, 3, 6, 6}).Output("y");
  m.RandomWeight("w", {4, 3, 3, 3}).RandomWeight("scale", {4}, 0.5f, 1.5f).RandomWeight("shift", {4});
  m.RandomWeight("mean", {4}).RandomWeight("var", {4}, 0.5f, 2.0f).RandomWeight("half_w", {4, 3, 3, 3});
  m.Node("Add", {"half_w", "half_w"}, {"w2"});  // Folds.
  m.Node("Identity", {"x"}, {"xi"});
  SetInts(m.Node("Conv", {"xi", "w2"}, {"c"}, "conv"), "pads", {1, 1, 1, 1});
  SetFloat(m.Node("BatchNormalization", {"c", "scale", "shift", "mean", "var"}, {"bn"}), "epsilon", 1e-5f);
  m.Node("Relu", {"bn"}, {"y"});
  return m;
}

TEST(Pipeline, EachLevelDoesItsPart) {
  const OnnxModel m = Mixed();
  EXPECT_EQ(testing::Convert(m, Level(kDisableAll)).summary.num_nodes, 5u);
  testing::Converted basic = ExpectSameOutputs(m, Level(kEnableBasic));
  EXPECT_EQ(basic.summary.num_nodes, 3u);  // Conv, BatchNormalization, Relu.
  EXPECT_EQ(basic.summary.imported_nodes, 5u);
  EXPECT_EQ(Count(basic.summary, "BatchNormalization"), 1);
  testing::Converted extended = ExpectSameOutputs(m, Level(kEnableExtended), 1e-5);
  EXPECT_EQ(extended.summary.num_nodes, 1u);
  EXPECT_EQ(Count(extended.summary, "com.microsoft.FusedConv"), 1);
  EXPECT_EQ(extended.summary.rewrites,
            (std::vector<std::pair<std::string, int>>{
                {"eliminate_noops", 1}, {"constant_folding", 1}, {"fuse_conv_bn", 1}, {"fuse_activation", 1}}));
  // The layout levels run the FusedConv channels-last, between two transposes.
  for (int level : {kEnableLayout, kEnableAll}) {
    testing::Converted c = ExpectSameOutputs(m, Level(level), 1e-5);
    EXPECT_EQ(c.summary.num_nodes, 3u);
    EXPECT_EQ(Count(c.summary, "com.ms.internal.nhwc.FusedConv"), 1);
    EXPECT_EQ(Count(c.summary, "Transpose"), 2);
    EXPECT_EQ(c.summary.rewrites,
              (std::vector<std::pair<std::string, int>>{{"eliminate_noops", 1},
                                                        {"constant_folding", 1},
                                                        {"fuse_conv_bn", 1},
                                                        {"fuse_activation", 1},
                                                        {"layout", 1}}));
  }
}

TEST(Pipeline, DefaultIsAllAndDeterministic) {
  EXPECT_EQ(ConvertOptions().optimization_level, kEnableAll);
  const OnnxModel m = Mixed();
  testing::Converted a = testing::Convert(m, ConvertOptions());
  testing::Converted b = testing::Convert(m, ConvertOptions());
  EXPECT_EQ(a.file, b.file);
  EXPECT_EQ(a.summary.num_nodes, 3u);  // Transpose, NHWC FusedConv, Transpose.
}

// The file's conversion record and opset imports.
struct Record {
  std::vector<std::pair<std::string, std::string>> options;
  std::vector<std::pair<std::string, int64_t>> opsets;
};

Record ReadRecord(const std::vector<uint8_t>& file) {
  Record r;
  AlignedBuffer copy = AlignedBuffer::Allocate(file.size()).value();
  std::memcpy(copy.data(), file.data(), file.size());
  format::ModelView view = format::VerifyModel(copy.data(), file.size()).value();
  for (const fb::KeyValue* kv : *view.model->conversion()->options()) {
    r.options.emplace_back(kv->key()->str(), kv->value()->str());
  }
  for (const fb::OpsetImport* op : *view.model->opset_imports()) {
    r.opsets.emplace_back(op->domain() ? op->domain()->str() : "", op->version());
  }
  return r;
}

TEST(Pipeline, TheFileRecordsTheLevelAndTheFusedDomain) {
  const OnnxModel m = Mixed();
  Record all = ReadRecord(testing::Convert(m, ConvertOptions()).file);
  EXPECT_EQ(all.options, (std::vector<std::pair<std::string, std::string>>{{"optimization_level", "ORT_ENABLE_ALL"}}));
  EXPECT_EQ(all.opsets, (std::vector<std::pair<std::string, int64_t>>{
                            {"", 13}, {"com.microsoft", 1}, {"com.ms.internal.nhwc", 1}}));
  ConvertOptions basic = Level(kEnableBasic);
  basic.input_shapes["x"] = {1, 3, 6, 6};
  Record r = ReadRecord(testing::Convert(m, basic).file);
  EXPECT_EQ(r.options, (std::vector<std::pair<std::string, std::string>>{{"input_shape.x", "1,3,6,6"},
                                                                        {"optimization_level", "ORT_ENABLE_BASIC"}}));
  EXPECT_EQ(r.opsets.size(), 1u);
  Record named = ReadRecord(testing::Convert(m, testing::Passes({"fuse_conv_bn", "eliminate_dead"})).file);
  EXPECT_EQ(named.options.back(), (std::pair<std::string, std::string>("passes", "fuse_conv_bn,eliminate_dead")));
}

TEST(Pipeline, LevelNames) {
  for (const char* name : {"disable_all", "ORT_DISABLE_ALL", "0"}) EXPECT_EQ(ParseOptimizationLevel(name).value(), 0);
  for (const char* name : {"basic", "ORT_ENABLE_BASIC", "1"}) EXPECT_EQ(ParseOptimizationLevel(name).value(), 1);
  for (const char* name : {"extended", "ort_enable_extended", "2"}) {
    EXPECT_EQ(ParseOptimizationLevel(name).value(), 2);
  }
  for (const char* name : {"layout", "ORT_ENABLE_LAYOUT", "3"}) EXPECT_EQ(ParseOptimizationLevel(name).value(), 3);
  for (const char* name : {"all", "ORT_ENABLE_ALL", "99"}) EXPECT_EQ(ParseOptimizationLevel(name).value(), 99);
  Result<int> bad = ParseOptimizationLevel("max");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("extended (ORT_ENABLE_EXTENDED)"), std::string::npos);
  EXPECT_STREQ(OptimizationLevelName(2), "ORT_ENABLE_EXTENDED");
}

TEST(Pipeline, BadLevelsAndPassNamesAreRejected) {
  const std::string bytes = Mixed().Bytes();
  Result<ConvertResult> r = ConvertOnnx(bytes.data(), bytes.size(), ".", Level(4));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("expected 0, 1, 2, 3 or 99"), std::string::npos) << r.status().message();
  r = ConvertOnnx(bytes.data(), bytes.size(), ".", testing::Passes({"fuse_everything"}));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("unknown pass 'fuse_everything'"), std::string::npos) << r.status().message();
  EXPECT_EQ(PassNames().size(), 10u);
}

// y = If(max(x) > 0, then: Relu(Identity(x)), else: Neg(Identity(Identity(x)))).
OnnxModel WithSubgraphs() {
  OnnxModel m;
  m.Input("x", {2, 3}).Output("y");
  m.Scalar("zero", 0.0f);
  testing::SetInt(m.Node("ReduceMax", {"x"}, {"top"}), "keepdims", 0);
  m.Node("Greater", {"top", "zero"}, {"cond"});
  auto* node = m.Node("If", {"cond"}, {"y"});
  auto branch = [&](const char* attr, std::vector<const char*> ops) {
    auto* a = node->add_attribute();
    a->set_name(attr);
    a->set_type(onnx::AttributeProto::GRAPH);
    onnx::GraphProto* g = a->mutable_g();
    g->set_name(attr);
    std::string in = "x";
    for (size_t i = 0; i < ops.size(); ++i) {
      auto* n = g->add_node();
      n->set_op_type(ops[i]);
      n->add_input(in);
      in = StrCat(attr, "_", i);
      n->add_output(in);
    }
    auto* out = g->add_output();
    out->set_name(in);
    out->mutable_type()->mutable_tensor_type()->set_elem_type(testing::kFloat);
  };
  branch("then_branch", {"Identity", "Relu"});
  branch("else_branch", {"Identity", "Identity", "Neg"});
  return m;
}

TEST(Pipeline, SubgraphsAreOptimizedToo) {
  testing::Converted c = ExpectSameOutputs(WithSubgraphs(), Level(kEnableBasic));
  EXPECT_EQ(c.summary.rewrites, (std::vector<std::pair<std::string, int>>{{"eliminate_noops", 3}}));
  AlignedBuffer copy = AlignedBuffer::Allocate(c.file.size()).value();
  std::memcpy(copy.data(), c.file.data(), c.file.size());
  format::ModelView view = format::VerifyModel(copy.data(), c.file.size()).value();
  ASSERT_EQ(view.model->graphs()->size(), 3u);
  EXPECT_EQ(view.model->graphs()->Get(1)->nodes()->size(), 1u);
  EXPECT_EQ(view.model->graphs()->Get(2)->nodes()->size(), 1u);
}

}  // namespace
}  // namespace onyx::converter::passes
