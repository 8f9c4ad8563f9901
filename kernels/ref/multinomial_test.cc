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

Result<std::vector<HostTensor>> Draw(const HostTensor& x, int64_t samples, int64_t dtype = 6,
                                     float seed = 3, int opset = 22) {
  return KernelRunner(Library(), "Multinomial", opset)
      .Attr("sample_size", samples)
      .Attr("dtype", dtype)
      .Attr("seed", seed)
      .Run({x});
}

TEST(Multinomial, FrequenciesFollowSoftmax) {
  // Row 0: probabilities 0.2, 0.5, 0.3, 0 (log 0 = -inf); row 1: the same
  // shifted by a constant, which softmax ignores, and reordered.
  const float ninf = -INFINITY;
  const std::vector<float> x = {std::log(0.2f), std::log(0.5f), std::log(0.3f), ninf,
                                ninf, 7 + std::log(0.3f), 7 + std::log(0.2f), 7 + std::log(0.5f)};
  const int64_t n = 30000;
  auto out = Draw(HostTensor::From<float>({2, 4}, x), n);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dtype(), DType::kInt32);
  EXPECT_EQ(out.value()[0].dims(), (Dims{2, n}));
  const std::vector<int32_t> y = out.value()[0].values<int32_t>();
  const std::vector<std::vector<double>> want = {{0.2, 0.5, 0.3, 0}, {0, 0.3, 0.2, 0.5}};
  for (int row = 0; row < 2; ++row) {
    std::vector<double> count(4, 0);
    for (int64_t k = 0; k < n; ++k) {
      const int32_t c = y[row * n + k];
      ASSERT_TRUE(c >= 0 && c < 4) << c;
      count[c] += 1;
    }
    for (int c = 0; c < 4; ++c) {
      const double q = want[row][c];
      EXPECT_NEAR(count[c] / n, q, 5 * std::sqrt(q * (1 - q) / n)) << "row " << row << " class " << c;
    }
  }
}

TEST(Multinomial, TypesAndSeed) {
  const HostTensor x = HostTensor::From<double>({1, 3}, {0, 0, 0});
  auto a = Draw(x, 50, 7, 4);
  auto b = Draw(x, 50, 7, 4);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a.value()[0].dtype(), DType::kInt64);
  EXPECT_EQ(a.value()[0].values<int64_t>(), b.value()[0].values<int64_t>());
  auto h = Draw(HostTensor::From<Float16>({1, 2}, {0, -INFINITY}), 5, 6, 1, 7);
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  EXPECT_EQ(h.value()[0].values<int32_t>(), (std::vector<int32_t>(5, 0)));
  auto defaults = KernelRunner(Library(), "Multinomial", 22).Run({x});
  ASSERT_TRUE(defaults.ok()) << defaults.status().ToString();
  EXPECT_EQ(defaults.value()[0].dims(), (Dims{1, 1}));
  EXPECT_EQ(defaults.value()[0].dtype(), DType::kInt32);
}

TEST(Multinomial, Errors) {
  ExpectError(Draw(HostTensor::From<float>({1, 2}, {-INFINITY, -INFINITY}), 2), StatusCode::kInvalidArgument,
              "input row 0 gives no distribution");
  ExpectError(Draw(HostTensor::From<float>({3}, {0, 0, 0}), 2), StatusCode::kInvalidArgument,
              "has rank 1 (expected 2, got shape [3])");
  ExpectError(Draw(HostTensor::From<float>({1, 2}, {0, 0}), 2, 1), StatusCode::kInvalidModel,
              "attribute 'dtype' (expected one of int32, int64, got float (1))");
  ExpectError(Draw(HostTensor::From<float>({1, 2}, {0, 0}), -1), StatusCode::kInvalidModel,
              "attribute 'sample_size' (expected 0 or more, got -1)");
  ExpectError(Draw(HostTensor::From<float>({2, 0}, {}), 1), StatusCode::kInvalidArgument,
              "has no classes to draw from");
  EXPECT_EQ(Draw(HostTensor::From<BFloat16>({1, 1}, {0.0f}), 1, 6, 1, 21).status().code(),
            StatusCode::kNotFound);
}

}  // namespace
}  // namespace onyx::kernels::ref
