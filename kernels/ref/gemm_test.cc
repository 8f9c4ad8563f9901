#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

// Y[i][j] = alpha * sum_p A'[i][p] B'[p][j] + beta * C[i or 0][j or 0].
template <typename T>
std::vector<double> NaiveGemm(int64_t m, int64_t n, int64_t k, bool ta, bool tb, double alpha,
                              double beta, const std::vector<T>& a, const std::vector<T>& b,
                              const Dims* cd, const std::vector<T>& c) {
  std::vector<double> y(m * n);
  for (int64_t i = 0; i < m; ++i) {
    for (int64_t j = 0; j < n; ++j) {
      double s = 0;
      for (int64_t p = 0; p < k; ++p) {
        const double av = ta ? a[p * m + i] : a[i * k + p];
        const double bv = tb ? b[j * k + p] : b[p * n + j];
        s += av * bv;
      }
      double cv = 0;
      if (cd != nullptr) {
        const int64_t rows = cd->size() == 2 ? (*cd)[0] : 1;
        const int64_t cols = cd->empty() ? 1 : cd->back();
        cv = c[(rows == 1 ? 0 : i) * cols + (cols == 1 ? 0 : j)];
      }
      y[i * n + j] = alpha * s + beta * cv;
    }
  }
  return y;
}

template <typename T>
void CheckRandom(std::mt19937& rng, int opset) {
  std::uniform_int_distribution<int64_t> dim(1, 9);
  const std::vector<Dims> c_shapes = {{-1}, {}, {1}, {0}, {1, 0}, {0, 1}, {0, 0}, {1, 1}};
  for (int trial = 0; trial < 40; ++trial) {
    const int64_t m = dim(rng), n = dim(rng), k = dim(rng);
    const bool ta = trial & 1, tb = trial & 2;
    const float alpha = trial % 3 == 0 ? 1.0f : 0.5f + static_cast<float>(trial) / 7;
    const float beta = trial % 5 == 0 ? 1.0f : -1.5f + static_cast<float>(trial) / 9;
    // Template shapes: 0 stands for M or N at that position, -1 for no C.
    Dims cd = c_shapes[trial % c_shapes.size()];
    const bool has_c = !(cd.size() == 1 && cd[0] == -1);
    if (!has_c && opset < 11) cd = {0, 0};
    for (size_t i = 0; i < cd.size(); ++i) {
      if (cd[i] == 0) cd[i] = cd.size() == 2 && i == 0 ? m : n;
    }
    const bool use_c = has_c || opset < 11;
    SCOPED_TRACE(StrCat("M=", m, " N=", n, " K=", k, " transA=", ta, " transB=", tb,
                        " C=", use_c ? DimsToString(cd) : "none"));
    std::vector<T> a = testing::Random<T>(m * k, rng), b = testing::Random<T>(k * n, rng);
    std::vector<T> c = use_c ? testing::Random<T>(NumElements(cd), rng) : std::vector<T>{};
    std::vector<double> want =
        NaiveGemm(m, n, k, ta, tb, alpha, beta, a, b, use_c ? &cd : nullptr, c);
    std::vector<HostTensor> inputs = {HostTensor::From<T>(ta ? Dims{k, m} : Dims{m, k}, a),
                                      HostTensor::From<T>(tb ? Dims{n, k} : Dims{k, n}, b)};
    if (use_c) inputs.push_back(HostTensor::From<T>(cd, c));
    auto out = KernelRunner(Library(), "Gemm", opset)
                   .Attr("transA", int64_t{ta})
                   .Attr("transB", int64_t{tb})
                   .Attr("alpha", alpha)
                   .Attr("beta", beta)
                   .Run(inputs);
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    const HostTensor& y = out.value()[0];
    EXPECT_EQ(y.dims(), (Dims{m, n}));
    testing::ExpectClose(y.values<T>(), want);
  }
}

template <typename T>
std::vector<T> Abs(const std::vector<T>& v) {
  std::vector<T> r;
  for (T x : v) r.push_back(static_cast<T>(std::abs(static_cast<float>(x))));
  return r;
}

// float16 or bfloat16 against NaiveGemm in double on the same inputs, with
// the magnitude bound `mag` (NaiveGemm on absolute values): summing in float
// and rounding once to T is off by at most one half-ulp of T (allowed: one
// ulp) plus the float rounding error of K products, alpha and beta, bounded by
// (K + 4) * 2^-24 * mag.
template <typename T>
void CheckRandomHalf(std::mt19937& rng, int opset) {
  std::uniform_int_distribution<int64_t> dim(1, 9);
  const double eps = static_cast<float>(std::numeric_limits<T>::epsilon());
  for (int trial = 0; trial < 40; ++trial) {
    const int64_t m = dim(rng), n = dim(rng), k = dim(rng) * (trial % 4 == 0 ? 5 : 1);
    const bool ta = trial & 1, tb = trial & 2;
    const float alpha = trial % 3 == 0 ? 1.0f : 0.5f + static_cast<float>(trial) / 7;
    const float beta = trial % 5 == 0 ? 1.0f : -1.5f + static_cast<float>(trial) / 9;
    const Dims cd = trial % 2 == 0 ? Dims{m, n} : Dims{n};
    SCOPED_TRACE(StrCat("opset ", opset, " M=", m, " N=", n, " K=", k, " transA=", ta,
                        " transB=", tb, " C=", DimsToString(cd)));
    std::vector<T> a = testing::Random<T>(m * k, rng), b = testing::Random<T>(k * n, rng);
    std::vector<T> c = testing::Random<T>(NumElements(cd), rng);
    std::vector<double> want = NaiveGemm(m, n, k, ta, tb, alpha, beta, a, b, &cd, c);
    std::vector<double> mag = NaiveGemm(m, n, k, ta, tb, std::abs(alpha), std::abs(beta), Abs(a),
                                        Abs(b), &cd, Abs(c));
    auto out = KernelRunner(Library(), "Gemm", opset)
                   .Attr("transA", int64_t{ta})
                   .Attr("transB", int64_t{tb})
                   .Attr("alpha", alpha)
                   .Attr("beta", beta)
                   .Run({HostTensor::From<T>(ta ? Dims{k, m} : Dims{m, k}, a),
                         HostTensor::From<T>(tb ? Dims{n, k} : Dims{k, n}, b),
                         HostTensor::From<T>(cd, c)});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    const HostTensor& y = out.value()[0];
    EXPECT_EQ(y.dtype(), DTypeOf<T>::value);
    EXPECT_EQ(y.dims(), (Dims{m, n}));
    const std::vector<T> got = y.values<T>();
    for (size_t i = 0; i < got.size(); ++i) {
      const double tol = eps * std::abs(want[i]) + (k + 4) * std::ldexp(mag[i], -24) +
                         std::ldexp(1.0, -24);
      EXPECT_NEAR(static_cast<float>(got[i]), want[i], tol) << "at " << i;
    }
  }
}

TEST(Gemm, RandomMatchesNaiveFloat16) {
  std::mt19937 rng(9);
  for (int opset : {7, 9, 11, 13}) CheckRandomHalf<Float16>(rng, opset);
}

TEST(Gemm, RandomMatchesNaiveBFloat16) {
  std::mt19937 rng(10);
  CheckRandomHalf<BFloat16>(rng, 13);
}

// A * B = 2049 and C = 1: 2050 in float16 when alpha * A * B + beta * C is
// formed in float and rounded once; rounding A * B first gives 2048 + 1,
// which rounds to 2048 (ties to even). Opset 6 float16, full-shape C.
TEST(Gemm, HalfTypesRoundOnceAfterAlphaBeta) {
  auto f16 = KernelRunner(Library(), "Gemm", 6)
                 .Run({HostTensor::From<Float16>({1, 2}, {1, 1}),
                       HostTensor::From<Float16>({2, 1}, {2048, 1}),
                       HostTensor::From<Float16>({1, 1}, {1})});
  ASSERT_TRUE(f16.ok()) << f16.status().ToString();
  EXPECT_EQ(static_cast<float>(f16.value()[0].values<Float16>()[0]), 2050.0f);
  // bfloat16 at 256: 256 + 1 + 1 (C) = 258.
  auto bf16 = KernelRunner(Library(), "Gemm", 13)
                  .Attr("transB", int64_t{1})
                  .Run({HostTensor::From<BFloat16>({1, 2}, {1, 1}),
                        HostTensor::From<BFloat16>({1, 2}, {256, 1}),
                        HostTensor::From<BFloat16>({1}, {1})});
  ASSERT_TRUE(bf16.ok()) << bf16.status().ToString();
  EXPECT_EQ(static_cast<float>(bf16.value()[0].values<BFloat16>()[0]), 258.0f);
  // Zero beta ignores a NaN in C for the half types too.
  auto nan_c = KernelRunner(Library(), "Gemm", 13)
                   .Attr("alpha", 0.5f)
                   .Attr("beta", 0.0f)
                   .Run({HostTensor::From<Float16>({1, 1}, {3}),
                         HostTensor::From<Float16>({1, 1}, {2}),
                         HostTensor::From<Float16>({1, 1}, {NAN})});
  ASSERT_TRUE(nan_c.ok()) << nan_c.status().ToString();
  EXPECT_EQ(static_cast<float>(nan_c.value()[0].values<Float16>()[0]), 3.0f);
}

TEST(Gemm, BFloat16NotBeforeOpset13) {
  auto out = KernelRunner(Library(), "Gemm", 12)
                 .Run({HostTensor::From<BFloat16>({1, 1}, {1}),
                       HostTensor::From<BFloat16>({1, 1}, {1})});
  EXPECT_EQ(out.status().code(), StatusCode::kNotFound) << out.status().ToString();
}

TEST(Gemm, RandomMatchesNaiveFloat) {
  std::mt19937 rng(7);
  for (int opset : {7, 9, 11, 13}) CheckRandom<float>(rng, opset);
}

TEST(Gemm, RandomMatchesNaiveDouble) {
  std::mt19937 rng(8);
  for (int opset : {7, 13}) CheckRandom<double>(rng, opset);
}

TEST(Gemm, TransposesAndBroadcastsRowOfC) {
  // A' = [[1,2],[3,4]] stored transposed; B' = I stored transposed; C = [10, 20].
  auto out = KernelRunner(Library(), "Gemm", 13)
                 .Attr("transA", int64_t{1})
                 .Attr("transB", int64_t{1})
                 .Attr("alpha", 2.0f)
                 .Attr("beta", 0.5f)
                 .Run({HostTensor::From<float>({2, 2}, {1, 3, 2, 4}),
                       HostTensor::From<float>({2, 2}, {1, 0, 0, 1}),
                       HostTensor::From<float>({2}, {10, 20})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].values<float>(), (std::vector<float>{7, 14, 11, 18}));
}

TEST(Gemm, ColumnOfCBroadcastsAcrossN) {
  auto out =
      KernelRunner(Library(), "Gemm", 11)
          .Run({HostTensor::From<float>({2, 1}, {1, 2}), HostTensor::From<float>({1, 3}, {1, 2, 3}),
                HostTensor::From<float>({2, 1}, {100, 200})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].values<float>(), (std::vector<float>{101, 102, 103, 202, 204, 206}));
}

TEST(Gemm, CIsOptionalFromOpset11Only) {
  const std::vector<HostTensor> ab = {HostTensor::From<float>({1, 2}, {1, 2}),
                                      HostTensor::From<float>({2, 1}, {3, 4})};
  auto v11 = KernelRunner(Library(), "Gemm", 11).Run(ab);
  ASSERT_TRUE(v11.ok()) << v11.status().ToString();
  EXPECT_EQ(v11.value()[0].values<float>(), (std::vector<float>{11}));
  auto v9 = KernelRunner(Library(), "Gemm", 9).Run(ab);
  testing::ExpectError(v9, StatusCode::kInvalidModel, "expected 3 inputs, got 2");
}

TEST(Gemm, ZeroBetaIgnoresNaNInC) {
  auto out = KernelRunner(Library(), "Gemm", 13)
                 .Attr("beta", 0.0f)
                 .Run({HostTensor::From<float>({1, 1}, {2}), HostTensor::From<float>({1, 1}, {3}),
                       HostTensor::From<float>({1, 1}, {NAN})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].values<float>(), (std::vector<float>{6}));
}

TEST(Gemm, EmptyInnerDimGivesBetaC) {
  auto out = KernelRunner(Library(), "Gemm", 13)
                 .Attr("beta", 2.0f)
                 .Run({HostTensor::From<double>({2, 0}, {}), HostTensor::From<double>({0, 2}, {}),
                       HostTensor::From<double>({}, {1.5})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].values<double>(), std::vector<double>(4, 3.0));
  auto no_rows = KernelRunner(Library(), "Gemm", 13)
                     .Run({HostTensor::From<float>({0, 3}, {}),
                           HostTensor::From<float>({3, 2}, std::vector<float>(6))});
  ASSERT_TRUE(no_rows.ok()) << no_rows.status().ToString();
  EXPECT_EQ(no_rows.value()[0].dims(), (Dims{0, 2}));
}

TEST(Gemm, IntegerTypes) {
  auto i32 = KernelRunner(Library(), "Gemm", 9)
                 .Run({HostTensor::From<int32_t>({1, 2}, {1, 2}),
                       HostTensor::From<int32_t>({2, 2}, {3, 4, 5, 6}),
                       HostTensor::From<int32_t>({2}, {-100, 100})});
  ASSERT_TRUE(i32.ok()) << i32.status().ToString();
  EXPECT_EQ(i32.value()[0].values<int32_t>(), (std::vector<int32_t>{-87, 116}));
  auto i64 =
      KernelRunner(Library(), "Gemm", 13)
          .Attr("alpha", 2.0f)
          .Attr("beta", 3.0f)
          .Run({HostTensor::From<int64_t>({1, 1}, {5}), HostTensor::From<int64_t>({1, 1}, {7}),
                HostTensor::From<int64_t>({1, 1}, {-1})});
  ASSERT_TRUE(i64.ok()) << i64.status().ToString();
  EXPECT_EQ(i64.value()[0].values<int64_t>(), (std::vector<int64_t>{67}));
  auto u64 = KernelRunner(Library(), "Gemm", 13)
                 .Attr("transA", int64_t{1})
                 .Run({HostTensor::From<uint64_t>({2, 1}, {2, 3}),
                       HostTensor::From<uint64_t>({2, 1}, {4, 5})});
  ASSERT_TRUE(u64.ok()) << u64.status().ToString();
  EXPECT_EQ(u64.value()[0].values<uint64_t>(), (std::vector<uint64_t>{23}));
  auto v8 =
      KernelRunner(Library(), "Gemm", 8)
          .Run({HostTensor::From<int32_t>({1, 1}, {1}), HostTensor::From<int32_t>({1, 1}, {1}),
                HostTensor::From<int32_t>({1, 1}, {1})});
  EXPECT_EQ(v8.status().code(), StatusCode::kNotFound);
}

TEST(Gemm, Opset6BroadcastAttribute) {
  const std::vector<HostTensor> in = {HostTensor::From<float>({2, 1}, {1, 2}),
                                      HostTensor::From<float>({1, 2}, {1, 1}),
                                      HostTensor::From<float>({2}, {10, 20})};
  auto strict = KernelRunner(Library(), "Gemm", 6).Run(in);
  testing::ExpectError(strict, StatusCode::kInvalidArgument,
                       "broadcast=0 (expected [2,2], got [2])");
  auto bcast = KernelRunner(Library(), "Gemm", 6).Attr("broadcast", int64_t{1}).Run(in);
  ASSERT_TRUE(bcast.ok()) << bcast.status().ToString();
  EXPECT_EQ(bcast.value()[0].values<float>(), (std::vector<float>{11, 21, 12, 22}));
  auto removed = KernelRunner(Library(), "Gemm", 7).Attr("broadcast", int64_t{1}).Run(in);
  testing::ExpectError(removed, StatusCode::kInvalidModel, "'broadcast'");
}

TEST(Gemm, InnerDimMismatchNamesK) {
  auto out = KernelRunner(Library(), "Gemm", 13)
                 .Attr("transB", int64_t{1})
                 .Run({HostTensor::From<float>({2, 3}, std::vector<float>(6)),
                       HostTensor::From<float>({4, 2}, std::vector<float>(8))});
  testing::ExpectError(out, StatusCode::kInvalidArgument, "dim 1 (expected K = 3");
}

TEST(Gemm, CThatDoesNotBroadcast) {
  for (const Dims& cd : {Dims{3}, Dims{3, 2}, Dims{1, 1, 1}}) {
    auto out =
        KernelRunner(Library(), "Gemm", 13)
            .Run({HostTensor::From<float>({2, 1}, {1, 2}), HostTensor::From<float>({1, 2}, {1, 1}),
                  HostTensor::From<float>(cd, std::vector<float>(NumElements(cd)))});
    SCOPED_TRACE(DimsToString(cd));
    testing::ExpectError(out, StatusCode::kInvalidArgument, "expected to broadcast to [2,2]");
  }
}

TEST(Gemm, RankAndAttributeTypeErrors) {
  auto rank =
      KernelRunner(Library(), "Gemm", 13)
          .Run({HostTensor::From<float>({2}, {1, 2}), HostTensor::From<float>({2, 1}, {1, 1})});
  testing::ExpectError(rank, StatusCode::kInvalidArgument, "rank 1");
  auto type =
      KernelRunner(Library(), "Gemm", 13)
          .Attr("alpha", int64_t{2})
          .Run({HostTensor::From<float>({1, 1}, {1}), HostTensor::From<float>({1, 1}, {1})});
  testing::ExpectError(type, StatusCode::kInvalidModel, "'alpha' type (expected float, got int)");
}

}  // namespace
}  // namespace onyx::kernels::ref
