#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

using testing::ExpectError;

template <typename T>
std::vector<T> RandomInts(size_t n, std::mt19937& rng) {
  std::vector<T> v(n);
  for (T& x : v) x = static_cast<T>(rng());
  return v;
}

// Batched (A - za[row]) x (B - zb[col]) against a naive triple loop.
TEST(MatMulInteger, RandomMatchesNaive) {
  std::mt19937 rng(21);
  for (int trial = 0; trial < 40; ++trial) {
    const int64_t batch = 1 + trial % 3, m = 1 + trial % 4, k = 1 + trial % 5, n = 1 + trial % 3;
    std::vector<uint8_t> a = RandomInts<uint8_t>(batch * m * k, rng);
    std::vector<int8_t> b = RandomInts<int8_t>(k * n, rng);
    std::vector<uint8_t> za = RandomInts<uint8_t>(m, rng);
    std::vector<int8_t> zb = RandomInts<int8_t>(n, rng);
    const bool per_row = trial % 2 == 0;
    std::vector<HostTensor> in = {HostTensor::From<uint8_t>({batch, m, k}, a),
                                  HostTensor::From<int8_t>({k, n}, b)};
    in.push_back(per_row ? HostTensor::From<uint8_t>({m, 1}, za)
                         : HostTensor::From<uint8_t>({}, {za[0]}));
    in.push_back(HostTensor::From<int8_t>({n}, zb));
    auto out = KernelRunner(Library(), "MatMulInteger", 10).Run(in);
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    ASSERT_EQ(out.value()[0].dims(), (Dims{batch, m, n}));
    std::vector<int32_t> got = out.value()[0].values<int32_t>();
    for (int64_t bi = 0; bi < batch; ++bi)
      for (int64_t i = 0; i < m; ++i)
        for (int64_t j = 0; j < n; ++j) {
          int32_t want = 0;
          for (int64_t p = 0; p < k; ++p)
            want += (a[(bi * m + i) * k + p] - za[per_row ? i : 0]) * (b[p * n + j] - zb[j]);
          ASSERT_EQ(got[(bi * m + i) * n + j], want) << "trial " << trial;
        }
  }
}

TEST(MatMulInteger, VectorOperandsAndNoZeroPoints) {
  auto out = KernelRunner(Library(), "MatMulInteger", 10)
                 .Run({HostTensor::From<int8_t>({3}, {1, -2, 3}),
                       HostTensor::From<int8_t>({3}, {4, 5, -6})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dims(), Dims{});
  EXPECT_EQ(out.value()[0].values<int32_t>(), (std::vector<int32_t>{4 - 10 - 18}));
}

TEST(MatMulInteger, Errors) {
  const HostTensor a = HostTensor::From<uint8_t>({2, 3}, std::vector<uint8_t>(6));
  ExpectError(KernelRunner(Library(), "MatMulInteger", 10)
                  .Run({a, HostTensor::From<uint8_t>({2, 3}, std::vector<uint8_t>(6))}),
              StatusCode::kInvalidArgument, "rows (expected 3");
  ExpectError(KernelRunner(Library(), "MatMulInteger", 10)
                  .Run({a, HostTensor::From<uint8_t>({3, 1}, std::vector<uint8_t>(3)),
                        HostTensor::From<int8_t>({}, {0})}),
              StatusCode::kInvalidArgument, "dtype (expected uint8");
  ExpectError(KernelRunner(Library(), "MatMulInteger", 10)
                  .Run({a, HostTensor::From<uint8_t>({3, 1}, std::vector<uint8_t>(3)),
                        HostTensor::From<uint8_t>({3}, {0, 0, 0})}),
              StatusCode::kInvalidArgument, "expected to broadcast to [2,3]");
  ExpectError(KernelRunner(Library(), "MatMulInteger", 10)
                  .Run({HostTensor::From<int32_t>({1, 1}, {1}), HostTensor::From<int32_t>({1, 1}, {1})}),
              StatusCode::kNotFound, "no kernel");
}

}  // namespace
}  // namespace onyx::kernels::ref
