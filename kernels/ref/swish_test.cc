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

// Swish's attributes, at their defaults from opset 24 on.
struct Params {
  double alpha = 1.0f;
};

// The truth, in double.
double Ref(double x, const Params& p) {
  return x * (1 / (1 + std::exp(-p.alpha * x)));
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

// A runner for Swish at `opset` with the attributes of `p` set.
KernelRunner WithAttrs(int opset, const Params& p) {
  KernelRunner runner(Library(), "Swish", opset);
  runner.Attr("alpha", static_cast<float>(p.alpha));
  return runner;
}

std::vector<float> RandomInputs(uint32_t seed) {
  std::mt19937 rng(seed);
  return testing::Random<float>(64, rng, -4.0, 4.0);
}

const Params kCustom = {0.5f};

TEST(Swish, DefaultsMatchTheReference) {
  KernelRunner at_new(Library(), "Swish", 24);
  Check<float>(at_new, RandomInputs(1), Params{}, 1e-6);
  KernelRunner at_old(Library(), "Swish", 24);
  Check<double>(at_old, RandomInputs(2), Params{}, 1e-12);
}

TEST(Swish, AttributesMatchTheReference) {
  KernelRunner at_new = WithAttrs(24, kCustom);
  Check<float>(at_new, RandomInputs(3), kCustom, 1e-6);
  KernelRunner at_old = WithAttrs(24, kCustom);
  Check<double>(at_old, RandomInputs(4), kCustom, 1e-12);
}

TEST(Swish, HalfTypesComputeInFloat) {
  KernelRunner at_old = WithAttrs(24, kCustom);
  Check<Float16>(at_old, RandomInputs(5), kCustom, 1e-3);
  KernelRunner at_new = WithAttrs(24, kCustom);
  Check<BFloat16>(at_new, RandomInputs(6), kCustom, 8e-3);
}

TEST(Swish, EdgeValues) {
  KernelRunner runner = WithAttrs(24, kCustom);
  Check<float>(runner, {NAN, INFINITY, -INFINITY, 0.0f, -0.0f}, kCustom, 1e-6);
  Check<float>(runner, {}, kCustom, 0);
}

TEST(Swish, OnnxExample) {
  // onnx/backend/test/case/node/swish.py.
  auto out = KernelRunner(Library(), "Swish", 24)
                 .Attr("alpha", 1.0f)
                 .Run({HostTensor::From<float>({3}, {3, 4, 5})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  const std::vector<double> want = {2.85772238, 3.92805516, 4.96653575};
  std::vector<float> got = out.value()[0].values<float>();
  for (size_t i = 0; i < want.size(); ++i) ExpectMatch(got[i], want[i], 1e-6, i);
}

TEST(Swish, RejectsAnIntAttribute) {
  ExpectError(KernelRunner(Library(), "Swish", 24)
                  .Attr("alpha", int64_t{1})
                  .Run({HostTensor::From<float>({1}, {1})}),
              StatusCode::kInvalidModel, "attribute 'alpha' type");
}

TEST(Swish, DTypesFollowTheOpset) {
  const HostTensor bf16 = HostTensor::From<BFloat16>({1}, {BFloat16(1.0f)});
  ExpectError(KernelRunner(Library(), "Swish", 23).Run({HostTensor::From<float>({1}, {1})}),
              StatusCode::kNotFound, "Swish opset 23 dtype float");
  ExpectError(KernelRunner(Library(), "Swish", 24).Run({HostTensor::From<int32_t>({1}, {1})}),
              StatusCode::kNotFound, "Swish opset 24 dtype int32");
}

}  // namespace
}  // namespace onyx::kernels::ref
