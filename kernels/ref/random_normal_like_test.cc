#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

using testing::ExpectError;

// Mean and variance of the draws (with mean 5 and scale 2), within 5 standard errors.
void CheckMoments(const std::vector<double>& v) {
  const double n = static_cast<double>(v.size());
  double sum = 0, sq = 0;
  for (double x : v) {
    sum += x;
    sq += x * x;
  }
  const double m = sum / n, var = sq / n - m * m;
  EXPECT_NEAR(m, 5, 5 * 2 / std::sqrt(n));
  EXPECT_NEAR(var, 4, 5 * 4 * std::sqrt(2 / n));
}

template <typename T>
std::vector<double> AsDouble(const HostTensor& t) {
  std::vector<double> v;
  for (T x : t.values<T>()) v.push_back(static_cast<double>(x));
  return v;
}

KernelRunner Runner(int opset) {
  KernelRunner r(Library(), "RandomNormalLike", opset);
  r.Attr("mean", float{5}).Attr("scale", float{2}).Attr("seed", 11.0f);
  return r;
}

TEST(RandomNormalLike, TakesTheInputsShapeAndDtype) {
  auto f = Runner(1).Run({HostTensor::From<double>({100, 200}, std::vector<double>(20000, 0.0))});
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  EXPECT_EQ(f.value()[0].dtype(), DType::kFloat64);
  EXPECT_EQ(f.value()[0].dims(), (Dims{100, 200}));
  CheckMoments(AsDouble<double>(f.value()[0]));
  // The input's values are never read, and its type may be anything.
  auto i = Runner(22).Attr("dtype", int64_t{10}).Run({HostTensor::From<int64_t>({20000}, std::vector<int64_t>(20000, 9))});
  ASSERT_TRUE(i.ok()) << i.status().ToString();
  EXPECT_EQ(i.value()[0].dtype(), DType::kFloat16);
  CheckMoments(AsDouble<Float16>(i.value()[0]));
  auto b = Runner(22).Run({HostTensor::From<BFloat16>({20000}, std::vector<BFloat16>(20000))});
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  CheckMoments(AsDouble<BFloat16>(b.value()[0]));
}

TEST(RandomNormalLike, SeedMakesRunsRepeat) {
  const HostTensor x = HostTensor::From<float>({8}, testing::Iota(8));
  auto a = Runner(22).Run({x});
  auto b = Runner(22).Run({x});
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a.value()[0].values<float>(), b.value()[0].values<float>());
}

TEST(RandomNormalLike, Errors) {
  ExpectError(Runner(22).Run({HostTensor::From<int64_t>({2}, {1, 2})}), StatusCode::kInvalidArgument,
              "input 'input0' dtype without attribute 'dtype' (expected one of float, float16, double, "
              "bfloat16, got int64)");
  ExpectError(Runner(1).Run({HostTensor::From<BFloat16>({2}, std::vector<BFloat16>(2))}),
              StatusCode::kInvalidArgument, "(expected one of float, float16, double, got bfloat16)");
  ExpectError(Runner(22).Attr("dtype", int64_t{3}).Run({HostTensor::From<float>({2}, {1, 2})}),
              StatusCode::kInvalidModel, "attribute 'dtype' (expected one of float, float16, double, "
              "bfloat16, got int8 (3))");
  ExpectError(Runner(22).Run(std::vector<HostTensor>{}), StatusCode::kInvalidModel,
              "expected 1 inputs, got 0");
}

}  // namespace
}  // namespace onyx::kernels::ref
