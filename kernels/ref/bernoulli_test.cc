#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

using testing::ExpectError;

Result<std::vector<HostTensor>> Draw(const HostTensor& p, int64_t dtype = -1, float seed = 5,
                                     int opset = 22) {
  KernelRunner r(Library(), "Bernoulli", opset);
  r.Attr("seed", seed);
  if (dtype >= 0) r.Attr("dtype", dtype);
  return r.Run({p});
}

TEST(Bernoulli, FrequenciesFollowTheProbabilities) {
  // Rows of 10000 draws at p = 0, 0.3, 0.9 and 1.
  const std::vector<double> probs = {0, 0.3, 0.9, 1};
  std::vector<float> p;
  for (double q : probs) p.insert(p.end(), 10000, static_cast<float>(q));
  auto out = Draw(HostTensor::From<float>({4, 10000}, p));
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dtype(), DType::kFloat32);
  EXPECT_EQ(out.value()[0].dims(), (Dims{4, 10000}));
  const std::vector<float> y = out.value()[0].values<float>();
  for (size_t row = 0; row < probs.size(); ++row) {
    double ones = 0;
    for (int i = 0; i < 10000; ++i) {
      const float v = y[row * 10000 + i];
      ASSERT_TRUE(v == 0 || v == 1) << v;
      ones += v;
    }
    const double q = probs[row];
    EXPECT_NEAR(ones / 10000, q, 5 * std::sqrt(q * (1 - q) / 10000) + 1e-12) << "p = " << q;
  }
}

TEST(Bernoulli, OutputTypes) {
  const HostTensor p = HostTensor::From<double>({4}, {0, 1, 1, 0});
  auto b = Draw(p, 9);
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  const bool* bits = static_cast<const bool*>(b.value()[0].data());
  EXPECT_EQ(std::vector<bool>(bits, bits + 4), (std::vector<bool>{false, true, true, false}));
  auto i = Draw(p, 7);
  ASSERT_TRUE(i.ok()) << i.status().ToString();
  EXPECT_EQ(i.value()[0].values<int64_t>(), (std::vector<int64_t>{0, 1, 1, 0}));
  auto h = Draw(HostTensor::From<Float16>({2}, {0, 1}), -1, 5, 15);
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  EXPECT_EQ(h.value()[0].dtype(), DType::kFloat16);
  auto bf = Draw(HostTensor::From<BFloat16>({2}, {0, 1}), 16);
  ASSERT_TRUE(bf.ok()) << bf.status().ToString();
  EXPECT_EQ(static_cast<float>(bf.value()[0].values<BFloat16>()[1]), 1.0f);
}

TEST(Bernoulli, SeedMakesRunsRepeat) {
  const HostTensor p = HostTensor::From<float>({64}, std::vector<float>(64, 0.5f));
  auto a = Draw(p, -1, 2);
  auto b = Draw(p, -1, 2);
  auto c = Draw(p, -1, 3);
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ(a.value()[0].values<float>(), b.value()[0].values<float>());
  EXPECT_NE(a.value()[0].values<float>(), c.value()[0].values<float>());
}

TEST(Bernoulli, Errors) {
  ExpectError(Draw(HostTensor::From<float>({3}, {0.5f, 1.5f, 0})), StatusCode::kInvalidArgument,
              "input probability at flat index 1 (expected [0, 1], got 1.5)");
  ExpectError(Draw(HostTensor::From<float>({1}, {std::numeric_limits<float>::quiet_NaN()})),
              StatusCode::kInvalidArgument, "(expected [0, 1], got nan)");
  ExpectError(Draw(HostTensor::From<float>({1}, {0.5f}), 8), StatusCode::kInvalidModel,
              "attribute 'dtype' (expected one of");
  EXPECT_EQ(Draw(HostTensor::From<BFloat16>({1}, {0.5f}), -1, 1, 15).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(Draw(HostTensor::From<int32_t>({1}, {1})).status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace onyx::kernels::ref
