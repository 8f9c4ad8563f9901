// The converter on models built in the test: errors, determinism, summary.

#include "converter/convert.h"

#include <gtest/gtest.h>

#include "format/reader.h"
#include "runtime/core/arena.h"
#include "tests/cpp/model_builder.h"

namespace onyx {
namespace {

using testing::ModelBuilder;

constexpr int kFloat = onnx::TensorProto::FLOAT;

TEST(Converter, SameInputSameBytesAndAVerifiableFile) {
  ModelBuilder m;
  m.Input("x", kFloat, {2, 3}).Output("y", kFloat, {2, 3});
  m.Node("Relu", {"x"}, {"a"});
  m.Node("Sigmoid", {"a"}, {"b"});
  m.Node("Add", {"a", "b"}, {"y"});
  auto a = m.Convert();
  auto b = m.Convert();
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a.value(), b.value());
  auto copy = AlignedBuffer::Allocate(a->size()).value();
  std::memcpy(copy.data(), a->data(), a->size());
  auto view = format::VerifyModel(copy.data(), a->size());
  ASSERT_TRUE(view.ok()) << view.status().ToString();
  EXPECT_EQ(view->model->graphs()->Get(0)->nodes()->size(), 3u);
}

TEST(Converter, SummaryCountsOpsWeightsAndArena) {
  ModelBuilder m;
  m.Input("x", kFloat, {1, 4}).Output("y", kFloat, {1, 4}).Weight("w", {1, 4}, std::vector<float>{1, 2, 3, 4});
  m.Node("Add", {"x", "w"}, {"a"});
  m.Node("Relu", {"a"}, {"b"});
  m.Node("Relu", {"b"}, {"c"});
  m.Node("Relu", {"c"}, {"y"});
  std::string bytes = m.Bytes();
  auto r = converter::ConvertOnnx(bytes.data(), bytes.size(), ".", {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const converter::ConvertSummary& s = r->summary;
  EXPECT_EQ(s.num_nodes, 4u);
  EXPECT_EQ(s.op_counts[0], (std::pair<std::string, int>("Relu", 3)));
  EXPECT_EQ(s.weight_bytes, 16u);
  EXPECT_TRUE(s.planned);
  EXPECT_EQ(s.naive_bytes, 4u * 64);  // Four 16-byte tensors, each on a 64-byte boundary.
  EXPECT_LT(s.arena_bytes, s.naive_bytes);
}

TEST(Converter, UnsupportedOpsAreAllListed) {
  ModelBuilder m;
  m.Input("x", kFloat, {2}).Output("y", kFloat, {2});
  m.Node("Frobnicate", {"x"}, {"a"}, "first");
  m.Node("Relu", {"a"}, {"b"}, "fine");
  m.Node("Defenestrate", {"b"}, {"y"}, "second");
  auto r = m.Convert();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnsupported);
  const std::string& msg = r.status().message();
  EXPECT_NE(msg.find("2 node(s)"), std::string::npos) << msg;
  EXPECT_NE(msg.find("'first'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("'second'"), std::string::npos) << msg;
  EXPECT_EQ(msg.find("'fine'"), std::string::npos) << msg;
}

TEST(Converter, InvalidModelsAreRejectedClearly) {
  std::string junk = "definitely not a protobuf";
  auto r1 = converter::ConvertOnnx(junk.data(), junk.size(), ".", {});
  EXPECT_EQ(r1.status().code(), StatusCode::kInvalidModel);

  ModelBuilder cycle;
  cycle.Input("x", kFloat, {2}).Output("y", kFloat, {2});
  cycle.Node("Add", {"x", "b"}, {"a"}, "n1");
  cycle.Node("Relu", {"a"}, {"b"}, "n2");
  cycle.Node("Relu", {"b"}, {"y"}, "n3");
  auto r2 = cycle.Convert();
  EXPECT_EQ(r2.status().code(), StatusCode::kInvalidModel);
  EXPECT_NE(r2.status().message().find("cycle"), std::string::npos) << r2.status().message();

  ModelBuilder dangling;
  dangling.Input("x", kFloat, {2}).Output("y", kFloat, {2});
  dangling.Node("Add", {"x", "ghost"}, {"y"}, "adder");
  auto r3 = dangling.Convert();
  EXPECT_EQ(r3.status().code(), StatusCode::kInvalidModel);
  EXPECT_NE(r3.status().message().find("'ghost'"), std::string::npos) << r3.status().message();

  ModelBuilder mismatch;
  mismatch.Input("x", kFloat, {2, 3}).Output("y", kFloat, {2, 3});
  mismatch.Node("Add", {"x", "x"}, {"y"});
  converter::ConvertOptions options;
  options.input_shapes["x"] = {2, 4};
  auto r4 = mismatch.Convert(options);
  EXPECT_EQ(r4.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r4.status().message().find("fixed to 3"), std::string::npos) << r4.status().message();
}

TEST(Converter, ExternalDataMissingFileIsNamed) {
  ModelBuilder m;
  m.Input("x", kFloat, {2}).Output("y", kFloat, {2});
  auto* w = m.proto().mutable_graph()->add_initializer();
  w->set_name("w");
  w->set_data_type(kFloat);
  w->add_dims(2);
  w->set_data_location(onnx::TensorProto::EXTERNAL);
  auto* loc = w->add_external_data();
  loc->set_key("location");
  loc->set_value("weights.bin");
  m.Node("Add", {"x", "w"}, {"y"});
  std::string bytes = m.Bytes();
  auto r = converter::ConvertOnnx(bytes.data(), bytes.size(), ::testing::TempDir(), {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_NE(r.status().message().find("weights.bin"), std::string::npos) << r.status().message();

  FILE* f = std::fopen((::testing::TempDir() + "/weights.bin").c_str(), "wb");
  float values[2] = {1.5f, -2.0f};
  std::fwrite(values, sizeof(values), 1, f);
  std::fclose(f);
  auto ok = converter::ConvertOnnx(bytes.data(), bytes.size(), ::testing::TempDir(), {});
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->summary.weight_bytes, 8u);
}

TEST(Converter, ParseInputShape) {
  auto ok = converter::ParseInputShape("input:1,3,224,224");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->first, "input");
  EXPECT_EQ(ok->second, (Dims{1, 3, 224, 224}));
  EXPECT_FALSE(converter::ParseInputShape("input").ok());
  EXPECT_FALSE(converter::ParseInputShape("input:1,x").ok());
  EXPECT_FALSE(converter::ParseInputShape("input:-1").ok());
}

}  // namespace
}  // namespace onyx
