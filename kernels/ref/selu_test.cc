#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

using testing::ExpectError;

// Selu's attributes, at their defaults from opset 6 on.
struct Params {
  double alpha = 1.67326319217681884765625f;
  double gamma = 1.05070102214813232421875f;
};

// The truth, in double.
double Ref(double x, const Params& p) {
  return x > 0 ? p.gamma * x : p.gamma * (p.alpha * std::exp(x) - p.alpha);
}

// got == want for NaN and infinities, else within `tol` relative to max(1, |want|).
void ExpectMatch(double got, double want, double tol, double x) {
  if (std::isnan(want)) {
    EXPECT_TRUE(std::isnan(got)) << "x = " << x << ", got " << got;
  } else if (std::isinf(want)) {
    EXPECT_EQ(got, want) << "x = " << x;
  } else {
    EXPECT_NEAR(got, want, tol * std::max(1.0, std::abs(want))) << "x = " << x;
  }
}

// Runs `runner` on `x` (as T) and compares with Ref under `p`, rounded to T.
template <typename T>
void Check(KernelRunner& runner, const std::vector<float>& x, const Params& p, double tol) {
  std::vector<T> in(x.begin(), x.end());
  Dims dims = {static_cast<int64_t>(in.size())};
  if (in.size() % 4 == 0 && !in.empty()) dims = {static_cast<int64_t>(in.size() / 4), 2, 2};
  auto out = runner.Run({HostTensor::From<T>(dims, in)});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  ASSERT_EQ(out.value()[0].dtype(), DTypeOf<T>::value);
  ASSERT_EQ(out.value()[0].dims(), dims);
  std::vector<T> got = out.value()[0].template values<T>();
  for (size_t i = 0; i < in.size(); ++i) {
    const double xi = static_cast<double>(in[i]);
    ExpectMatch(static_cast<double>(got[i]), static_cast<double>(static_cast<T>(Ref(xi, p))), tol,
                xi);
  }
}

// A runner for Selu at `opset` with the attributes of `p` set.
KernelRunner WithAttrs(int opset, const Params& p) {
  KernelRunner runner(Library(), "Selu", opset);
  runner.Attr("alpha", static_cast<float>(p.alpha));
  runner.Attr("gamma", static_cast<float>(p.gamma));
  return runner;
}

std::vector<float> RandomInputs(uint32_t seed) {
  std::mt19937 rng(seed);
  return testing::Random<float>(64, rng, -4.0, 4.0);
}

const Params kCustom = {2.0f, 3.0f};

TEST(Selu, DefaultsMatchTheReference) {
  KernelRunner at_new(Library(), "Selu", 22);
  Check<float>(at_new, RandomInputs(1), Params{}, 1e-6);
  KernelRunner at_old(Library(), "Selu", 6);
  Check<double>(at_old, RandomInputs(2), Params{}, 1e-12);
}

TEST(Selu, AttributesMatchTheReference) {
  KernelRunner at_new = WithAttrs(22, kCustom);
  Check<float>(at_new, RandomInputs(3), kCustom, 1e-6);
  KernelRunner at_old = WithAttrs(6, kCustom);
  Check<double>(at_old, RandomInputs(4), kCustom, 1e-12);
}

TEST(Selu, HalfTypesComputeInFloat) {
  KernelRunner at_old = WithAttrs(6, kCustom);
  Check<Float16>(at_old, RandomInputs(5), kCustom, 1e-3);
  KernelRunner at_new = WithAttrs(22, kCustom);
  Check<BFloat16>(at_new, RandomInputs(6), kCustom, 8e-3);
}

TEST(Selu, EdgeValues) {
  KernelRunner runner = WithAttrs(22, kCustom);
  Check<float>(runner, {NAN, INFINITY, -INFINITY, 0.0f, -0.0f}, kCustom, 1e-6);
  Check<float>(runner, {}, kCustom, 0);
}

TEST(Selu, OnnxExample) {
  // onnx/backend/test/case/node/selu.py.
  auto out = KernelRunner(Library(), "Selu", 22)
                 .Attr("alpha", 2.0f)
                 .Attr("gamma", 3.0f)
                 .Run({HostTensor::From<float>({3}, {-1, 0, 1})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  const std::vector<double> want = {-3.79272335, 0, 3};
  std::vector<float> got = out.value()[0].values<float>();
  for (size_t i = 0; i < want.size(); ++i) ExpectMatch(got[i], want[i], 1e-6, i);
}

TEST(Selu, RejectsAnIntAttribute) {
  ExpectError(KernelRunner(Library(), "Selu", 22)
                  .Attr("alpha", int64_t{1})
                  .Run({HostTensor::From<float>({1}, {1})}),
              StatusCode::kInvalidModel, "attribute 'alpha' type");
}

TEST(Selu, DTypesFollowTheOpset) {
  const HostTensor bf16 = HostTensor::From<BFloat16>({1}, {BFloat16(1.0f)});
  ExpectError(KernelRunner(Library(), "Selu", 21).Run({bf16}),
              StatusCode::kNotFound, "Selu opset 21 dtype bfloat16");
  ExpectError(KernelRunner(Library(), "Selu", 22).Run({HostTensor::From<int32_t>({1}, {1})}),
              StatusCode::kNotFound, "Selu opset 22 dtype int32");
}

TEST(Selu, Opset1HasItsOwnDefaults) {
  // Opset 1 (to 5) defaults: alpha 1.6732, gamma 1.0507.
  KernelRunner runner(Library(), "Selu", 5);
  Check<float>(runner, RandomInputs(9), Params{1.6732f, 1.0507f}, 1e-6);
}

}  // namespace
}  // namespace onyx::kernels::ref
