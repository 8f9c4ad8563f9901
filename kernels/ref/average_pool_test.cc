#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

// Sum over window elements inside the input; divide by their number, or with
// count_include_pad by the number inside input + explicit pads.
template <typename T>
std::vector<double> NaiveAveragePool(const testing::PoolCase& c, const std::vector<T>& x) {
  const size_t nsp = c.kernel.size();
  const Dims in(c.x.begin() + 2, c.x.end()), out = testing::PoolOutDims(c);
  const int64_t plane = NumElements(in);
  std::vector<double> y;
  for (int64_t p = 0; p < c.x[0] * c.x[1]; ++p) {
    std::vector<int64_t> o(nsp, 0);
    do {
      double sum = 0;
      int64_t inside_count = 0, padded_count = 0;
      std::vector<int64_t> k(nsp, 0);
      do {
        int64_t row = 0;
        bool inside = true, in_padded = true;
        for (size_t d = 0; d < nsp; ++d) {
          const int64_t pos = o[d] * c.strides[d] - c.pads[d] + k[d] * c.dilations[d];
          inside = inside && pos >= 0 && pos < in[d];
          in_padded = in_padded && pos >= -c.pads[d] && pos < in[d] + c.pads[nsp + d];
          row = row * in[d] + pos;
        }
        padded_count += in_padded;
        if (!inside) continue;
        sum += static_cast<double>(x[p * plane + row]);
        ++inside_count;
      } while (testing::Next(k, c.kernel));
      y.push_back(sum / static_cast<double>(c.count_include_pad ? padded_count : inside_count));
    } while (testing::Next(o, out));
  }
  return y;
}

template <typename T>
void CheckRandom(uint32_t seed) {
  std::mt19937 rng(seed);
  for (int trial = 0; trial < 40; ++trial) {
    testing::PoolCase c = testing::RandomPoolCase(trial, rng);
    c.count_include_pad = trial % 4 >= 2;
    SCOPED_TRACE(StrCat(testing::PoolCaseString(c), " count_include_pad ", c.count_include_pad));
    std::vector<T> x = testing::Random<T>(NumElements(c.x), rng);
    std::vector<double> want = NaiveAveragePool(c, x);
    auto out = KernelRunner(Library(), "AveragePool", 19)
                   .Attr("kernel_shape", c.kernel)
                   .Attr("strides", c.strides)
                   .Attr("dilations", c.dilations)
                   .Attr("pads", c.pads)
                   .Attr("ceil_mode", int64_t{c.ceil_mode})
                   .Attr("count_include_pad", int64_t{c.count_include_pad})
                   .Run({HostTensor::From<T>(c.x, x)});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    const HostTensor& y = out.value()[0];
    Dims want_dims{c.x[0], c.x[1]};
    for (int64_t d : testing::PoolOutDims(c)) want_dims.push_back(d);
    EXPECT_EQ(y.dims(), want_dims);
    testing::ExpectClose(y.values<T>(), want);
  }
}

TEST(AveragePool, RandomMatchesNaiveFloat) { CheckRandom<float>(21); }
TEST(AveragePool, RandomMatchesNaiveDouble) { CheckRandom<double>(22); }

TEST(AveragePool, OnnxDocGoldens) {
  auto ceil = KernelRunner(Library(), "AveragePool", 10)
                  .Attr("kernel_shape", Dims{3, 3})
                  .Attr("strides", Dims{2, 2})
                  .Attr("ceil_mode", int64_t{1})
                  .Run({HostTensor::From<float>({1, 1, 4, 4}, testing::Iota(16, 1))});
  ASSERT_TRUE(ceil.ok()) << ceil.status().ToString();
  EXPECT_EQ(ceil.value()[0].values<float>(), (std::vector<float>{6, 7.5, 12, 13.5}));
  const HostTensor x25 = HostTensor::From<float>({1, 1, 5, 5}, testing::Iota(25, 1));
  auto pads = KernelRunner(Library(), "AveragePool", 7)
                  .Attr("kernel_shape", Dims{5, 5})
                  .Attr("pads", Dims{2, 2, 2, 2})
                  .Run({x25});
  ASSERT_TRUE(pads.ok()) << pads.status().ToString();
  EXPECT_EQ(
      pads.value()[0].values<float>(),
      (std::vector<float>{7,    7.5, 8,    8.5, 9,    9.5, 10,   10.5, 11,   11.5, 12,   12.5, 13,
                          13.5, 14,  14.5, 15,  15.5, 16,  16.5, 17,   17.5, 18,   18.5, 19}));
  auto incl = KernelRunner(Library(), "AveragePool", 7)
                  .Attr("kernel_shape", Dims{5, 5})
                  .Attr("pads", Dims{2, 2, 2, 2})
                  .Attr("count_include_pad", int64_t{1})
                  .Run({x25});
  ASSERT_TRUE(incl.ok()) << incl.status().ToString();
  testing::ExpectClose(incl.value()[0].values<float>(),
                       {2.52, 3.6, 4.8,  4.08, 3.24, 4.56,  6.4,  8.4,  7.04, 5.52, 7.2,  10,  13,
                        10.8, 8.4, 6.96, 9.6,  12.4, 10.24, 7.92, 6.12, 8.4,  10.8, 8.88, 6.84});
  auto dilated = KernelRunner(Library(), "AveragePool", 19)
                     .Attr("kernel_shape", Dims{2, 2})
                     .Attr("dilations", Dims{2, 2})
                     .Run({x25});
  ASSERT_TRUE(dilated.ok()) << dilated.status().ToString();
  EXPECT_EQ(dilated.value()[0].values<float>(),
            (std::vector<float>{7, 8, 9, 12, 13, 14, 17, 18, 19}));
}

TEST(AveragePool, PadsWithAndWithoutCounting) {
  const HostTensor x = HostTensor::From<float>({1, 1, 4}, {1, 2, 3, 4});
  auto excl = KernelRunner(Library(), "AveragePool", 11)
                  .Attr("kernel_shape", Dims{2})
                  .Attr("strides", Dims{2})
                  .Attr("pads", Dims{1, 1})
                  .Run({x});
  ASSERT_TRUE(excl.ok()) << excl.status().ToString();
  EXPECT_EQ(excl.value()[0].values<float>(), (std::vector<float>{1, 2.5, 4}));
  auto incl = KernelRunner(Library(), "AveragePool", 11)
                  .Attr("kernel_shape", Dims{2})
                  .Attr("strides", Dims{2})
                  .Attr("pads", Dims{1, 1})
                  .Attr("count_include_pad", int64_t{1})
                  .Run({x});
  ASSERT_TRUE(incl.ok()) << incl.status().ToString();
  EXPECT_EQ(incl.value()[0].values<float>(), (std::vector<float>{0.5, 2.5, 2}));
}

// The last ceil_mode window hangs past the input; that part is not a pad, so
// it is never counted, even with count_include_pad.
TEST(AveragePool, CeilModeOverhangIsNotCounted) {
  const HostTensor x = HostTensor::From<double>({1, 1, 5}, {1, 2, 3, 4, 5});
  for (int64_t include : {0, 1}) {
    auto out = KernelRunner(Library(), "AveragePool", 19)
                   .Attr("kernel_shape", Dims{2})
                   .Attr("strides", Dims{2})
                   .Attr("ceil_mode", int64_t{1})
                   .Attr("count_include_pad", include)
                   .Run({x});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    EXPECT_EQ(out.value()[0].values<double>(), (std::vector<double>{1.5, 3.5, 5}));
  }
}

TEST(AveragePool, SameUpperVersusSameLower) {
  const HostTensor x = HostTensor::From<float>({1, 1, 4}, {1, 2, 3, 4});
  auto upper = KernelRunner(Library(), "AveragePool", 19)
                   .Attr("kernel_shape", Dims{2})
                   .Attr("auto_pad", std::string("SAME_UPPER"))
                   .Run({x});
  ASSERT_TRUE(upper.ok()) << upper.status().ToString();
  EXPECT_EQ(upper.value()[0].values<float>(), (std::vector<float>{1.5, 2.5, 3.5, 4}));
  auto lower = KernelRunner(Library(), "AveragePool", 19)
                   .Attr("kernel_shape", Dims{2})
                   .Attr("auto_pad", std::string("SAME_LOWER"))
                   .Run({x});
  ASSERT_TRUE(lower.ok()) << lower.status().ToString();
  EXPECT_EQ(lower.value()[0].values<float>(), (std::vector<float>{1, 1.5, 2.5, 3.5}));
  auto counted = KernelRunner(Library(), "AveragePool", 19)
                     .Attr("kernel_shape", Dims{2})
                     .Attr("auto_pad", std::string("SAME_LOWER"))
                     .Attr("count_include_pad", int64_t{1})
                     .Run({x});
  ASSERT_TRUE(counted.ok()) << counted.status().ToString();
  EXPECT_EQ(counted.value()[0].values<float>(), (std::vector<float>{0.5, 1.5, 2.5, 3.5}));
}

TEST(AveragePool, EmptyBatch) {
  auto out = KernelRunner(Library(), "AveragePool", 19)
                 .Attr("kernel_shape", Dims{2})
                 .Run({HostTensor::From<float>({2, 0, 3}, {})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dims(), (Dims{2, 0, 2}));
}

// Runs `r` on a [1, 1, 4, 4] input and expects the error.
void ExpectError(KernelRunner& r, StatusCode code, const std::string& text) {
  auto out = r.Run({HostTensor::From<float>({1, 1, 4, 4}, std::vector<float>(16))});
  testing::ExpectError(out, code, text);
}

TEST(AveragePool, OpsetDifferencesAndErrors) {
  auto lib = Library();
  ExpectError(KernelRunner(lib, "AveragePool", 18)
                  .Attr("kernel_shape", Dims{2, 2})
                  .Attr("dilations", Dims{2, 2}),
              StatusCode::kInvalidModel, "'dilations' is not defined before opset 19");
  ExpectError(KernelRunner(lib, "AveragePool", 9)
                  .Attr("kernel_shape", Dims{2, 2})
                  .Attr("ceil_mode", int64_t{0}),
              StatusCode::kInvalidModel, "'ceil_mode' is not defined before opset 10");
  ExpectError(KernelRunner(lib, "AveragePool", 6)
                  .Attr("kernel_shape", Dims{2, 2})
                  .Attr("count_include_pad", int64_t{1}),
              StatusCode::kInvalidModel, "'count_include_pad' is not defined before opset 7");
  ExpectError(KernelRunner(lib, "AveragePool", 19)
                  .Attr("kernel_shape", Dims{2, 2})
                  .Attr("count_include_pad", int64_t{3}),
              StatusCode::kInvalidModel, "'count_include_pad' (expected 0 or 1, got 3)");
  ExpectError(KernelRunner(lib, "AveragePool", 19)
                  .Attr("kernel_shape", Dims{2, 2})
                  .Attr("pads", Dims{1, 1, 1}),
              StatusCode::kInvalidModel, "'pads' length (expected 4, got 3)");
  ExpectError(KernelRunner(lib, "AveragePool", 19).Attr("kernel_shape", Dims{2, 6}),
              StatusCode::kInvalidArgument, "spatial dim 1 plus pads (expected >= 6");
  ExpectError(KernelRunner(lib, "AveragePool", 19).Attr("kernel_shape", std::string("2")),
              StatusCode::kInvalidModel, "'kernel_shape' type (expected ints, got string)");
}

// float16 (any opset) and bfloat16 (from 22) sum in double like float; only
// the inputs and the one final rounding lose precision.
template <typename T>
void CheckHalfRandom(uint32_t seed, int opset, double tol) {
  std::mt19937 rng(seed);
  for (int trial = 0; trial < 20; ++trial) {
    testing::PoolCase c = testing::RandomPoolCase(trial, rng);
    c.count_include_pad = trial % 4 >= 2;
    SCOPED_TRACE(StrCat(testing::PoolCaseString(c), " count_include_pad ", c.count_include_pad));
    std::vector<T> x = testing::Random<T>(NumElements(c.x), rng);
    std::vector<double> want = NaiveAveragePool(c, x);
    auto out = KernelRunner(Library(), "AveragePool", opset)
                   .Attr("kernel_shape", c.kernel)
                   .Attr("strides", c.strides)
                   .Attr("dilations", c.dilations)
                   .Attr("pads", c.pads)
                   .Attr("ceil_mode", int64_t{c.ceil_mode})
                   .Attr("count_include_pad", int64_t{c.count_include_pad})
                   .Run({HostTensor::From<T>(c.x, x)});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    const std::vector<T> got = out.value()[0].template values<T>();
    ASSERT_EQ(got.size(), want.size());
    for (size_t i = 0; i < got.size(); ++i) {
      EXPECT_NEAR(static_cast<double>(got[i]), want[i], tol * std::max(1.0, std::abs(want[i])));
    }
  }
}

TEST(AveragePool, RandomMatchesNaiveFloat16) { CheckHalfRandom<Float16>(23, 19, 1e-3); }
TEST(AveragePool, RandomMatchesNaiveBFloat16) { CheckHalfRandom<BFloat16>(24, 22, 8e-3); }

}  // namespace
}  // namespace onyx::kernels::ref
