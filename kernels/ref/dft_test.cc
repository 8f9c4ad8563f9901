#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

using testing::ExpectClose;
using testing::ExpectError;
using testing::Random;
using LComplex = std::complex<long double>;

const long double kPiL = 3.141592653589793238462643383279502884L;

struct DftCase {
  Dims x;  // [..., 1 or 2]
  int64_t axis = 1;
  bool inverse = false, onesided = false;
  int64_t dft_length = -1;  // -1: input absent.
};

// The O(n^2) sums of the definition, in long double, one line at a time.
std::vector<double> NaiveDft(const DftCase& c, const std::vector<double>& x, Dims* out_dims) {
  const int64_t rank = static_cast<int64_t>(c.x.size());
  const int64_t axis = c.axis < 0 ? c.axis + rank : c.axis;
  const int64_t len = c.x[axis], ch = c.x.back();
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < axis; ++d) outer *= c.x[d];
  for (int64_t d = axis + 1; d < rank - 1; ++d) inner *= c.x[d];
  const bool irfft = c.inverse && c.onesided;
  const int64_t n = c.dft_length > 0 ? c.dft_length : irfft ? 2 * (len - 1) : len;
  const int64_t out_len = c.onesided && !c.inverse ? n / 2 + 1 : n;
  const int64_t out_ch = irfft ? 1 : 2;
  *out_dims = c.x;
  (*out_dims)[axis] = out_len;
  out_dims->back() = out_ch;
  std::vector<double> y(outer * out_len * inner * out_ch);
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t i = 0; i < inner; ++i) {
      auto in = [&](int64_t t) {
        if (t >= len) return LComplex(0, 0);
        const int64_t at = ((o * len + t) * inner + i) * ch;
        return LComplex(x[at], ch == 2 ? x[at + 1] : 0.0);
      };
      for (int64_t k = 0; k < out_len; ++k) {
        LComplex sum(0, 0);
        if (irfft) {
          // x[t] = (Re X0 + 2 sum_k Re(X[k] e^(2 pi i k t / n)) + Re X[n/2] (-1)^t) / n.
          long double re = in(0).real();
          for (int64_t b = 1; 2 * b < n; ++b) {
            if (b > n / 2) break;
            const long double a = 2 * kPiL * b * k / n;
            re += 2 * (in(b) * LComplex(std::cos(a), std::sin(a))).real();
          }
          if (n % 2 == 0 && n / 2 < len) re += in(n / 2).real() * (k % 2 ? -1 : 1);
          sum = LComplex(re, 0);
        } else {
          for (int64_t t = 0; t < n; ++t) {
            const long double a = (c.inverse ? 2 : -2) * kPiL * static_cast<long double>(k * t % n) / n;
            sum += in(t) * LComplex(std::cos(a), std::sin(a));
          }
        }
        if (c.inverse) sum /= static_cast<long double>(n);
        const int64_t at = ((o * out_len + k) * inner + i) * out_ch;
        y[at] = static_cast<double>(sum.real());
        if (out_ch == 2) y[at + 1] = static_cast<double>(sum.imag());
      }
    }
  }
  return y;
}

template <typename T>
void CheckCase(const DftCase& c, int opset, std::mt19937& rng) {
  SCOPED_TRACE(StrCat(DimsToString(c.x), " axis ", c.axis, " inverse ", c.inverse, " onesided ",
                      c.onesided, " dft_length ", c.dft_length, " opset ", opset));
  std::vector<T> x = Random<T>(NumElements(c.x), rng);
  KernelRunner runner(Library(), "DFT", opset);
  runner.Attr("inverse", int64_t{c.inverse}).Attr("onesided", int64_t{c.onesided});
  std::vector<HostTensor> inputs = {HostTensor::From<T>(c.x, x)};
  inputs.push_back(c.dft_length > 0 ? HostTensor::From<int64_t>({}, {c.dft_length}) : HostTensor());
  if (opset >= 20) {
    inputs.push_back(HostTensor::From<int64_t>({}, {c.axis}));
  } else {
    runner.Attr("axis", c.axis);
  }
  auto out = runner.Constant(1).Constant(2).Run(inputs);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  Dims want_dims;
  std::vector<double> want = NaiveDft(c, std::vector<double>(x.begin(), x.end()), &want_dims);
  EXPECT_EQ(out.value()[0].dims(), want_dims);
  ExpectClose(out.value()[0].values<T>(), want);
}

// Lengths cover radix 2 (8, 64), the direct sum (6, 10, 17) and Bluestein
// (67, 100, 97).
TEST(Dft, RandomEveryModeAxisAndLength) {
  std::mt19937 rng(17);
  const std::vector<Dims> shapes = {{8, 1}, {6, 2}, {2, 10, 1}, {3, 17, 2}, {2, 4, 3, 2},
                                    {67, 1}, {1, 100, 2}, {97, 2}};
  for (const Dims& base : shapes) {
    const int64_t rank = static_cast<int64_t>(base.size());
    for (int64_t axis = 0; axis < rank - 1; ++axis) {
      for (int mode = 0; mode < 4; ++mode) {
        DftCase c{base, axis, mode >= 2, mode % 2 == 1};
        c.x.back() = c.onesided && !c.inverse ? 1 : c.onesided ? 2 : c.x.back();
        if (c.onesided && c.inverse && c.x[axis] < 2) continue;
        for (int64_t len_delta : {int64_t{0}, int64_t{-1}, int64_t{3}}) {
          c.dft_length = len_delta == 0 ? -1 : c.x[axis] + len_delta;
          if (c.dft_length == 0) continue;
          c.axis = axis;
          CheckCase<float>(c, 20, rng);
          c.axis = axis - rank;  // The same axis, counted from the back.
          CheckCase<double>(c, 17, rng);
        }
      }
    }
  }
}

TEST(Dft, HandGolden) {
  // DFT of [1, 2, 3, 4] is [10, -2+2i, -2, -2-2i]; the inverse brings it back.
  auto fwd = KernelRunner(Library(), "DFT", 20)
                 .Run({HostTensor::From<float>({1, 4, 1}, {1, 2, 3, 4})});
  ASSERT_TRUE(fwd.ok()) << fwd.status().ToString();
  ExpectClose(fwd.value()[0].values<float>(), {10, 0, -2, 2, -2, 0, -2, -2});
  auto inv = KernelRunner(Library(), "DFT", 20).Attr("inverse", int64_t{1}).Run({fwd.value()[0]});
  ASSERT_TRUE(inv.ok()) << inv.status().ToString();
  ExpectClose(inv.value()[0].values<float>(), {1, 0, 2, 0, 3, 0, 4, 0});
  // IRFFT of the one-sided [10, -2+2i, -2] gives back the real signal.
  auto irfft = KernelRunner(Library(), "DFT", 20)
                   .Attr("inverse", int64_t{1})
                   .Attr("onesided", int64_t{1})
                   .Run({HostTensor::From<float>({1, 3, 2}, {10, 0, -2, 2, -2, 0})});
  ASSERT_TRUE(irfft.ok()) << irfft.status().ToString();
  EXPECT_EQ(irfft.value()[0].dims(), (Dims{1, 4, 1}));
  ExpectClose(irfft.value()[0].values<float>(), {1, 2, 3, 4});
}

TEST(Dft, HalfTypes) {
  auto f16 = KernelRunner(Library(), "DFT", 17)
                 .Run({HostTensor::From<Float16>({1, 2, 1}, {1, 2})});
  ASSERT_TRUE(f16.ok()) << f16.status().ToString();
  std::vector<Float16> y = f16.value()[0].values<Float16>();
  EXPECT_EQ(static_cast<float>(y[0]), 3.0f);
  EXPECT_EQ(static_cast<float>(y[2]), -1.0f);
  auto bf16 = KernelRunner(Library(), "DFT", 20)
                  .Run({HostTensor::From<BFloat16>({1, 2, 1}, {1, 2})});
  ASSERT_TRUE(bf16.ok()) << bf16.status().ToString();
  EXPECT_EQ(static_cast<float>(bf16.value()[0].values<BFloat16>()[2]), -1.0f);
}

TEST(Dft, Errors) {
  const HostTensor x = HostTensor::From<float>({2, 3, 1}, {1, 2, 3, 4, 5, 6});
  const HostTensor complex = HostTensor::From<float>({1, 2, 2}, {1, 2, 3, 4});
  ExpectError(KernelRunner(Library(), "DFT", 17).Attr("axis", int64_t{2}).Run({x}),
              StatusCode::kInvalidArgument, "(expected [-3, -2] or [0, 1], got 2)");
  ExpectError(KernelRunner(Library(), "DFT", 20).Run({x, HostTensor(), HostTensor::From<int64_t>({}, {-1})}),
              StatusCode::kFailedPrecondition, "axis input 'input2' must be known");
  ExpectError(KernelRunner(Library(), "DFT", 20)
                  .Constant(2)
                  .Run({x, HostTensor(), HostTensor::From<int64_t>({}, {-1})}),
              StatusCode::kInvalidArgument, "got -1)");
  ExpectError(KernelRunner(Library(), "DFT", 20).Attr("axis", int64_t{1}).Run({x}),
              StatusCode::kInvalidModel, "attribute 'axis' is an input from opset 20 on");
  ExpectError(KernelRunner(Library(), "DFT", 20).Run({HostTensor::From<float>({2, 3}, {1, 2, 3, 4, 5, 6})}),
              StatusCode::kInvalidArgument, "(expected [..., signal dims, 1 or 2] of rank 2 or more, got [2,3])");
  ExpectError(KernelRunner(Library(), "DFT", 20).Attr("onesided", int64_t{1}).Run({complex}),
              StatusCode::kInvalidArgument, "onesided=1 without inverse takes a real input");
  ExpectError(KernelRunner(Library(), "DFT", 20)
                  .Attr("onesided", int64_t{1})
                  .Attr("inverse", int64_t{1})
                  .Run({x}),
              StatusCode::kInvalidArgument, "onesided=1 with inverse=1 takes a complex input");
  ExpectError(KernelRunner(Library(), "DFT", 20)
                  .Constant(1)
                  .Run({x, HostTensor::From<int64_t>({}, {0})}),
              StatusCode::kInvalidArgument, "dft_length input 'input1' (expected 1 or more, got 0)");
  ExpectError(KernelRunner(Library(), "DFT", 20).Run({x, HostTensor::From<int32_t>({}, {4})}),
              StatusCode::kFailedPrecondition, "dft_length input 'input1' must be known");
  ExpectError(KernelRunner(Library(), "DFT", 20)
                  .Constant(1)
                  .Run({x, HostTensor::From<float>({}, {4})}),
              StatusCode::kInvalidArgument, "dtype (expected int32 or int64, got float)");
  ExpectError(KernelRunner(Library(), "DFT", 17).Attr("inverse", int64_t{2}).Run({x}),
              StatusCode::kInvalidModel, "attribute 'inverse' (expected 0 or 1, got 2)");
}

}  // namespace
}  // namespace onyx::kernels::ref
