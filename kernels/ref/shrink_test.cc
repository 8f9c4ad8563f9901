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

// Shrink's attributes, at their defaults from opset 9 on.
struct Params {
  double lambd = 0.5f;
  double bias = 0.0f;
};

// The truth, in double.
double Ref(double x, const Params& p) {
  return x < -p.lambd ? x + p.bias : x > p.lambd ? x - p.bias : 0.0;
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

// A runner for Shrink at `opset` with the attributes of `p` set.
KernelRunner WithAttrs(int opset, const Params& p) {
  KernelRunner runner(Library(), "Shrink", opset);
  runner.Attr("lambd", static_cast<float>(p.lambd));
  runner.Attr("bias", static_cast<float>(p.bias));
  return runner;
}

std::vector<float> RandomInputs(uint32_t seed) {
  std::mt19937 rng(seed);
  return testing::Random<float>(64, rng, -4.0, 4.0);
}

const Params kCustom = {1.5f, 1.5f};

TEST(Shrink, DefaultsMatchTheReference) {
  KernelRunner at_new(Library(), "Shrink", 9);
  Check<float>(at_new, RandomInputs(1), Params{}, 1e-6);
  KernelRunner at_old(Library(), "Shrink", 9);
  Check<double>(at_old, RandomInputs(2), Params{}, 1e-12);
}

TEST(Shrink, AttributesMatchTheReference) {
  KernelRunner at_new = WithAttrs(9, kCustom);
  Check<float>(at_new, RandomInputs(3), kCustom, 1e-6);
  KernelRunner at_old = WithAttrs(9, kCustom);
  Check<double>(at_old, RandomInputs(4), kCustom, 1e-12);
}

TEST(Shrink, Float16ComputesInFloat) {
  KernelRunner at_old = WithAttrs(9, kCustom);
  Check<Float16>(at_old, RandomInputs(5), kCustom, 1e-3);
}

TEST(Shrink, EdgeValues) {
  KernelRunner runner = WithAttrs(9, kCustom);
  Check<float>(runner, {NAN, INFINITY, -INFINITY, 0.0f, -0.0f}, kCustom, 1e-6);
  Check<float>(runner, {}, kCustom, 0);
}

TEST(Shrink, OnnxExample) {
  // onnx/backend/test/case/node/shrink.py.
  auto out = KernelRunner(Library(), "Shrink", 9)
                 .Attr("lambd", 1.5f)
                 .Attr("bias", 1.5f)
                 .Run({HostTensor::From<float>({5}, {-2, -1, 0, 1, 2})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  const std::vector<double> want = {-0.5, 0, 0, 0, 0.5};
  std::vector<float> got = out.value()[0].values<float>();
  for (size_t i = 0; i < want.size(); ++i) ExpectMatch(got[i], want[i], 1e-6, i);
}

TEST(Shrink, RejectsAnIntAttribute) {
  ExpectError(KernelRunner(Library(), "Shrink", 9)
                  .Attr("lambd", int64_t{1})
                  .Run({HostTensor::From<float>({1}, {1})}),
              StatusCode::kInvalidModel, "attribute 'lambd' type");
}

TEST(Shrink, DTypesFollowTheOpset) {
  const HostTensor bf16 = HostTensor::From<BFloat16>({1}, {BFloat16(1.0f)});
  ExpectError(KernelRunner(Library(), "Shrink", 9).Run({bf16}),
              StatusCode::kNotFound, "Shrink opset 9 dtype bfloat16");
  ExpectError(KernelRunner(Library(), "Shrink", 8).Run({HostTensor::From<float>({1}, {1})}),
              StatusCode::kNotFound, "Shrink opset 8 dtype float");
  ExpectError(KernelRunner(Library(), "Shrink", 9).Run({testing::BoolTensor({1}, {true})}),
              StatusCode::kNotFound, "Shrink opset 9 dtype bool");
}

TEST(Shrink, HardShrinkGolden) {
  // onnx/backend/test/case/node/shrink.py, export_hard_shrink.
  auto out = KernelRunner(Library(), "Shrink", 9)
                 .Attr("lambd", 1.5f)
                 .Run({HostTensor::From<float>({5}, {-2, -1, 0, 1, 2})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].values<float>(), (std::vector<float>{-2, 0, 0, 0, 2}));
}

TEST(Shrink, IntegersTruncateTowardZero) {
  // int8: -5 + 1.5 = -3.5 -> -3; 5 - 1.5 = 3.5 -> 3; |x| <= 2 -> 0.
  auto i8 = KernelRunner(Library(), "Shrink", 9)
                .Attr("lambd", 2.0f)
                .Attr("bias", 1.5f)
                .Run({HostTensor::From<int8_t>({5}, {-5, -2, 0, 2, 5})});
  ASSERT_TRUE(i8.ok()) << i8.status().ToString();
  EXPECT_EQ(i8.value()[0].values<int8_t>(), (std::vector<int8_t>{-3, 0, 0, 0, 3}));
  auto u32 = KernelRunner(Library(), "Shrink", 9)
                 .Attr("lambd", 1.0f)
                 .Attr("bias", 0.5f)
                 .Run({HostTensor::From<uint32_t>({3}, {0, 1, 7})});
  ASSERT_TRUE(u32.ok()) << u32.status().ToString();
  EXPECT_EQ(u32.value()[0].values<uint32_t>(), (std::vector<uint32_t>{0, 0, 6}));
}

}  // namespace
}  // namespace onyx::kernels::ref
