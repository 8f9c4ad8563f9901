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

const long double kPiL = 3.141592653589793238462643383279502884L;

struct StftCase {
  int64_t batch = 1, len = 16, channels = 1, step = 4, frame = 8;
  bool window = true, frame_input = false, onesided = true;
};

// Each frame, windowed, through the O(n^2) DFT sum in long double.
std::vector<double> NaiveStft(const StftCase& c, const std::vector<double>& x,
                              const std::vector<double>& w, Dims* dims) {
  const int64_t frames = (c.len - c.frame) / c.step + 1;
  const int64_t bins = c.onesided ? c.frame / 2 + 1 : c.frame;
  *dims = {c.batch, frames, bins, 2};
  std::vector<double> y;
  for (int64_t b = 0; b < c.batch; ++b) {
    for (int64_t f = 0; f < frames; ++f) {
      for (int64_t k = 0; k < bins; ++k) {
        std::complex<long double> sum(0, 0);
        for (int64_t t = 0; t < c.frame; ++t) {
          const int64_t at = (b * c.len + f * c.step + t) * c.channels;
          const std::complex<long double> v(x[at], c.channels == 2 ? x[at + 1] : 0.0);
          const long double a = -2 * kPiL * static_cast<long double>(k * t) / c.frame;
          sum += v * static_cast<long double>(c.window ? w[t] : 1.0) *
                 std::complex<long double>(std::cos(a), std::sin(a));
        }
        y.push_back(static_cast<double>(sum.real()));
        y.push_back(static_cast<double>(sum.imag()));
      }
    }
  }
  return y;
}

template <typename T>
void CheckCase(const StftCase& c, std::mt19937& rng) {
  SCOPED_TRACE(StrCat("batch ", c.batch, " len ", c.len, " channels ", c.channels, " step ", c.step,
                      " frame ", c.frame, " window ", c.window, " frame_input ", c.frame_input,
                      " onesided ", c.onesided));
  std::vector<T> x = Random<T>(c.batch * c.len * c.channels, rng);
  std::vector<T> w = Random<T>(c.frame, rng, 0, 1);
  std::vector<HostTensor> inputs = {HostTensor::From<T>({c.batch, c.len, c.channels}, x),
                                    HostTensor::From<int64_t>({}, {c.step})};
  inputs.push_back(c.window ? HostTensor::From<T>({c.frame}, w) : HostTensor());
  if (c.frame_input) inputs.push_back(HostTensor::From<int32_t>({}, {static_cast<int32_t>(c.frame)}));
  auto out = KernelRunner(Library(), "STFT", 17)
                 .Attr("onesided", int64_t{c.onesided})
                 .Constant(1)
                 .Constant(3)
                 .Run(inputs);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  Dims dims;
  const std::vector<double> want = NaiveStft(c, std::vector<double>(x.begin(), x.end()),
                                             std::vector<double>(w.begin(), w.end()), &dims);
  EXPECT_EQ(out.value()[0].dims(), dims);
  ExpectClose(out.value()[0].values<T>(), want);
}

TEST(Stft, RandomFramesWindowsAndLengths) {
  std::mt19937 rng(18);
  for (int64_t frame : {1, 4, 7, 16, 70}) {
    for (int64_t step : {1, 3, 8}) {
      for (int64_t channels : {1, 2}) {
        for (int variant = 0; variant < 3; ++variant) {
          StftCase c;
          c.batch = 2;
          c.len = frame + 2 * step + 1;
          c.channels = channels;
          c.step = step;
          c.frame = frame;
          c.window = variant != 0;
          c.frame_input = variant != 1;
          c.onesided = channels == 1 && variant != 2;
          CheckCase<float>(c, rng);
          CheckCase<double>(c, rng);
        }
      }
    }
  }
}

// Without window and frame_length, one frame covers the whole signal.
TEST(Stft, DefaultsToOneFrame) {
  auto out = KernelRunner(Library(), "STFT", 17)
                 .Constant(1)
                 .Run({HostTensor::From<float>({1, 4, 1}, {1, 2, 3, 4}), HostTensor::From<int64_t>({}, {1})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dims(), (Dims{1, 1, 3, 2}));
  ExpectClose(out.value()[0].values<float>(), {10, 0, -2, 2, -2, 0});
}

TEST(Stft, Errors) {
  const HostTensor x = HostTensor::From<float>({1, 8, 1}, testing::Iota(8));
  const HostTensor step = HostTensor::From<int64_t>({}, {2});
  const HostTensor window = HostTensor::From<float>({4}, {1, 1, 1, 1});
  auto run = [](std::vector<HostTensor> in) {
    return KernelRunner(Library(), "STFT", 17).Constant(1).Constant(3).Run(in);
  };
  ExpectError(run({x, step, window, HostTensor::From<int64_t>({}, {5})}), StatusCode::kInvalidArgument,
              "differs from the length of window 'input2' (expected 4, got 5)");
  ExpectError(run({x, step, HostTensor(), HostTensor::From<int64_t>({}, {9})}),
              StatusCode::kInvalidArgument, "(expected [1, 8], got 9)");
  ExpectError(run({x, HostTensor::From<int64_t>({}, {0}), window}), StatusCode::kInvalidArgument,
              "frame_step input 'input1' (expected 1 or more, got 0)");
  ExpectError(run({HostTensor::From<float>({1, 2, 2}, {1, 2, 3, 4}), step}),
              StatusCode::kInvalidArgument, "onesided=1 takes a real signal");
  ExpectError(run({HostTensor::From<float>({8}, testing::Iota(8)), step}), StatusCode::kInvalidArgument,
              "(expected [batch, signal_length, 1 or 2], got [8])");
  ExpectError(run({x, step, HostTensor::From<double>({4}, {1, 1, 1, 1})}), StatusCode::kInvalidArgument,
              "input 'input2' dtype (expected float");
  ExpectError(run({x, step, HostTensor::From<float>({2, 2}, {1, 1, 1, 1})}),
              StatusCode::kInvalidArgument, "window input 'input2' shape (expected 1-D, got [2,2])");
  ExpectError(KernelRunner(Library(), "STFT", 17).Run({x, step}), StatusCode::kFailedPrecondition,
              "frame_step input 'input1' must be known");
}

}  // namespace
}  // namespace onyx::kernels::ref
