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

// Laplace expansion along the first row: independent of elimination.
double Laplace(const std::vector<double>& a, int64_t n) {
  if (n == 1) return a[0];
  double det = 0;
  for (int64_t c = 0; c < n; ++c) {
    std::vector<double> minor;
    for (int64_t r = 1; r < n; ++r)
      for (int64_t k = 0; k < n; ++k)
        if (k != c) minor.push_back(a[r * n + k]);
    det += (c % 2 == 0 ? 1 : -1) * a[c] * Laplace(minor, n - 1);
  }
  return det;
}

TEST(Det, RandomMatchesLaplace) {
  std::mt19937 rng(71);
  for (int64_t n = 1; n <= 5; ++n) {
    const int64_t batch = 3;
    std::vector<double> x = testing::Random<double>(batch * n * n, rng, -2, 2);
    auto out = KernelRunner(Library(), "Det", 11).Run({HostTensor::From<double>({batch, n, n}, x)});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    EXPECT_EQ(out.value()[0].dims(), Dims{batch});
    std::vector<double> want;
    for (int64_t i = 0; i < batch; ++i)
      want.push_back(Laplace(std::vector<double>(x.begin() + i * n * n, x.begin() + (i + 1) * n * n), n));
    testing::ExpectClose(out.value()[0].values<double>(), want);
  }
}

TEST(Det, GoldensIncludingSingularAndPivoting) {
  // [[0, 1], [2, 3]] needs a row swap: det = -2. A singular matrix gives 0.
  auto out = KernelRunner(Library(), "Det", 22)
                 .Run({HostTensor::From<float>({2, 2, 2}, {0, 1, 2, 3, 1, 2, 2, 4})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].values<float>(), (std::vector<float>{-2, 0}));
  auto scalar = KernelRunner(Library(), "Det", 11).Run({HostTensor::From<float>({2, 2}, {3, 1, 4, 2})});
  ASSERT_TRUE(scalar.ok()) << scalar.status().ToString();
  EXPECT_EQ(scalar.value()[0].dims(), Dims{});
  EXPECT_EQ(scalar.value()[0].values<float>(), (std::vector<float>{2}));
}

TEST(Det, Errors) {
  ExpectError(KernelRunner(Library(), "Det", 11).Run({HostTensor::From<float>({2, 3}, std::vector<float>(6))}),
              StatusCode::kInvalidArgument, "square matrices, got [2,3]");
  ExpectError(KernelRunner(Library(), "Det", 11)
                  .Run({HostTensor::From<BFloat16>({1, 1}, {BFloat16(1.0f)})}),
              StatusCode::kNotFound, "no kernel");
}

}  // namespace
}  // namespace onyx::kernels::ref
