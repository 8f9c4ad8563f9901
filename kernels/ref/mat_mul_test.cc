#include <gtest/gtest.h>
#include <pthreadpool.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

// numpy.matmul written out: promote 1-D operands, broadcast the batch dims
// index by index, then drop the promoted dims from the result shape.
template <typename T>
std::vector<double> NaiveMatMul(Dims ad, const std::vector<T>& a, Dims bd, const std::vector<T>& b,
                                Dims* out_dims) {
  const bool a1 = ad.size() == 1, b1 = bd.size() == 1;
  if (a1) ad.insert(ad.begin(), 1);
  if (b1) bd.push_back(1);
  const int64_t m = ad[ad.size() - 2], k = ad.back(), n = bd.back();
  const size_t batch_rank = std::max(ad.size(), bd.size()) - 2;
  Dims abatch(batch_rank, 1), bbatch(batch_rank, 1), obatch(batch_rank);
  std::copy(ad.begin(), ad.end() - 2, abatch.end() - (ad.size() - 2));
  std::copy(bd.begin(), bd.end() - 2, bbatch.end() - (bd.size() - 2));
  for (size_t i = 0; i < batch_rank; ++i) obatch[i] = std::max(abatch[i], bbatch[i]);
  std::vector<double> out;
  for (int64_t flat = 0; flat < NumElements(obatch); ++flat) {
    int64_t rest = flat, ai = 0, bi = 0, amul = 1, bmul = 1;
    for (size_t d = batch_rank; d-- > 0;) {
      const int64_t idx = rest % obatch[d];
      rest /= obatch[d];
      ai += (abatch[d] == 1 ? 0 : idx) * amul;
      bi += (bbatch[d] == 1 ? 0 : idx) * bmul;
      amul *= abatch[d];
      bmul *= bbatch[d];
    }
    for (int64_t i = 0; i < m; ++i) {
      for (int64_t j = 0; j < n; ++j) {
        double s = 0;
        for (int64_t p = 0; p < k; ++p) {
          s += static_cast<double>(a[(ai * m + i) * k + p]) *
               static_cast<double>(b[(bi * k + p) * n + j]);
        }
        out.push_back(s);
      }
    }
  }
  *out_dims = obatch;
  if (!a1) out_dims->push_back(m);
  if (!b1) out_dims->push_back(n);
  return out;
}

template <typename T>
void CheckRandom(const Dims& ad, const Dims& bd, std::mt19937& rng) {
  SCOPED_TRACE(DimsToString(ad) + " x " + DimsToString(bd));
  std::vector<T> a = testing::Random<T>(NumElements(ad), rng),
                 b = testing::Random<T>(NumElements(bd), rng);
  Dims want_dims;
  std::vector<double> want = NaiveMatMul(ad, a, bd, b, &want_dims);
  auto out = KernelRunner(Library(), "MatMul", 13)
                 .Run({HostTensor::From<T>(ad, a), HostTensor::From<T>(bd, b)});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  const HostTensor& y = out.value()[0];
  EXPECT_EQ(y.dims(), want_dims);
  testing::ExpectClose(y.values<T>(), want);
}

template <typename T>
std::vector<T> Abs(const std::vector<T>& v) {
  std::vector<T> r;
  for (T x : v) r.push_back(static_cast<T>(std::abs(static_cast<float>(x))));
  return r;
}

// float16 or bfloat16 outputs against `want`, computed in double from the same
// (already rounded) inputs. Summing `terms` products in float and rounding
// once to T leaves at most one half-ulp of T (allowed: one ulp) plus the float
// rounding error of the sum, bounded by (terms + 2) * 2^-24 * `mag`, the sum
// of the products' magnitudes. Summing in T would be off by far more.
template <typename T>
void ExpectCloseHalf(const std::vector<T>& got, const std::vector<double>& want,
                     const std::vector<double>& mag, int64_t terms) {
  const double eps = static_cast<float>(std::numeric_limits<T>::epsilon());
  const double subnormal = std::ldexp(1.0, -24);
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    const double tol =
        eps * std::abs(want[i]) + (terms + 2) * std::ldexp(mag[i], -24) + subnormal;
    EXPECT_NEAR(static_cast<float>(got[i]), want[i], tol) << "at " << i;
  }
}

template <typename T>
void CheckRandomHalf(const Dims& ad, const Dims& bd, std::mt19937& rng, int opset) {
  SCOPED_TRACE(DimsToString(ad) + " x " + DimsToString(bd) + " opset " + std::to_string(opset));
  std::vector<T> a = testing::Random<T>(NumElements(ad), rng),
                 b = testing::Random<T>(NumElements(bd), rng);
  Dims want_dims;
  std::vector<double> want = NaiveMatMul(ad, a, bd, b, &want_dims);
  std::vector<double> mag = NaiveMatMul(ad, Abs(a), bd, Abs(b), &want_dims);
  auto out = KernelRunner(Library(), "MatMul", opset)
                 .Run({HostTensor::From<T>(ad, a), HostTensor::From<T>(bd, b)});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  const HostTensor& y = out.value()[0];
  EXPECT_EQ(y.dtype(), DTypeOf<T>::value);
  EXPECT_EQ(y.dims(), want_dims);
  ExpectCloseHalf(y.values<T>(), want, mag, ad.back());
}

const std::vector<std::pair<Dims, Dims>> kShapes = {
    {{3, 4}, {4, 5}},
    {{1, 1}, {1, 1}},
    {{2, 3, 4}, {2, 4, 5}},
    {{2, 1, 3, 4}, {5, 4, 2}},
    {{4}, {4, 3}},
    {{3, 4}, {4}},
    {{6}, {6}},
    {{2, 3, 4}, {4}},
    {{7}, {3, 7, 2}},
    {{1, 5, 6}, {4, 6, 3}},
    {{3, 1, 2, 5}, {1, 4, 5, 2}},
    {{17, 33}, {33, 9}},
};

TEST(MatMul, RandomShapesMatchNaiveFloat) {
  std::mt19937 rng(1234);
  for (const auto& [a, b] : kShapes) CheckRandom<float>(a, b, rng);
}

TEST(MatMul, RandomShapesMatchNaiveDouble) {
  std::mt19937 rng(99);
  for (const auto& [a, b] : kShapes) CheckRandom<double>(a, b, rng);
}

TEST(MatMul, RandomShapesMatchNaiveFloat16) {
  std::mt19937 rng(5);
  for (int opset : {1, 9, 13}) {
    for (const auto& [a, b] : kShapes) CheckRandomHalf<Float16>(a, b, rng, opset);
  }
}

TEST(MatMul, RandomShapesMatchNaiveBFloat16) {
  std::mt19937 rng(6);
  for (const auto& [a, b] : kShapes) CheckRandomHalf<BFloat16>(a, b, rng, 13);
}

// 2048 + 1 + 1 + 1 + 1 is 2052 in float16 only when summed in float and
// rounded once: summed in float16 each 2048 + 1 rounds back to 2048 (ties to
// even). bfloat16 likewise at 256.
TEST(MatMul, HalfTypesSumInFloatAndRoundOnce) {
  auto f16 = KernelRunner(Library(), "MatMul", 13)
                 .Run({HostTensor::From<Float16>({1, 5}, {2048, 1, 1, 1, 1}),
                       HostTensor::From<Float16>({5}, {1, 1, 1, 1, 1})});
  ASSERT_TRUE(f16.ok()) << f16.status().ToString();
  EXPECT_EQ(f16.value()[0].dims(), Dims{1});
  EXPECT_EQ(static_cast<float>(f16.value()[0].values<Float16>()[0]), 2052.0f);
  auto bf16 = KernelRunner(Library(), "MatMul", 13)
                  .Run({HostTensor::From<BFloat16>({5}, {1, 1, 1, 1, 1}),
                        HostTensor::From<BFloat16>({5, 1}, {256, 1, 1, 1, 1})});
  ASSERT_TRUE(bf16.ok()) << bf16.status().ToString();
  EXPECT_EQ(static_cast<float>(bf16.value()[0].values<BFloat16>()[0]), 260.0f);
}

TEST(MatMul, BFloat16NotBeforeOpset13) {
  auto out = KernelRunner(Library(), "MatMul", 12)
                 .Run({HostTensor::From<BFloat16>({1, 1}, {1}),
                       HostTensor::From<BFloat16>({1, 1}, {1})});
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), StatusCode::kNotFound) << out.status().ToString();
}

// The session's threads split a MatMul by batch entry and rows; every output
// must be bit for bit what one thread computes (each sum in the same order).
TEST(MatMul, ThreadsGiveTheSameBitsAsOneThread) {
  pthreadpool_t pool = pthreadpool_create(3);
  ASSERT_NE(pool, nullptr);
  std::mt19937 rng(77);
  const std::vector<std::pair<Dims, Dims>> shapes = {
      {{1, 200, 64}, {64, 48}},         // One batch entry: rows split.
      {{12, 128, 64}, {12, 64, 128}},   // Attention scores: batches shared.
      {{2, 1, 37, 50}, {3, 50, 29}},    // Broadcast batch, odd sizes.
      {{5, 7}, {7, 3}},                 // Too small to share.
  };
  for (const auto& [ad, bd] : shapes) {
    SCOPED_TRACE(DimsToString(ad) + " x " + DimsToString(bd));
    const HostTensor a = HostTensor::From<float>(ad, testing::Random<float>(NumElements(ad), rng));
    const HostTensor b = HostTensor::From<float>(bd, testing::Random<float>(NumElements(bd), rng));
    auto one = KernelRunner(Library(), "MatMul", 13).Run({a, b});
    auto many = KernelRunner(Library(), "MatMul", 13).ThreadPool(pool).Run({a, b});
    ASSERT_TRUE(one.ok() && many.ok()) << one.status().ToString() << many.status().ToString();
    EXPECT_EQ(many.value()[0].dims(), one.value()[0].dims());
    EXPECT_EQ(many.value()[0].values<float>(), one.value()[0].values<float>());
  }
  pthreadpool_destroy(pool);
}

TEST(MatMul, HandGolden2x3Times3x2) {
  auto out = KernelRunner(Library(), "MatMul", 13)
                 .Run({HostTensor::From<float>({2, 3}, {1, 2, 3, 4, 5, 6}),
                       HostTensor::From<float>({3, 2}, {7, 8, 9, 10, 11, 12})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].values<float>(), (std::vector<float>{58, 64, 139, 154}));
}

TEST(MatMul, OneDByOneDIsAScalar) {
  auto out = KernelRunner(Library(), "MatMul", 13)
                 .Run({HostTensor::From<double>({3}, {1, 2, 3}),
                       HostTensor::From<double>({3}, {4, 5, 6})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dims(), Dims{});
  EXPECT_EQ(out.value()[0].values<double>(), (std::vector<double>{32}));
}

TEST(MatMul, OneDOperandsDropTheirDim) {
  // [2] x [2,3] -> [3] and [2,3] x [3] -> [2].
  auto left = KernelRunner(Library(), "MatMul", 13)
                  .Run({HostTensor::From<float>({2}, {1, 2}),
                        HostTensor::From<float>({2, 3}, {1, 2, 3, 4, 5, 6})});
  ASSERT_TRUE(left.ok()) << left.status().ToString();
  EXPECT_EQ(left.value()[0].dims(), Dims{3});
  EXPECT_EQ(left.value()[0].values<float>(), (std::vector<float>{9, 12, 15}));
  auto right = KernelRunner(Library(), "MatMul", 13)
                   .Run({HostTensor::From<float>({2, 3}, {1, 2, 3, 4, 5, 6}),
                         HostTensor::From<float>({3}, {1, 0, -1})});
  ASSERT_TRUE(right.ok()) << right.status().ToString();
  EXPECT_EQ(right.value()[0].dims(), Dims{2});
  EXPECT_EQ(right.value()[0].values<float>(), (std::vector<float>{-2, -2}));
}

TEST(MatMul, IntegerTypesFromOpset9) {
  auto i32 = KernelRunner(Library(), "MatMul", 9)
                 .Run({HostTensor::From<int32_t>({2, 2}, {1, -2, 3, 4}),
                       HostTensor::From<int32_t>({2, 1}, {5, 6})});
  ASSERT_TRUE(i32.ok()) << i32.status().ToString();
  EXPECT_EQ(i32.value()[0].values<int32_t>(), (std::vector<int32_t>{-7, 39}));
  auto i64 = KernelRunner(Library(), "MatMul", 13)
                 .Run({HostTensor::From<int64_t>({1, 2}, {int64_t{1} << 40, 3}),
                       HostTensor::From<int64_t>({2, 1}, {2, -1})});
  ASSERT_TRUE(i64.ok()) << i64.status().ToString();
  EXPECT_EQ(i64.value()[0].values<int64_t>(), (std::vector<int64_t>{(int64_t{1} << 41) - 3}));
  auto u32 = KernelRunner(Library(), "MatMul", 13)
                 .Run({HostTensor::From<uint32_t>({1, 2}, {4000000000u, 1}),
                       HostTensor::From<uint32_t>({2, 1}, {1, 500000000u})});
  ASSERT_TRUE(u32.ok()) << u32.status().ToString();
  // Wraps modulo 2^32 as numpy does.
  EXPECT_EQ(u32.value()[0].values<uint32_t>(),
            (std::vector<uint32_t>{4500000000ull % (1ull << 32)}));
  auto u64 =
      KernelRunner(Library(), "MatMul", 13)
          .Run({HostTensor::From<uint64_t>({2}, {3, 4}), HostTensor::From<uint64_t>({2}, {5, 6})});
  ASSERT_TRUE(u64.ok()) << u64.status().ToString();
  EXPECT_EQ(u64.value()[0].values<uint64_t>(), (std::vector<uint64_t>{39}));
}

TEST(MatMul, IntegerTypesNotBeforeOpset9) {
  auto out =
      KernelRunner(Library(), "MatMul", 8)
          .Run({HostTensor::From<int32_t>({1, 1}, {1}), HostTensor::From<int32_t>({1, 1}, {1})});
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), StatusCode::kNotFound);
}

TEST(MatMul, EmptyDims) {
  auto rows = KernelRunner(Library(), "MatMul", 13)
                  .Run({HostTensor::From<float>({0, 3}, {}),
                        HostTensor::From<float>({3, 4}, std::vector<float>(12))});
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(rows.value()[0].dims(), (Dims{0, 4}));
  // K = 0: every output is an empty sum.
  auto inner = KernelRunner(Library(), "MatMul", 13)
                   .Run({HostTensor::From<float>({2, 0}, {}), HostTensor::From<float>({0, 3}, {})});
  ASSERT_TRUE(inner.ok()) << inner.status().ToString();
  EXPECT_EQ(inner.value()[0].values<float>(), std::vector<float>(6, 0.0f));
  auto batch = KernelRunner(Library(), "MatMul", 13)
                   .Run({HostTensor::From<float>({0, 2, 3}, {}),
                         HostTensor::From<float>({3, 1}, {1, 2, 3})});
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  EXPECT_EQ(batch.value()[0].dims(), (Dims{0, 2, 1}));
}

TEST(MatMul, InnerDimMismatch) {
  auto out = KernelRunner(Library(), "MatMul", 13)
                 .Run({HostTensor::From<float>({2, 3}, std::vector<float>(6)),
                       HostTensor::From<float>({4, 2}, std::vector<float>(8))});
  testing::ExpectError(out, StatusCode::kInvalidArgument, "rows (expected 3");
}

TEST(MatMul, BatchDimsThatDoNotBroadcast) {
  auto out = KernelRunner(Library(), "MatMul", 13)
                 .Run({HostTensor::From<float>({2, 1, 1}, std::vector<float>(2)),
                       HostTensor::From<float>({3, 1, 1}, std::vector<float>(3))});
  testing::ExpectError(out, StatusCode::kInvalidArgument, "batch dims");
  EXPECT_NE(out.status().message().find("[2] and [3]"), std::string::npos)
      << out.status().message();
}

TEST(MatMul, ScalarOperandAndMixedDtypes) {
  auto scalar = KernelRunner(Library(), "MatMul", 13)
                    .Run({HostTensor::From<float>({}, {2}), HostTensor::From<float>({1}, {1})});
  testing::ExpectError(scalar, StatusCode::kInvalidArgument, "rank (expected >= 1, got 0)");
  auto mixed =
      KernelRunner(Library(), "MatMul", 13)
          .Run({HostTensor::From<float>({1, 1}, {1}), HostTensor::From<double>({1, 1}, {1})});
  testing::ExpectError(mixed, StatusCode::kInvalidArgument, "dtype (expected float");
}

}  // namespace
}  // namespace onyx::kernels::ref
