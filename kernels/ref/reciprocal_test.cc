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

// The truth, in double: Reciprocal(x) = 1.0 / x.
double Ref(double x) { return 1.0 / x; }

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

// Runs Reciprocal at `opset` on `x` (as T) and compares with Ref, rounded to T.
template <typename T>
void Check(int opset, const std::vector<float>& x, double tol) {
  std::vector<T> in(x.begin(), x.end());
  Dims dims = {static_cast<int64_t>(in.size())};
  if (in.size() % 4 == 0 && !in.empty()) dims = {4, static_cast<int64_t>(in.size() / 4)};
  auto out = KernelRunner(Library(), "Reciprocal", opset).Run({HostTensor::From<T>(dims, in)});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  ASSERT_EQ(out.value()[0].dtype(), DTypeOf<T>::value);
  ASSERT_EQ(out.value()[0].dims(), dims);
  std::vector<T> got = out.value()[0].template values<T>();
  for (size_t i = 0; i < in.size(); ++i) {
    const double xi = static_cast<double>(in[i]);
    const double want = static_cast<double>(static_cast<T>(Ref(xi)));
    ExpectMatch(static_cast<double>(got[i]), want, tol, xi);
  }
}

std::vector<float> RandomInputs(uint32_t seed) {
  std::mt19937 rng(seed);
  return testing::Random<float>(64, rng, 0.5, 5.0);
}

TEST(Reciprocal, FloatAndDoubleMatchTheReference) {
  Check<float>(13, RandomInputs(1), 1e-6);
  Check<double>(1, RandomInputs(2), 1e-6);
  const std::vector<float> xf = RandomInputs(3);
  const std::vector<double> x(xf.begin(), xf.end());
  auto out = KernelRunner(Library(), "Reciprocal", 1).Run({HostTensor::From<double>({64}, x)});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  std::vector<double> got = out.value()[0].values<double>();
  for (size_t i = 0; i < x.size(); ++i) ExpectMatch(got[i], Ref(x[i]), 1e-13, x[i]);
}

TEST(Reciprocal, HalfTypesComputeInFloat) {
  Check<Float16>(1, RandomInputs(4), 1e-3);
  Check<BFloat16>(13, RandomInputs(5), 8e-3);
}

TEST(Reciprocal, EdgeValues) {
  Check<float>(13, {0, -0.0, INFINITY, NAN}, 1e-6);
  Check<double>(1, {0, -0.0, INFINITY, NAN}, 1e-13);
}

TEST(Reciprocal, Goldens) {
  const std::vector<float> x = {-4, 2};
  const std::vector<double> want = {-0.25, 0.5};
  auto out = KernelRunner(Library(), "Reciprocal", 13)
                 .Run({HostTensor::From<float>({static_cast<int64_t>(x.size())}, x)});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  std::vector<float> got = out.value()[0].values<float>();
  for (size_t i = 0; i < x.size(); ++i) ExpectMatch(got[i], want[i], 1e-6, x[i]);
}

TEST(Reciprocal, ScalarAndEmpty) {
  Check<float>(13, {}, 0);
  auto scalar =
      KernelRunner(Library(), "Reciprocal", 13).Run({HostTensor::From<float>({}, {0.5f})});
  ASSERT_TRUE(scalar.ok()) << scalar.status().ToString();
  EXPECT_EQ(scalar.value()[0].dims(), (Dims{}));
  ExpectMatch(scalar.value()[0].values<float>()[0], static_cast<float>(Ref(0.5)), 1e-6,
              0.5);
}

TEST(Reciprocal, DTypesFollowTheOpset) {
  const HostTensor bf16 = HostTensor::From<BFloat16>({1}, {BFloat16(1.0f)});
  ExpectError(KernelRunner(Library(), "Reciprocal", 12).Run({bf16}), StatusCode::kNotFound,
              "Reciprocal opset 12 dtype bfloat16");
  ExpectError(KernelRunner(Library(), "Reciprocal", 13).Run({HostTensor::From<int32_t>({1}, {1})}),
              StatusCode::kNotFound, "Reciprocal opset 13 dtype int32");
}

TEST(Reciprocal, RejectsASecondInput) {
  const HostTensor x = HostTensor::From<float>({1}, {1});
  ExpectError(KernelRunner(Library(), "Reciprocal", 13).Run({x, x}), StatusCode::kInvalidModel,
              "expected 1 inputs, got 2");
}

}  // namespace
}  // namespace onyx::kernels::ref
