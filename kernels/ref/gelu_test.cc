#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

using testing::ExpectError;

// x * Phi(x), Phi the standard normal CDF through erfc (not the kernel's erf).
double ExactGelu(double x) { return x * 0.5 * std::erfc(-x / std::sqrt(2.0)); }

// The tanh approximation, as the ONNX spec writes it.
double TanhGelu(double x) {
  const double pi = std::acos(-1.0);
  return 0.5 * x * (1 + std::tanh(std::sqrt(2 / pi) * (x + 0.044715 * x * x * x)));
}

Result<std::vector<HostTensor>> RunGelu(const HostTensor& x, const std::string& approximate) {
  KernelRunner runner(Library(), "Gelu", 20);
  if (!approximate.empty()) runner.Attr("approximate", approximate);
  return runner.Run({x});
}

TEST(Gelu, OnnxExamples) {
  // onnx/backend/test/case/node/gelu.py.
  const HostTensor x = HostTensor::From<float>({3}, {-1, 0, 1});
  auto none = RunGelu(x, "");
  ASSERT_TRUE(none.ok()) << none.status().ToString();
  testing::ExpectClose(none.value()[0].values<float>(), {-0.15865526, 0, 0.84134474});
  auto tanh = RunGelu(x, "tanh");
  ASSERT_TRUE(tanh.ok()) << tanh.status().ToString();
  testing::ExpectClose(tanh.value()[0].values<float>(), {-0.158808, 0, 0.841192});
}

TEST(Gelu, RandomDataMatchesTheReference) {
  std::mt19937 rng(4);
  const std::vector<double> x = testing::Random<double>(60, rng, -6, 6);
  for (const std::string approximate : {"none", "tanh"}) {
    auto out = RunGelu(HostTensor::From<double>({3, 20}, x), approximate);
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    EXPECT_EQ(out.value()[0].dims(), (Dims{3, 20}));
    std::vector<double> want;
    for (double v : x) want.push_back(approximate == "tanh" ? TanhGelu(v) : ExactGelu(v));
    testing::ExpectClose(out.value()[0].values<double>(), want);
  }
}

TEST(Gelu, HalfTypesComputeInFloat) {
  const std::vector<float> x = {-3, -1, -0.25f, 0, 0.5f, 2, 4};
  auto h = RunGelu(HostTensor::From<Float16>({7}, std::vector<Float16>(x.begin(), x.end())), "");
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  auto b = RunGelu(HostTensor::From<BFloat16>({7}, std::vector<BFloat16>(x.begin(), x.end())),
                   "tanh");
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  for (size_t i = 0; i < x.size(); ++i) {
    EXPECT_NEAR(static_cast<float>(h.value()[0].values<Float16>()[i]), ExactGelu(x[i]),
                1e-3 * std::max(1.0, std::abs(ExactGelu(x[i]))));
    EXPECT_NEAR(static_cast<float>(b.value()[0].values<BFloat16>()[i]), TanhGelu(x[i]),
                8e-3 * std::max(1.0, std::abs(TanhGelu(x[i]))));
  }
}

TEST(Gelu, EdgeValues) {
  auto out = RunGelu(HostTensor::From<float>({3}, {NAN, INFINITY, -INFINITY}), "none");
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  std::vector<float> v = out.value()[0].values<float>();
  EXPECT_TRUE(std::isnan(v[0]));
  EXPECT_EQ(v[1], INFINITY);
  EXPECT_TRUE(std::isnan(v[2]));  // -inf * 0, as ONNX's reference computes it.
  auto empty = RunGelu(HostTensor::From<float>({0, 2}, {}), "tanh");
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_EQ(empty.value()[0].dims(), (Dims{0, 2}));
}

TEST(Gelu, RejectsAnUnknownApproximation) {
  const HostTensor x = HostTensor::From<float>({1}, {1});
  ExpectError(RunGelu(x, "erf"), StatusCode::kInvalidModel,
              "attribute 'approximate' (expected \"none\" or \"tanh\", got \"erf\")");
  ExpectError(KernelRunner(Library(), "Gelu", 20).Attr("approximate", int64_t{1}).Run({x}),
              StatusCode::kInvalidModel, "attribute 'approximate' type");
}

TEST(Gelu, DTypesAndOpsets) {
  ExpectError(KernelRunner(Library(), "Gelu", 19).Run({HostTensor::From<float>({1}, {1})}),
              StatusCode::kNotFound, "Gelu opset 19 dtype float");
  ExpectError(KernelRunner(Library(), "Gelu", 20).Run({HostTensor::From<int32_t>({1}, {1})}),
              StatusCode::kNotFound, "Gelu opset 20 dtype int32");
}

}  // namespace
}  // namespace onyx::kernels::ref
