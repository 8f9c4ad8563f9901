// FusedConv against a textbook 2-D convolution followed by the activation's
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

// KernelRunner builds nodes of the default domain: a one-row table serves
// the com.microsoft kernel under that domain.
const KernelDef kDefs[] = {{"", "FusedConv", 1, kLatestOpset, 0, FusedConvPrepare, FusedConvRun}};
KernelLibrary FusedLibrary() { return KernelLibrary{"test", Span<const KernelDef>(kDefs)}; }

// y[n][m][i][j] = b[m] + sum over the group's channels and the 3x3 window
// (pads 1, stride `stride`) of x * w.
std::vector<double> NaiveConv2d(const std::vector<float>& x, const Dims& xd, const std::vector<float>& w,
                                const Dims& wd, const std::vector<float>& b, int64_t group, int64_t stride,
                                Dims* out_dims) {
  const int64_t n = xd[0], c = xd[1], h = xd[2], wi = xd[3], m = wd[0], k = wd[2];
  const int64_t cg = c / group, mg = m / group, pad = 1;
  const int64_t oh = (h + 2 * pad - k) / stride + 1, ow = (wi + 2 * pad - k) / stride + 1;
  *out_dims = {n, m, oh, ow};
  std::vector<double> y;
  for (int64_t bi = 0; bi < n; ++bi) {
    for (int64_t oc = 0; oc < m; ++oc) {
      for (int64_t i = 0; i < oh; ++i) {
        for (int64_t j = 0; j < ow; ++j) {
          double s = b.empty() ? 0.0 : b[oc];
          for (int64_t ic = 0; ic < cg; ++ic) {
            const int64_t ch = (oc / mg) * cg + ic;
            for (int64_t ki = 0; ki < k; ++ki) {
              for (int64_t kj = 0; kj < k; ++kj) {
                const int64_t r = i * stride - pad + ki, q = j * stride - pad + kj;
                if (r < 0 || r >= h || q < 0 || q >= wi) continue;
                s += static_cast<double>(x[((bi * c + ch) * h + r) * wi + q]) *
                     w[((oc * cg + ic) * k + ki) * k + kj];
              }
            }
          }
          y.push_back(s);
        }
      }
    }
  }
  return y;
}

struct ActivationCase {
  std::string name;
  std::vector<float> params;
  std::function<double(double)> f;
};

double Sigmoid(double v) { return 1.0 / (1.0 + std::exp(-v)); }

std::vector<ActivationCase> Activations() {
  return {
      {"", {}, [](double v) { return v; }},
      {"Relu", {}, [](double v) { return std::max(v, 0.0); }},
      {"LeakyRelu", {0.1f}, [](double v) { return v < 0 ? 0.1f * v : v; }},
      {"Clip", {-0.5f, 0.75f}, [](double v) { return std::min(std::max(v, -0.5), 0.75); }},
      {"HardSigmoid", {0.3f, 0.4f}, [](double v) { return std::min(std::max(0.3f * v + 0.4f, 0.0), 1.0); }},
      {"Sigmoid", {}, Sigmoid},
      {"Tanh", {}, [](double v) { return std::tanh(v); }},
      {"HardSwish", {}, [](double v) { return v * std::min(std::max(v / 6 + 0.5, 0.0), 1.0); }},
      {"Swish", {1.5f}, [](double v) { return v * Sigmoid(1.5 * v); }},
  };
}

TEST(FusedConv, EveryActivationMatchesConvThenActivation) {
  std::mt19937 rng(7);
  const Dims xd{2, 4, 5, 6}, wd{6, 2, 3, 3};
  const std::vector<float> x = testing::Random<float>(NumElements(xd), rng, -2, 2);
  const std::vector<float> w = testing::Random<float>(NumElements(wd), rng);
  const std::vector<float> b = testing::Random<float>(6, rng);
  for (const ActivationCase& act : Activations()) {
    for (int64_t stride : {1, 2}) {
      SCOPED_TRACE(StrCat("activation '", act.name, "', stride ", stride));
      Dims yd;
      std::vector<double> want = NaiveConv2d(x, xd, w, wd, b, 2, stride, &yd);
      for (double& v : want) v = act.f(v);
      KernelRunner runner(FusedLibrary(), "FusedConv", 1);
      runner.Attr("group", int64_t{2}).Attr("pads", std::vector<int64_t>{1, 1, 1, 1});
      runner.Attr("strides", std::vector<int64_t>{stride, stride});
      if (!act.name.empty()) runner.Attr("activation", act.name);
      if (!act.params.empty()) runner.Attr("activation_params", act.params);
      auto out = runner.Run({HostTensor::From<float>(xd, x), HostTensor::From<float>(wd, w),
                             HostTensor::From<float>({6}, b)});
      ASSERT_TRUE(out.ok()) << out.status().ToString();
      EXPECT_EQ(out.value()[0].dims(), yd);
      testing::ExpectClose(out.value()[0].values<float>(), want);
    }
  }
}

TEST(FusedConv, WithoutBiasAndInDouble) {
  std::mt19937 rng(3);
  const Dims xd{1, 2, 4, 4}, wd{3, 2, 3, 3};
  const std::vector<float> xf = testing::Random<float>(NumElements(xd), rng, -2, 2);
  const std::vector<float> wf = testing::Random<float>(NumElements(wd), rng);
  Dims yd;
  std::vector<double> want = NaiveConv2d(xf, xd, wf, wd, {}, 1, 1, &yd);
  for (double& v : want) v = std::max(v, 0.0);
  auto out = KernelRunner(FusedLibrary(), "FusedConv", 1)
                 .Attr("pads", std::vector<int64_t>{1, 1, 1, 1})
                 .Attr("activation", std::string("Relu"))
                 .Run({HostTensor::From<double>(xd, std::vector<double>(xf.begin(), xf.end())),
                       HostTensor::From<double>(wd, std::vector<double>(wf.begin(), wf.end()))});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  testing::ExpectClose(out.value()[0].values<double>(), want);
}

TEST(FusedConv, BadActivationsAreRejected) {
  const HostTensor x = testing::IotaTensor({1, 1, 3, 3}), w = testing::IotaTensor({1, 1, 1, 1});
  testing::ExpectError(KernelRunner(FusedLibrary(), "FusedConv", 1).Attr("activation", std::string("Gelu")).Run({x, w}),
                       StatusCode::kInvalidModel, "expected one of Clip, HardSigmoid");
  testing::ExpectError(KernelRunner(FusedLibrary(), "FusedConv", 1)
                           .Attr("activation", std::string("LeakyRelu"))
                           .Attr("activation_params", std::vector<float>{0.1f, 0.2f})
                           .Run({x, w}),
                       StatusCode::kInvalidModel, "LeakyRelu parameters (expected 1, got 2)");
  const HostTensor b = HostTensor::From<float>({1}, {0.f}), z = testing::IotaTensor({1, 1, 3, 3});
  testing::ExpectError(KernelRunner(FusedLibrary(), "FusedConv", 1).Run({x, w, b, z}), StatusCode::kUnsupported,
                       "Z, a sum before the activation");
  // Conv's own checks still apply.
  testing::ExpectError(KernelRunner(FusedLibrary(), "FusedConv", 1).Run({x, testing::IotaTensor({1, 2, 1, 1})}),
                       StatusCode::kInvalidArgument, "dim 1");
}

TEST(FusedConv, IsRegisteredUnderComMicrosoft) {
  EXPECT_NE(FindKernel(Library(), "com.microsoft", "FusedConv", 1, DType::kFloat32), nullptr);
  EXPECT_NE(FindKernel(Library(), "com.microsoft", "FusedConv", 1, DType::kFloat16), nullptr);
  EXPECT_EQ(FindKernel(Library(), "", "FusedConv", 1, DType::kFloat32), nullptr);
}

}  // namespace
}  // namespace onyx::kernels::ref
