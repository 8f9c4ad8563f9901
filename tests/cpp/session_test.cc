// End to end in C++: ONNX built in the test -> converter -> .onyx -> Session.

#include "runtime/session/session.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <random>
#include <thread>

#include "tests/cpp/model_builder.h"

namespace onyx {
namespace {

using testing::ModelBuilder;

constexpr int kFloat = onnx::TensorProto::FLOAT;

// y = Relu(x @ W^T + b) with a symbolic batch, then Reshape to [-1, 2].
ModelBuilder Mlp(std::vector<float>* w, std::vector<float>* b) {
  std::mt19937 rng(5);
  std::normal_distribution<float> normal;
  w->resize(4 * 3);
  b->resize(4);
  for (float& v : *w) v = normal(rng);
  for (float& v : *b) v = normal(rng);
  ModelBuilder m;
  m.Input("x", kFloat, {-1, 3}, "batch").Output("y", kFloat, {-1, 2}).Weight("W", {4, 3}, *w).Weight("b", {4}, *b);
  m.Weight("shape", {2}, std::vector<int64_t>{-1, 2});
  auto* gemm = m.Node("Gemm", {"x", "W", "b"}, {"h"}, "fc");
  auto* attr = gemm->add_attribute();
  attr->set_name("transB");
  attr->set_type(onnx::AttributeProto::INT);
  attr->set_i(1);
  m.Node("Relu", {"h"}, {"r"}, "relu");
  m.Node("Reshape", {"r", "shape"}, {"y"}, "reshape");
  return m;
}

std::vector<float> MlpReference(const std::vector<float>& x, int batch, const std::vector<float>& w,
                                const std::vector<float>& b) {
  std::vector<float> y(batch * 4);
  for (int n = 0; n < batch; ++n) {
    for (int o = 0; o < 4; ++o) {
      double acc = b[o];
      for (int i = 0; i < 3; ++i) acc += static_cast<double>(x[n * 3 + i]) * w[o * 3 + i];
      y[n * 4 + o] = static_cast<float>(std::max(acc, 0.0));
    }
  }
  return y;
}

std::unique_ptr<Session> MakeSession(const std::vector<uint8_t>& file) {
  auto session = Session::FromBytes(file.data(), file.size(), SessionOptions());
  EXPECT_TRUE(session.ok()) << session.status().ToString();
  return std::move(session).value();
}

void ExpectNear(const std::vector<float>& a, const std::vector<float>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(a[i], b[i], 1e-5f * (1 + std::fabs(b[i]))) << "at " << i;
}

TEST(Session, MlpWithDynamicBatchMatchesReference) {
  std::vector<float> w, b;
  auto file = Mlp(&w, &b).Convert();
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  auto session = MakeSession(file.value());
  ASSERT_EQ(session->inputs().size(), 1u);
  EXPECT_EQ(session->inputs()[0].dim_params[0], "batch");
  for (int batch : {1, 5, 2, 5, 0}) {
    std::vector<float> x(batch * 3);
    for (size_t i = 0; i < x.size(); ++i) x[i] = std::sin(static_cast<float>(i + batch));
    HostTensor in = HostTensor::From<float>({batch, 3}, x);
    auto out = session->Run({{"x", in.view()}}, {});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    EXPECT_EQ(out.value()[0].dims(), (Dims{batch * 2, 2}));
    ExpectNear(out.value()[0].values<float>(), MlpReference(x, batch, w, b));
  }
}

TEST(Session, UsesTheFilePlanForItsShapesAndReplansOthers) {
  std::vector<float> w, b;
  auto session = MakeSession(Mlp(&w, &b).Convert().value());  // Planned with batch = 1.
  HostTensor one = HostTensor::From<float>({1, 3}, {1, 2, 3});
  auto planned = session->PlannedMemory({{"x", one.view()}});
  ASSERT_TRUE(planned.ok()) << planned.status().ToString();
  EXPECT_TRUE(planned->from_file);
  EXPECT_LE(planned->arena_bytes, planned->naive_bytes);
  HostTensor many = HostTensor::From<float>({64, 3}, std::vector<float>(192, 1.0f));
  auto replanned = session->PlannedMemory({{"x", many.view()}});
  ASSERT_TRUE(replanned.ok()) << replanned.status().ToString();
  EXPECT_FALSE(replanned->from_file);
  EXPECT_GT(replanned->arena_bytes, planned->arena_bytes);
  EXPECT_LE(replanned->arena_bytes, replanned->naive_bytes);
}

TEST(Session, BadInputsNameTheCulpritAndLeaveTheSessionUsable) {
  std::vector<float> w, b;
  auto session = MakeSession(Mlp(&w, &b).Convert().value());
  HostTensor good = HostTensor::From<float>({2, 3}, {1, 2, 3, 4, 5, 6});
  HostTensor wrong_dtype = HostTensor::From<double>({2, 3}, {1, 2, 3, 4, 5, 6});
  HostTensor wrong_rank = HostTensor::From<float>({6}, {1, 2, 3, 4, 5, 6});
  HostTensor wrong_dim = HostTensor::From<float>({3, 2}, {1, 2, 3, 4, 5, 6});
  struct Case {
    std::vector<NamedInput> feed;
    std::string words;
  } cases[] = {
      {{{"nope", good.view()}}, "invalid input name 'nope'"},
      {{{"x", wrong_dtype.view()}}, "expected tensor(float), got tensor(double)"},
      {{{"x", wrong_rank.view()}}, "wrong rank (expected 2"},
      {{{"x", wrong_dim.view()}}, "dimension 1 is 2 (expected 3"},
      {{}, "missing input 'x'"},
      {{{"x", good.view()}, {"x", good.view()}}, "fed twice"},
  };
  for (const Case& c : cases) {
    auto out = session->Run(c.feed, {});
    ASSERT_FALSE(out.ok()) << c.words;
    EXPECT_EQ(out.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(out.status().message().find(c.words), std::string::npos) << out.status().message();
  }
  auto out = session->Run({{"x", good.view()}}, {"y"});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  ExpectNear(out.value()[0].values<float>(), MlpReference({1, 2, 3, 4, 5, 6}, 2, w, b));
}

TEST(Session, ConcurrentRunsWithMixedShapesAgree) {
  std::vector<float> w, b;
  auto session = MakeSession(Mlp(&w, &b).Convert().value());
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        int batch = 1 + (t + i) % 4;
        std::vector<float> x(batch * 3);
        for (size_t k = 0; k < x.size(); ++k) x[k] = static_cast<float>((k * 7 + t + i) % 11) - 5;
        HostTensor in = HostTensor::From<float>({batch, 3}, x);
        auto out = session->Run({{"x", in.view()}}, {});
        std::vector<float> expected = MlpReference(x, batch, w, b);
        if (!out.ok() || out.value()[0].values<float>() != expected) {
          // Exact equality: every run computes the same float operations.
          std::vector<float> got = out.ok() ? out.value()[0].values<float>() : std::vector<float>{};
          bool near = got.size() == expected.size();
          for (size_t k = 0; near && k < got.size(); ++k) near = std::fabs(got[k] - expected[k]) < 1e-4f;
          if (!near) ++failures;
        }
      }
    });
  }
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
}

TEST(Session, TerminateStopsTheRunAndTheSessionRecovers) {
  std::vector<float> w, b;
  auto session = MakeSession(Mlp(&w, &b).Convert().value());
  HostTensor in = HostTensor::From<float>({1, 3}, {1, 2, 3});
  RunOptions options;
  options.terminate = true;
  auto stopped = session->Run({{"x", in.view()}}, {}, &options);
  ASSERT_FALSE(stopped.ok());
  EXPECT_EQ(stopped.status().code(), StatusCode::kCancelled);
  options.terminate = false;
  EXPECT_TRUE(session->Run({{"x", in.view()}}, {}, &options).ok());
}

TEST(Session, ReshapeShapeFedAsAnInput) {
  ModelBuilder m;
  m.Input("x", kFloat, {2, 6}).Input("shape", onnx::TensorProto::INT64, {2}).Output("y", kFloat, {-1, -1});
  m.Node("Reshape", {"x", "shape"}, {"y"}, "reshape");
  auto session = MakeSession(m.Convert().value());
  HostTensor x = HostTensor::From<float>({2, 6}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
  for (std::vector<int64_t> shape : {std::vector<int64_t>{3, 4}, {4, -1}, {3, 4}, {12, 1}}) {
    HostTensor s = HostTensor::From<int64_t>({2}, shape);
    auto out = session->Run({{"x", x.view()}, {"shape", s.view()}}, {});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    EXPECT_EQ(out.value()[0].dims()[0], shape[0]);
    EXPECT_EQ(out.value()[0].values<float>(), x.values<float>());
  }
}

TEST(Session, FileFromDiskIsMappedAndBadFilesAreRefused) {
  std::vector<float> w, b;
  auto file = Mlp(&w, &b).Convert().value();
  std::string path = ::testing::TempDir() + "/mlp.onyx";
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(file.data()), file.size());
  auto session = Session::Open(path, SessionOptions());
  ASSERT_TRUE(session.ok()) << session.status().ToString();
  EXPECT_EQ(session.value()->metadata().producer_name, "onyx-cpp-tests");
  EXPECT_EQ(session.value()->metadata().source_hash.size(), 64u);

  auto missing = Session::Open(path + ".missing", SessionOptions());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  std::string truncated = path + ".cut";
  std::ofstream(truncated, std::ios::binary).write(reinterpret_cast<const char*>(file.data()), file.size() / 2);
  auto cut = Session::Open(truncated, SessionOptions());
  EXPECT_EQ(cut.status().code(), StatusCode::kInvalidModel);
  EXPECT_NE(cut.status().message().find(truncated), std::string::npos) << cut.status().message();
  std::string empty = path + ".empty";
  std::ofstream(empty, std::ios::binary).flush();
  EXPECT_FALSE(Session::Open(empty, SessionOptions()).ok());
}

TEST(Session, UnavailableProviderIsAnError) {
  std::vector<float> w, b;
  auto file = Mlp(&w, &b).Convert().value();
  SessionOptions options;
  options.providers = {"CUDAExecutionProvider"};
  auto session = Session::FromBytes(file.data(), file.size(), options);
  ASSERT_FALSE(session.ok());
  EXPECT_NE(session.status().message().find("CUDAExecutionProvider"), std::string::npos);
}

}  // namespace
}  // namespace onyx
