// FusedGemm against alpha * A'B' + beta * C followed by the activation's
// formula, computed in double in the test.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/ops.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

const KernelDef kDefs[] = {{"", "FusedGemm", 1, kLatestOpset, 0, FusedGemmPrepare, FusedGemmRun}};
KernelLibrary FusedLibrary() { return KernelLibrary{"test", Span<const KernelDef>(kDefs)}; }

// A [M, K], B stored [N, K] (transB), C [N]: y = 0.5 * A B^T + 2 * C.
std::vector<double> NaiveGemm(const std::vector<float>& a, const std::vector<float>& b, const std::vector<float>& c,
                              int64_t m, int64_t n, int64_t k) {
  std::vector<double> y(m * n);
  for (int64_t i = 0; i < m; ++i) {
    for (int64_t j = 0; j < n; ++j) {
      double s = 0;
      for (int64_t p = 0; p < k; ++p) s += static_cast<double>(a[i * k + p]) * b[j * k + p];
      y[i * n + j] = 0.5 * s + 2.0 * c[j];
    }
  }
  return y;
}

struct Case {
  std::string name;
  std::vector<std::pair<std::string, float>> attrs;
  std::function<double(double)> f;
};

TEST(FusedGemm, ActivationsWithTheirAttributesAndDefaults) {
  std::mt19937 rng(11);
  const int64_t m = 3, n = 5, k = 4;
  const std::vector<float> a = testing::Random<float>(m * k, rng, -2, 2);
  const std::vector<float> b = testing::Random<float>(n * k, rng);
  const std::vector<float> c = testing::Random<float>(n, rng);
  auto sigmoid = [](double v) { return 1.0 / (1.0 + std::exp(-v)); };
  const std::vector<Case> cases = {
      {"", {}, [](double v) { return v; }},
      {"Relu", {}, [](double v) { return std::max(v, 0.0); }},
      {"LeakyRelu", {}, [](double v) { return v < 0 ? 0.01f * v : v; }},
      {"LeakyRelu", {{"activation_alpha", 0.2f}}, [](double v) { return v < 0 ? 0.2f * v : v; }},
      {"HardSigmoid", {{"activation_alpha", 0.25f}, {"activation_beta", 0.3f}},
       [](double v) { return std::min(std::max(0.25f * v + 0.3f, 0.0), 1.0); }},
      {"HardSigmoid", {}, [](double v) { return std::min(std::max(0.2f * v + 0.5f, 0.0), 1.0); }},
      {"Clip", {{"activation_min", -0.5f}, {"activation_max", 1.0f}},
       [](double v) { return std::min(std::max(v, -0.5), 1.0); }},
      {"Clip", {{"activation_max", 0.0f}}, [](double v) { return std::min(v, 0.0); }},
      {"Sigmoid", {}, sigmoid},
      {"Tanh", {}, [](double v) { return std::tanh(v); }},
      {"HardSwish", {}, [](double v) { return v * std::min(std::max(v / 6 + 0.5, 0.0), 1.0); }},
      {"Swish", {{"activation_alpha", 2.0f}}, [&](double v) { return v * sigmoid(2 * v); }},
  };
  const std::vector<double> base = NaiveGemm(a, b, c, m, n, k);
  for (const Case& cs : cases) {
    SCOPED_TRACE(StrCat("activation '", cs.name, "' with ", cs.attrs.size(), " attribute(s)"));
    KernelRunner runner(FusedLibrary(), "FusedGemm", 1);
    runner.Attr("transB", int64_t{1}).Attr("alpha", 0.5f).Attr("beta", 2.0f);
    if (!cs.name.empty()) runner.Attr("activation", cs.name);
    for (const auto& kv : cs.attrs) runner.Attr(kv.first, kv.second);
    auto out = runner.Run({HostTensor::From<float>({m, k}, a), HostTensor::From<float>({n, k}, b),
                           HostTensor::From<float>({n}, c)});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    EXPECT_EQ(out.value()[0].dims(), (Dims{m, n}));
    std::vector<double> want = base;
    for (double& v : want) v = cs.f(v);
    testing::ExpectClose(out.value()[0].values<float>(), want);
  }
}

TEST(FusedGemm, CIsOptional) {
  auto out = KernelRunner(FusedLibrary(), "FusedGemm", 1)
                 .Attr("activation", std::string("Relu"))
                 .Run({HostTensor::From<float>({1, 2}, {1.0f, -2.0f}), HostTensor::From<float>({2, 2}, {1, 2, 3, 4})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  // [1, -2] x [[1, 2], [3, 4]] = [-5, -6], then Relu.
  EXPECT_EQ(out.value()[0].values<float>(), (std::vector<float>{0.0f, 0.0f}));
}

TEST(FusedGemm, Float16ComputesInFloatThenActivates) {
  const std::vector<Float16> a = {Float16(1.0f), Float16(-2.0f)}, b = {Float16(1.5f), Float16(2.0f), Float16(3.0f),
                                                                        Float16(-4.0f)};
  auto out = KernelRunner(FusedLibrary(), "FusedGemm", 1)
                 .Attr("activation", std::string("LeakyRelu"))
                 .Attr("activation_alpha", 0.5f)
                 .Run({HostTensor::From<Float16>({1, 2}, a), HostTensor::From<Float16>({2, 2}, b)});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  // [1, -2] x [[1.5, 2], [3, -4]] = [-4.5, 10]; LeakyRelu(0.5) gives [-2.25, 10].
  const std::vector<Float16> y = out.value()[0].values<Float16>();
  EXPECT_EQ(static_cast<float>(y[0]), -2.25f);
  EXPECT_EQ(static_cast<float>(y[1]), 10.0f);
}

TEST(FusedGemm, BadAttributesAreRejected) {
  const HostTensor a = testing::IotaTensor({2, 2}), b = testing::IotaTensor({2, 2});
  testing::ExpectError(KernelRunner(FusedLibrary(), "FusedGemm", 1).Attr("activation", std::string("Elu")).Run({a, b}),
                       StatusCode::kInvalidModel, "got 'Elu'");
  testing::ExpectError(KernelRunner(FusedLibrary(), "FusedGemm", 1)
                           .Attr("activation", std::string("LeakyRelu"))
                           .Attr("activation_alpha", int64_t{1})
                           .Run({a, b}),
                       StatusCode::kInvalidModel, "'activation_alpha' type");
  testing::ExpectError(KernelRunner(FusedLibrary(), "FusedGemm", 1).Run({a, testing::IotaTensor({3, 2})}),
                       StatusCode::kInvalidArgument, "expected K = 2");
}

TEST(FusedGemm, IsRegisteredUnderComMicrosoft) {
  EXPECT_NE(FindKernel(Library(), "com.microsoft", "FusedGemm", 1, DType::kFloat32), nullptr);
  EXPECT_EQ(FindKernel(Library(), "com.microsoft", "FusedGemm", 1, DType::kInt32), nullptr);
}

}  // namespace
}  // namespace onyx::kernels::ref
