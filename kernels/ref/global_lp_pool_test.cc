#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

using testing::ExpectError;

template <typename T>
void CheckRandom(uint32_t seed, int opset, double tol) {
  std::mt19937 rng(seed);
  for (int trial = 0; trial < 20; ++trial) {
    const int64_t p = 1 + trial % 4;
    Dims dims{1 + trial % 2, 1 + trial % 3};
    for (int d = 0; d < 1 + trial % 3; ++d) dims.push_back(1 + (trial * 7 + d) % 5);
    std::vector<T> x = testing::Random<T>(NumElements(dims), rng, -2, 2);
    KernelRunner runner(Library(), "GlobalLpPool", opset);
    if (opset == 1) {
      runner.Attr("p", static_cast<float>(p));
    } else {
      runner.Attr("p", p);
    }
    auto out = runner.Run({HostTensor::From<T>(dims, x)});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    Dims want_dims(dims.size(), 1);
    want_dims[0] = dims[0];
    want_dims[1] = dims[1];
    EXPECT_EQ(out.value()[0].dims(), want_dims);
    const int64_t plane = NumElements(dims) / (dims[0] * dims[1]);
    const std::vector<T> got = out.value()[0].template values<T>();
    for (int64_t q = 0; q < dims[0] * dims[1]; ++q) {
      double s = 0;
      for (int64_t i = 0; i < plane; ++i) s += std::pow(std::fabs(double(x[q * plane + i])), p);
      const double want = std::pow(s, 1.0 / p);
      EXPECT_NEAR(double(got[q]), want, tol * std::max(1.0, want)) << "p " << p;
    }
  }
}

TEST(GlobalLpPool, RandomMatchesNaive) {
  CheckRandom<float>(1, 2, 1e-5);
  CheckRandom<double>(2, 22, 1e-12);
  CheckRandom<float>(3, 1, 1e-5);  // 'p' is a float at opset 1.
  CheckRandom<Float16>(4, 2, 2e-3);
  CheckRandom<BFloat16>(5, 22, 1e-2);
}

TEST(GlobalLpPool, DefaultIsL2) {
  auto out = KernelRunner(Library(), "GlobalLpPool", 2)
                 .Run({HostTensor::From<float>({1, 2, 2}, {3, -4, 0, 0})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].values<float>(), (std::vector<float>{5, 0}));
}

TEST(GlobalLpPool, Errors) {
  const HostTensor x = HostTensor::From<float>({1, 1, 2}, {1, 2});
  ExpectError(KernelRunner(Library(), "GlobalLpPool", 2).Attr("p", int64_t{0}).Run({x}),
              StatusCode::kInvalidModel, "attribute 'p' (expected > 0, got 0)");
  ExpectError(KernelRunner(Library(), "GlobalLpPool", 2).Attr("p", 2.0f).Run({x}),
              StatusCode::kInvalidModel, "attribute 'p' type (expected int");
  ExpectError(KernelRunner(Library(), "GlobalLpPool", 1).Attr("p", int64_t{2}).Run({x}),
              StatusCode::kInvalidModel, "attribute 'p' type (expected float");
  ExpectError(
      KernelRunner(Library(), "GlobalLpPool", 2).Run({HostTensor::From<float>({2}, {1, 2})}),
      StatusCode::kInvalidArgument, "rank (expected >= 3");
}

}  // namespace
}  // namespace onyx::kernels::ref
