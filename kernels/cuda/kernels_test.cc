// The CUDA kernels against the reference kernels on random shapes (inputs
// copied to the device, outputs back, guard bytes checked; KernelRunner),
// and the configurations they decline. Where no CUDA device can be used,
// the same cases check what runs on the host: each kernel's Prepare must
// accept the node and declare the reference kernel's output dtypes and
// shapes (the device half is skipped; SaysWhyItCannotStart says why).

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/cuda/registry.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::cuda {
namespace {

using kernels::testing::ConfigureRunner;
using kernels::testing::Random;
using kernels::testing::WithoutDomains;

class CudaKernelTest : public ::testing::Test {};

bool HaveDevice() {
  static const bool have = Available().ok();
  return have;
}

HostTensor RandomTensor(const Dims& dims, std::mt19937& rng, double lo = -1.0, double hi = 1.0) {
  return HostTensor::From<float>(dims, Random<float>(static_cast<size_t>(NumElements(dims)), rng, lo, hi));
}

void ExpectMatches(const std::string& op, int opset, const ConfigureRunner& configure,
                   const std::vector<HostTensor>& inputs, double tol, const std::string& what) {
  if (HaveDevice()) {
    kernels::testing::ExpectAgrees(WithoutDomains(Library()), WithoutDomains(ref::Library()), op, opset, configure,
                                   inputs, tol, op + " " + what);
    return;
  }
  KernelRunner cuda(WithoutDomains(Library()), op, opset);
  KernelRunner reference(WithoutDomains(ref::Library()), op, opset);
  if (configure) {
    configure(cuda);
    configure(reference);
  }
  auto prepared = cuda.PrepareOnly(inputs);
  auto want = reference.Run(inputs);
  ASSERT_TRUE(want.ok()) << op << " " << what << ": reference: " << want.status().ToString();
  ASSERT_TRUE(prepared.ok()) << op << " " << what << ": " << prepared.status().ToString();
  ASSERT_EQ(prepared->size(), want->size()) << op << " " << what;
  for (size_t o = 0; o < want->size(); ++o) {
    EXPECT_EQ((*prepared)[o].dtype, (*want)[o].dtype()) << op << " " << what;
    EXPECT_EQ((*prepared)[o].dims, (*want)[o].dims()) << op << " " << what;
  }
}

void ExpectDeclines(const std::string& op, int opset, const ConfigureRunner& configure,
                    const std::vector<HostTensor>& inputs, const std::string& why) {
  KernelRunner runner(WithoutDomains(Library()), op, opset);
  if (configure) configure(runner);
  auto got = runner.PrepareOnly(inputs);
  ASSERT_FALSE(got.ok()) << op << " was not declined";
  EXPECT_EQ(got.status().code(), StatusCode::kUnsupported) << got.status().ToString();
  EXPECT_NE(got.status().message().find(why), std::string::npos) << got.status().message();
}

Dims RandomDims(std::mt19937& rng, int max_rank, int max_extent) {
  Dims d(std::uniform_int_distribution<int>(0, max_rank)(rng));
  for (int64_t& e : d) e = std::uniform_int_distribution<int>(1, max_extent)(rng);
  return d;
}

TEST_F(CudaKernelTest, UnaryOpsMatchTheReference) {
  struct Case {
    const char* op;
    int opset;
    double lo, hi;
  };
  const Case cases[] = {{"Relu", 14, -3, 3},      {"Sigmoid", 13, -8, 8},   {"Tanh", 13, -4, 4},
                        {"HardSwish", 14, -5, 5}, {"HardSigmoid", 6, -5, 5}, {"LeakyRelu", 16, -3, 3},
                        {"Elu", 6, -3, 3},        {"Abs", 13, -3, 3},        {"Neg", 13, -3, 3},
                        {"Sqrt", 13, 0, 9},       {"Exp", 13, -5, 5},        {"Log", 13, 0.01, 9},
                        {"Erf", 13, -3, 3},       {"Gelu", 20, -4, 4},       {"Softplus", 1, -5, 5},
                        {"Reciprocal", 13, 0.5, 4}, {"Floor", 13, -4, 4},    {"Ceil", 13, -4, 4},
                        {"Round", 11, -4, 4},     {"Sin", 7, -4, 4},         {"Cos", 7, -4, 4}};
  std::mt19937 rng(11);
  for (const Case& c : cases) {
    for (int i = 0; i < 6; ++i) {
      const Dims dims = i == 0 ? Dims{} : RandomDims(rng, 4, 9);
      ExpectMatches(c.op, c.opset, nullptr, {RandomTensor(dims, rng, c.lo, c.hi)}, 2e-6, DimsToString(dims));
    }
  }
  ExpectMatches("LeakyRelu", 16, [](KernelRunner& r) { r.Attr("alpha", 0.3f); }, {RandomTensor({40}, rng)}, 1e-6,
                "alpha 0.3");
  ExpectMatches("Gelu", 20, [](KernelRunner& r) { r.Attr("approximate", std::string("tanh")); },
                {RandomTensor({3, 50}, rng, -4, 4)}, 2e-6, "tanh");
  const HostTensor lo = HostTensor::From<float>({}, {-0.25f}), hi = HostTensor::From<float>({}, {0.5f});
  ExpectMatches("Clip", 13, [](KernelRunner& r) { r.Constant(1).Constant(2); },
                {RandomTensor({5, 7}, rng), lo, hi}, 0, "bounds");
  ExpectMatches("Clip", 6, [](KernelRunner& r) { r.Attr("min", -0.1f).Attr("max", 0.2f); },
                {RandomTensor({64}, rng)}, 0, "opset 6");
}

TEST_F(CudaKernelTest, BinaryOpsBroadcastLikeTheReference) {
  std::mt19937 rng(12);
  for (const char* op : {"Add", "Sub", "Mul", "Div", "Pow", "Max", "Min"}) {
    for (int i = 0; i < 25; ++i) {
      Dims a, b, out;
      kernels::testing::RandomBroadcastShapes(rng, a, b, out);
      const bool positive = std::string(op) == "Pow" || std::string(op) == "Div";
      ExpectMatches(op, 13, nullptr,
                    {RandomTensor(a, rng, positive ? 0.5 : -2, 2), RandomTensor(b, rng, positive ? 0.5 : -2, 2)},
                    2e-6, DimsToString(a) + " " + DimsToString(b));
    }
  }
  ExpectMatches("PRelu", 16, nullptr, {RandomTensor({2, 3, 4, 5}, rng), RandomTensor({3, 1, 1}, rng)}, 0,
                "channel slope");
  ExpectDeclines("Max", 13, nullptr, {RandomTensor({3}, rng), RandomTensor({3}, rng), RandomTensor({3}, rng)},
                 "Max of 3 inputs");
}

TEST_F(CudaKernelTest, MatMulAndGemmMatchTheReference) {
  std::mt19937 rng(13);
  const std::vector<std::pair<Dims, Dims>> shapes = {
      {{5, 7}, {7, 3}},       {{1, 64}, {64, 1000}},    {{7}, {7, 4}},          {{3, 7}, {7}},
      {{2, 3, 5, 7}, {7, 6}}, {{4, 5, 7}, {4, 7, 3}}, {{5, 7}, {2, 7, 3}},     {{2, 1, 5, 7}, {1, 1, 7, 3}},
      {{128, 768}, {768, 3072}}};
  for (const auto& [a, b] : shapes) {
    ExpectMatches("MatMul", 13, nullptr, {RandomTensor(a, rng), RandomTensor(b, rng)}, 1e-5,
                  DimsToString(a) + " x " + DimsToString(b));
  }
  ExpectDeclines("MatMul", 13, nullptr, {RandomTensor({2, 1, 3, 4}, rng), RandomTensor({1, 3, 4, 2}, rng)},
                 "batch broadcasting");
  for (int trans_a = 0; trans_a < 2; ++trans_a) {
    for (int trans_b = 0; trans_b < 2; ++trans_b) {
      for (const Dims& c : {Dims{}, Dims{1}, Dims{6}, Dims{5, 1}, Dims{5, 6}}) {
        const Dims a = trans_a ? Dims{9, 5} : Dims{5, 9};
        const Dims b = trans_b ? Dims{6, 9} : Dims{9, 6};
        std::vector<HostTensor> inputs = {RandomTensor(a, rng), RandomTensor(b, rng)};
        if (!c.empty()) inputs.push_back(RandomTensor(c, rng));
        ExpectMatches("Gemm", 13,
                      [&](KernelRunner& r) {
                        r.Attr("transA", int64_t{trans_a}).Attr("transB", int64_t{trans_b});
                        r.Attr("alpha", 0.5f).Attr("beta", 2.0f);
                      },
                      inputs, 1e-5, "trans " + std::to_string(trans_a) + std::to_string(trans_b) + " C " +
                                        DimsToString(c));
      }
    }
  }
  ExpectMatches("FusedGemm", 1,
                [](KernelRunner& r) {
                  r.Attr("transB", int64_t{1}).Attr("activation", std::string("Clip"));
                  r.Attr("activation_min", 0.0f).Attr("activation_max", 0.5f);
                },
                {RandomTensor({4, 16}, rng), RandomTensor({8, 16}, rng), RandomTensor({8}, rng)}, 1e-5,
                "Clip epilogue");
}

struct ConvCase {
  Dims x, w;
  std::vector<int64_t> strides, pads, dilations;
  int64_t group;
  std::string auto_pad;
};

TEST_F(CudaKernelTest, ConvMatchesTheReference) {
  std::mt19937 rng(14);
  const ConvCase cases[] = {
      {{1, 3, 9, 9}, {4, 3, 3, 3}, {1, 1}, {1, 1, 1, 1}, {1, 1}, 1, ""},
      {{2, 8, 10, 7}, {6, 8, 1, 1}, {1, 1}, {0, 0, 0, 0}, {1, 1}, 1, ""},         // Pointwise.
      {{1, 6, 11, 11}, {6, 1, 3, 3}, {2, 2}, {1, 1, 1, 1}, {1, 1}, 6, ""},        // Depthwise.
      {{1, 8, 12, 12}, {12, 2, 3, 3}, {1, 1}, {0, 1, 2, 1}, {1, 1}, 4, ""},       // Grouped.
      {{1, 4, 15, 15}, {5, 4, 3, 3}, {2, 1}, {0, 0, 0, 0}, {2, 3}, 1, ""},        // Dilated.
      {{1, 3, 10, 10}, {4, 3, 4, 4}, {2, 2}, {}, {1, 1}, 1, "SAME_UPPER"},
      {{1, 3, 10, 10}, {4, 3, 4, 4}, {3, 3}, {}, {1, 1}, 1, "SAME_LOWER"},
      {{2, 4, 17}, {3, 4, 5}, {2}, {2, 1}, {1}, 1, ""},                            // 1-D.
  };
  for (const ConvCase& c : cases) {
    for (bool bias : {false, true}) {
      std::vector<HostTensor> inputs = {RandomTensor(c.x, rng), RandomTensor(c.w, rng)};
      if (bias) inputs.push_back(RandomTensor({c.w[0]}, rng));
      auto configure = [&](KernelRunner& r) {
        r.Attr("strides", c.strides).Attr("dilations", c.dilations).Attr("group", c.group);
        if (!c.pads.empty()) r.Attr("pads", c.pads);
        if (!c.auto_pad.empty()) r.Attr("auto_pad", c.auto_pad);
        r.Constant(1);
      };
      ExpectMatches("Conv", 11, configure, inputs, 1e-5, DimsToString(c.x) + " * " + DimsToString(c.w));
    }
  }
  ExpectMatches("FusedConv", 1,
                [](KernelRunner& r) {
                  r.Attr("pads", std::vector<int64_t>{1, 1, 1, 1}).Attr("activation", std::string("Clip"));
                  r.Attr("activation_params", std::vector<float>{0.0f, 6.0f});
                },
                {RandomTensor({1, 3, 8, 8}, rng, -4, 4), RandomTensor({5, 3, 3, 3}, rng), RandomTensor({5}, rng)},
                1e-5, "ReLU6");
}

TEST_F(CudaKernelTest, PoolingMatchesTheReference) {
  std::mt19937 rng(15);
  const HostTensor x = RandomTensor({2, 3, 11, 10}, rng);
  for (const char* op : {"MaxPool", "AveragePool"}) {
    for (int64_t ceil_mode : {0, 1}) {
      for (int64_t count_pad : {0, 1}) {
        ExpectMatches(op, 19,
                      [&](KernelRunner& r) {
                        r.Attr("kernel_shape", std::vector<int64_t>{3, 3}).Attr("strides", std::vector<int64_t>{2, 2});
                        r.Attr("pads", std::vector<int64_t>{1, 0, 1, 1}).Attr("ceil_mode", ceil_mode);
                        if (std::string(op) == "AveragePool") r.Attr("count_include_pad", count_pad);
                      },
                      {x}, 1e-6, "ceil " + std::to_string(ceil_mode) + " count_pad " + std::to_string(count_pad));
      }
    }
  }
  ExpectMatches("GlobalAveragePool", 1, nullptr, {RandomTensor({2, 5, 7, 7}, rng)}, 1e-6, "7x7");
}

TEST_F(CudaKernelTest, RowOpsMatchTheReference) {
  std::mt19937 rng(16);
  for (const Dims& dims : {Dims{1, 10}, Dims{4, 3, 1000}, Dims{2, 12, 128, 128}, Dims{7}}) {
    ExpectMatches("Softmax", 13, nullptr, {RandomTensor(dims, rng, -6, 6)}, 1e-6, DimsToString(dims));
    ExpectMatches("LogSoftmax", 13, nullptr, {RandomTensor(dims, rng, -6, 6)}, 1e-5, DimsToString(dims));
  }
  ExpectMatches("Softmax", 11, [](KernelRunner& r) { r.Attr("axis", int64_t{1}); }, {RandomTensor({3, 4, 5}, rng)},
                1e-6, "opset 11 axis 1");
  ExpectDeclines("Softmax", 13, [](KernelRunner& r) { r.Attr("axis", int64_t{0}); }, {RandomTensor({3, 4}, rng)},
                 "the last axis only");
  for (int64_t axis : {-1, 1}) {
    const Dims x = {2, 6, 768};
    const Dims params = axis == -1 ? Dims{768} : Dims{6, 768};
    ExpectMatches("LayerNormalization", 17, [&](KernelRunner& r) { r.Attr("axis", axis); },
                  {RandomTensor(x, rng), RandomTensor(params, rng), RandomTensor(params, rng)}, 1e-5,
                  "axis " + std::to_string(axis));
  }
}

TEST_F(CudaKernelTest, DataMovementMatchesTheReference) {
  std::mt19937 rng(17);
  ExpectMatches("Transpose", 13, [](KernelRunner& r) { r.Attr("perm", std::vector<int64_t>{0, 2, 3, 1}); },
                {RandomTensor({2, 3, 4, 5}, rng)}, 0, "NCHW to NHWC");
  ExpectMatches("Transpose", 13, nullptr, {RandomTensor({3, 7}, rng)}, 0, "default perm");
  for (int64_t axis : {0, 1, -1}) {
    ExpectMatches("Concat", 13, [&](KernelRunner& r) { r.Attr("axis", axis); },
                  {RandomTensor({2, 3, 4}, rng), RandomTensor({2, 3, 4}, rng)}, 0, "axis " + std::to_string(axis));
  }
  const HostTensor shape = HostTensor::From<int64_t>({3}, {0, -1, 2});
  ExpectMatches("Reshape", 14, [](KernelRunner& r) { r.Constant(1); }, {RandomTensor({2, 3, 4}, rng), shape}, 0,
                "0 and -1");
  ExpectMatches("Flatten", 13, [](KernelRunner& r) { r.Attr("axis", int64_t{2}); }, {RandomTensor({2, 3, 4, 5}, rng)},
                0, "axis 2");
  const HostTensor axes = HostTensor::From<int64_t>({1}, {1});
  ExpectMatches("Squeeze", 13, [](KernelRunner& r) { r.Constant(1); }, {RandomTensor({2, 1, 4}, rng), axes}, 0, "");
  ExpectMatches("Unsqueeze", 13, [](KernelRunner& r) { r.Constant(1); }, {RandomTensor({2, 4}, rng), axes}, 0, "");
}

TEST_F(CudaKernelTest, GatherSplitAndSliceMatchTheReference) {
  std::mt19937 rng(18);
  const HostTensor table = RandomTensor({10, 6}, rng);
  const HostTensor ids = HostTensor::From<int64_t>({2, 3}, {0, 9, -1, 4, 4, -10});
  const HostTensor ids32 = HostTensor::From<int32_t>({3}, {5, 0, -2});
  ExpectMatches("Gather", 13, [](KernelRunner& r) { r.Constant(1); }, {table, ids}, 0, "rows, int64");
  ExpectMatches("Gather", 13, [](KernelRunner& r) { r.Constant(1).Attr("axis", int64_t{1}); }, {table, ids32}, 0,
                "columns, int32");
  ExpectMatches("Gather", 13, [](KernelRunner& r) { r.Constant(1); },
                {table, HostTensor::From<int64_t>({}, {3})}, 0, "scalar index");
  // An index out of range is the node's error, found before any run.
  KernelRunner bad(Library(), "Gather", 13);
  bad.Constant(1);
  auto refused = bad.PrepareOnly({table, HostTensor::From<int64_t>({1}, {10})});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(refused.status().message().find("index 10 out of range for axis 0 of extent 10"), std::string::npos)
      << refused.status().message();
  // Indices only the run knows (token ids fed by the caller) go to the CPU, which checks each.
  ExpectDeclines("Gather", 13, nullptr, {table, ids}, "indices known only at run time");

  const HostTensor x = RandomTensor({2, 12, 5}, rng);
  ExpectMatches("Split", 13, [](KernelRunner& r) { r.Attr("axis", int64_t{1}).Outputs(3); }, {x}, 0, "equal");
  ExpectMatches("Split", 13, [](KernelRunner& r) { r.Attr("axis", int64_t{1}).Outputs(3).Constant(1); },
                {x, HostTensor::From<int64_t>({3}, {2, 7, 3})}, 0, "sizes");
  ExpectMatches("Split", 11,
                [](KernelRunner& r) { r.Attr("axis", int64_t{-1}).Attr("split", std::vector<int64_t>{1, 4}).Outputs(2); },
                {x}, 0, "opset 11");
  ExpectMatches("Split", 18, [](KernelRunner& r) { r.Attr("axis", int64_t{1}).Attr("num_outputs", int64_t{5}).Outputs(5); },
                {x}, 0, "uneven");

  const HostTensor y = RandomTensor({4, 7, 6}, rng);
  struct SliceCase {
    std::vector<int64_t> starts, ends, axes, steps;
  };
  const SliceCase cases[] = {
      {{1, 2}, {3, -1}, {0, 2}, {1, 1}},
      {{-1}, {-1000}, {1}, {-2}},
      {{0, 5}, {9223372036854775807, 0}, {-3, -1}, {2, -1}},
      {{2}, {2}, {0}, {1}},
      {{10}, {-10}, {1}, {-3}},
  };
  for (const SliceCase& c : cases) {
    auto ints = [](const std::vector<int64_t>& v) {
      return HostTensor::From<int64_t>({static_cast<int64_t>(v.size())}, v);
    };
    ExpectMatches("Slice", 13, [](KernelRunner& r) { r.Constant(1).Constant(2).Constant(3).Constant(4); },
                  {y, ints(c.starts), ints(c.ends), ints(c.axes), ints(c.steps)}, 0,
                  "starts " + DimsToString(Dims(c.starts.begin(), c.starts.end())));
  }
  ExpectMatches("Slice", 9,
                [](KernelRunner& r) {
                  r.Attr("starts", std::vector<int64_t>{1}).Attr("ends", std::vector<int64_t>{3});
                  r.Attr("axes", std::vector<int64_t>{2});
                },
                {y}, 0, "opset 9");
}

TEST_F(CudaKernelTest, ReduceMeanAndExpandMatchTheReference) {
  std::mt19937 rng(19);
  const HostTensor x = RandomTensor({2, 3, 4, 5}, rng);
  ExpectMatches("ReduceMean", 13, [](KernelRunner& r) { r.Attr("axes", std::vector<int64_t>{2, 3}); }, {x}, 1e-6,
                "spatial, keepdims");
  ExpectMatches("ReduceMean", 13,
                [](KernelRunner& r) { r.Attr("axes", std::vector<int64_t>{-1}).Attr("keepdims", int64_t{0}); }, {x},
                1e-6, "last, dropped");
  ExpectMatches("ReduceMean", 13, nullptr, {x}, 1e-6, "all");
  ExpectMatches("ReduceMean", 18, [](KernelRunner& r) { r.Constant(1); },
                {x, HostTensor::From<int64_t>({2}, {3, 2})}, 1e-6, "opset 18, axes input");
  ExpectDeclines("ReduceMean", 13, [](KernelRunner& r) { r.Attr("axes", std::vector<int64_t>{1}); }, {x},
                 "not the trailing ones");
  ExpectMatches("Expand", 13, [](KernelRunner& r) { r.Constant(1); },
                {RandomTensor({3, 1}, rng), HostTensor::From<int64_t>({3}, {2, 1, 6})}, 0, "both ways");
  ExpectMatches("Expand", 13, [](KernelRunner& r) { r.Constant(1); },
                {RandomTensor({4}, rng), HostTensor::From<int64_t>({1}, {1})}, 0, "to a smaller shape");
}

TEST(CudaProvider, DeclinesWhatItDoesNotTakeEvenWithoutADevice) {
  // Prepare runs on the host: a node the provider cannot take is handed on
  // with a reason whether or not a GPU is present.
  KernelLibrary library = Library();
  EXPECT_STREQ(library.provider, "CUDAExecutionProvider");
  ASSERT_NE(library.device, nullptr);
  EXPECT_STREQ(library.device->name, "cuda");
  KernelRunner softmax(library, "Softmax", 13);
  softmax.Attr("axis", int64_t{0});
  auto declined = softmax.Run({HostTensor::From<float>({2, 2}, {1, 2, 3, 4})});
  ASSERT_FALSE(declined.ok());
  EXPECT_EQ(declined.status().code(), StatusCode::kUnsupported);
  EXPECT_NE(declined.status().message().find("CUDAExecutionProvider declines: softmax over axis 0"),
            std::string::npos)
      << declined.status().message();
  // The table registers float32 only: other dtypes find no CUDA kernel.
  EXPECT_EQ(FindKernel(library, "", "Relu", 14, DType::kInt64), nullptr);
  EXPECT_NE(FindKernel(library, "", "Relu", 14, DType::kFloat32), nullptr);
}

TEST(CudaProvider, SaysWhyItCannotStart) {
  const Status available = Available();
  if (available.ok()) GTEST_SKIP() << "a CUDA device is present";
  EXPECT_EQ(available.code(), StatusCode::kUnsupported);
  EXPECT_NE(available.message().find("CUDA"), std::string::npos) << available.message();
}

}  // namespace
}  // namespace onyx::kernels::cuda
