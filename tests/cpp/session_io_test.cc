// Session features beyond Run: outputs bound to the caller's memory
// (IOBinding's in-place path) and profiling traces.

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "converter/convert.h"
#include "runtime/session/session.h"
#include "tests/cpp/model_builder.h"

namespace onyx {
namespace {

using testing::ModelBuilder;

constexpr int kFloat = onnx::TensorProto::FLOAT;
constexpr int kInt64 = onnx::TensorProto::INT64;

// y = Relu(x) + x (static shape), nz = NonZero(x) (shape decided by the data).
std::vector<uint8_t> Model() {
  ModelBuilder m;
  m.Input("x", kFloat, {2, 3});
  m.Node("Relu", {"x"}, {"r"}, "relu");
  m.Node("Add", {"r", "x"}, {"y"}, "add");
  m.Node("NonZero", {"x"}, {"nz"}, "nonzero");
  m.Output("y", kFloat, {2, 3});
  m.Output("nz", kInt64, {2, -1});
  return m.Convert().value();
}

std::unique_ptr<Session> Open(const std::vector<uint8_t>& file, SessionOptions options = {}) {
  auto session = Session::FromBytes(file.data(), file.size(), options);
  EXPECT_TRUE(session.ok()) << session.status().ToString();
  return std::move(session).value();
}

TEST(SessionIO, BoundOutputsAreWrittenIntoTheCallersMemory) {
  auto session = Open(Model());
  std::vector<float> x = {1, 0, -3, 0, 5, 0};
  std::vector<float> y(6, -100);
  std::vector<int64_t> nz(2 * 3, -1);
  const std::vector<NamedInput> inputs = {{"x", TensorView{DType::kFloat32, {2, 3}, x.data()}}};
  auto out = session->RunValues(inputs, {}, nullptr,
                                {{"y", TensorView{DType::kFloat32, {2, 3}, y.data()}},
                                 {"nz", TensorView{DType::kInt64, {2, 3}, nz.data()}}});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(y, (std::vector<float>{2, 0, -3, 0, 10, 0}));
  EXPECT_EQ(nz, (std::vector<int64_t>{0, 0, 1, 0, 2, 1}));  // Rows, then columns, of 1, -3 and 5.
  // The session still serves unbound runs, with its own memory.
  auto plain = session->Run(inputs, {"y"});
  ASSERT_TRUE(plain.ok()) << plain.status().ToString();
  EXPECT_EQ(plain.value()[0].values<float>(), y);
}

TEST(SessionIO, DeviceMemoryBindingsNeedADeviceAndAShapeKnownAhead) {
  auto session = Open(Model());
  std::vector<float> x = {1, 0, -3, 0, 5, 0};
  std::vector<int64_t> nz(6);
  NamedInput on_device{"x", TensorView{DType::kFloat32, {2, 3}, x.data()}, true};
  // These sessions run on the host: device memory is refused before any node runs.
  Status status = session->RunWithBinding({on_device}, {});
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("no node of this session runs on a device"), std::string::npos)
      << status.message();
  // NonZero's shape is decided by the data: it cannot go to device memory.
  NamedInput out{"nz", TensorView{DType::kInt64, {2, 3}, nz.data()}, true};
  status = session->RunWithBinding({{"x", TensorView{DType::kFloat32, {2, 3}, x.data()}}}, {out});
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("output 'nz' cannot be bound to device memory"), std::string::npos)
      << status.message();
  // The session is unharmed.
  auto plain = session->Run({{"x", TensorView{DType::kFloat32, {2, 3}, x.data()}}}, {"y"});
  ASSERT_TRUE(plain.ok()) << plain.status().ToString();
}

TEST(SessionIO, BadBindingsNameTheOutput) {
  auto session = Open(Model());
  std::vector<float> x = {1, 0, -3, 0, 5, 0}, y(6);
  std::vector<int64_t> nz(4);
  const std::vector<NamedInput> inputs = {{"x", TensorView{DType::kFloat32, {2, 3}, x.data()}}};
  auto shape = session->RunValues(inputs, {}, nullptr, {{"y", TensorView{DType::kFloat32, {3, 2}, y.data()}}});
  EXPECT_NE(shape.status().message().find("output 'y' is bound to a buffer of shape [3,2]"), std::string::npos)
      << shape.status().ToString();
  auto dtype = session->RunValues(inputs, {}, nullptr, {{"y", TensorView{DType::kInt64, {2, 3}, y.data()}}});
  EXPECT_EQ(dtype.status().code(), StatusCode::kInvalidArgument);
  auto name = session->RunValues(inputs, {}, nullptr, {{"z", TensorView{DType::kFloat32, {2, 3}, y.data()}}});
  EXPECT_NE(name.status().message().find("'z'"), std::string::npos);
  // The data decides nz's shape ([2, 3]); a [2, 2] buffer is refused after the run.
  auto dynamic = session->RunValues(inputs, {}, nullptr, {{"nz", TensorView{DType::kInt64, {2, 2}, nz.data()}}});
  EXPECT_NE(dynamic.status().message().find("output 'nz' has shape [2,3]"), std::string::npos)
      << dynamic.status().ToString();
  EXPECT_TRUE(session->Run(inputs, {}).ok());
}

TEST(SessionIO, ProfilingWritesOneEventPerNodeRun) {
  SessionOptions options;
  options.enable_profiling = true;
  options.profile_file_prefix = ::testing::TempDir() + "/onyx_profile_test";
  auto session = Open(Model(), options);
  EXPECT_GT(session->ProfilingStartTimeNs(), 0);
  std::vector<float> x = {1, -2, 3, -4, 5, -6};
  const std::vector<NamedInput> inputs = {{"x", TensorView{DType::kFloat32, {2, 3}, x.data()}}};
  for (int i = 0; i < 2; ++i) ASSERT_TRUE(session->Run(inputs, {}).ok());
  auto path = session->EndProfiling();
  ASSERT_TRUE(path.ok()) << path.status().ToString();
  std::ifstream file(path.value());
  std::stringstream text;
  text << file.rdbuf();
  const std::string json = text.str();
  auto count = [&](const std::string& needle) {
    size_t n = 0;
    for (size_t at = json.find(needle); at != std::string::npos; at = json.find(needle, at + 1)) ++n;
    return n;
  };
  EXPECT_EQ(count("\"cat\":\"Node\""), 6u);  // 3 nodes x 2 runs.
  EXPECT_EQ(count("\"name\":\"model_run\""), 2u);
  EXPECT_EQ(count("\"name\":\"relu_kernel_time\""), 2u);
  // Relu runs on XNNPACK (the default providers), NonZero on the reference kernels.
  EXPECT_NE(json.find("\"op_name\":\"Relu\",\"provider\":\"XnnpackExecutionProvider\",\"input_type_shape\":[{\"float\":[2,3]}]"),
            std::string::npos)
      << json;
  EXPECT_NE(json.find("\"op_name\":\"NonZero\",\"provider\":\"CPUExecutionProvider\""), std::string::npos) << json;
  EXPECT_EQ(json.front(), '[');
  std::remove(path.value().c_str());
  auto off = Open(Model());
  EXPECT_EQ(off->EndProfiling().status().code(), StatusCode::kFailedPrecondition);
}

// Shape buckets: one plan per --input-shape profile in the file; a run whose
// shapes match one uses it (no planning), others are planned at run time.
TEST(SessionIO, ShapeProfilesServeRunsWithoutPlanning) {
  ModelBuilder m;
  m.Input("x", kFloat, {-1, 3}, "batch");
  m.Node("Relu", {"x"}, {"r"}, "relu");
  m.Node("Add", {"r", "x"}, {"y"}, "add");
  m.Output("y", kFloat, {-1, 3}, "batch");
  converter::ConvertOptions options;
  options.input_shapes["x"] = {1, 3};
  options.extra_profiles = {{{"x", {4, 3}}}, {{"x", {16, 3}}}};
  auto file = m.Convert(options);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  auto session = Open(file.value());
  EXPECT_EQ(session->inputs()[0].dims, (Dims{-1, 3}));  // The file keeps the symbolic batch.
  for (int64_t batch : {1, 4, 16, 5}) {
    std::vector<float> x(batch * 3, -1.0f);
    const std::vector<NamedInput> inputs = {{"x", TensorView{DType::kFloat32, {batch, 3}, x.data()}}};
    auto use = session->PlannedMemory(inputs);
    ASSERT_TRUE(use.ok()) << use.status().ToString();
    EXPECT_EQ(use.value().from_file, batch != 5) << "batch " << batch;
    EXPECT_GE(use.value().arena_bytes, static_cast<uint64_t>(batch * 3 * 4)) << "batch " << batch;
    auto out = session->Run(inputs, {});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    EXPECT_EQ(out.value()[0].values<float>(), std::vector<float>(batch * 3, -1.0f));
  }
}

}  // namespace
}  // namespace onyx
