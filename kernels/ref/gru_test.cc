#include <gtest/gtest.h>

#include <cmath>
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

double Sigmoid(double x) { return 1 / (1 + std::exp(-x)); }

struct Case {
  int64_t seq = 3, batch = 2, input = 3, hidden = 3, dirs = 1;
  std::string direction = "forward";
  bool lbr = false;
  float clip = 0;
};

// Layout-0 GRU from the spec's equations; returns Y and Y_h.
void Naive(const Case& c, const std::vector<float>& x, const std::vector<float>& w,
           const std::vector<float>& r, const std::vector<float>& bias, std::vector<double>* y,
           std::vector<double>* yh) {
  const int64_t hs = c.hidden;
  y->assign(c.seq * c.dirs * c.batch * hs, 0);
  yh->assign(c.dirs * c.batch * hs, 0);
  auto clip = [&](double v) { return c.clip > 0 ? std::fmax(-c.clip, std::fmin(c.clip, v)) : v; };
  for (int64_t d = 0; d < c.dirs; ++d)
    for (int64_t b = 0; b < c.batch; ++b) {
      std::vector<double> h(hs, 0);
      for (int64_t s = 0; s < c.seq; ++s) {
        const int64_t t = (c.direction == "reverse" || d == 1) ? c.seq - 1 - s : s;
        const float* xt = &x[(t * c.batch + b) * c.input];
        // xw[g][j] = W_g x + Wb_g; rh[g][j] = R_g v + Rb_g for v = h (or r . h).
        auto xw = [&](int g, int64_t j) {
          double v = bias[d * 6 * hs + g * hs + j];
          for (int64_t k = 0; k < c.input; ++k) v += xt[k] * w[((d * 3 + g) * hs + j) * c.input + k];
          return v;
        };
        auto rv = [&](int g, int64_t j, const std::vector<double>& v) {
          double s2 = bias[d * 6 * hs + (3 + g) * hs + j];
          for (int64_t k = 0; k < hs; ++k) s2 += v[k] * r[((d * 3 + g) * hs + j) * hs + k];
          return s2;
        };
        std::vector<double> z(hs), rg(hs), rh(hs), next(hs);
        for (int64_t j = 0; j < hs; ++j) {
          z[j] = Sigmoid(clip(xw(0, j) + rv(0, j, h)));
          rg[j] = Sigmoid(clip(xw(1, j) + rv(1, j, h)));
          rh[j] = rg[j] * h[j];
        }
        for (int64_t j = 0; j < hs; ++j) {
          const double pre = c.lbr ? xw(2, j) + rg[j] * rv(2, j, h) : xw(2, j) + rv(2, j, rh);
          next[j] = (1 - z[j]) * std::tanh(clip(pre)) + z[j] * h[j];
        }
        h = next;
        for (int64_t j = 0; j < hs; ++j) (*y)[((t * c.dirs + d) * c.batch + b) * hs + j] = h[j];
      }
      for (int64_t j = 0; j < hs; ++j) (*yh)[(d * c.batch + b) * hs + j] = h[j];
    }
}

TEST(GRU, RandomMatchesNaive) {
  std::mt19937 rng(101);
  const char* dirs[] = {"forward", "reverse", "bidirectional"};
  for (int trial = 0; trial < 36; ++trial) {
    Case c;
    c.direction = dirs[trial % 3];
    c.dirs = c.direction == "bidirectional" ? 2 : 1;
    c.lbr = trial % 2 == 1;
    c.seq = 1 + trial % 4;
    c.clip = trial % 5 == 4 ? 0.7f : 0.0f;
    const int64_t hs = c.hidden;
    std::vector<float> x = Random<float>(c.seq * c.batch * c.input, rng);
    std::vector<float> w = Random<float>(c.dirs * 3 * hs * c.input, rng);
    std::vector<float> r = Random<float>(c.dirs * 3 * hs * hs, rng), bias = Random<float>(c.dirs * 6 * hs, rng);
    KernelRunner k(Library(), "GRU", 14);
    k.Attr("direction", c.direction).Attr("linear_before_reset", int64_t{c.lbr});
    if (c.clip > 0) k.Attr("clip", c.clip);
    auto out = k.Outputs(2).Run({HostTensor::From<float>({c.seq, c.batch, c.input}, x),
                                 HostTensor::From<float>({c.dirs, 3 * hs, c.input}, w),
                                 HostTensor::From<float>({c.dirs, 3 * hs, hs}, r),
                                 HostTensor::From<float>({c.dirs, 6 * hs}, bias)});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    std::vector<double> y, yh;
    Naive(c, x, w, r, bias, &y, &yh);
    SCOPED_TRACE(StrCat("trial ", trial, " ", c.direction, " lbr ", c.lbr));
    ExpectClose(out.value()[0].values<float>(), y);
    ExpectClose(out.value()[1].values<float>(), yh);
  }
}

TEST(GRU, ZeroLengthEntryKeepsInitialStateAndZeroOutputs) {
  const int64_t hs = 2;
  const HostTensor x = HostTensor::From<float>({2, 1, 1}, {1, 2});
  auto out = KernelRunner(Library(), "GRU", 7)
                 .Outputs(2)
                 .Run({x, HostTensor::From<float>({1, 3 * hs, 1}, std::vector<float>(6, 0.5f)),
                       HostTensor::From<float>({1, 3 * hs, hs}, std::vector<float>(12, 0.5f)),
                       HostTensor(), HostTensor::From<int32_t>({1}, {0}),
                       HostTensor::From<float>({1, 1, hs}, {0.25f, -0.5f})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].values<float>(), std::vector<float>(4, 0.0f));
  EXPECT_EQ(out.value()[1].values<float>(), (std::vector<float>{0.25f, -0.5f}));
}

TEST(GRU, Errors) {
  const HostTensor x = HostTensor::From<float>({1, 1, 2}, {1, 2});
  const HostTensor w = HostTensor::From<float>({1, 6, 2}, std::vector<float>(12));
  const HostTensor r = HostTensor::From<float>({1, 6, 2}, std::vector<float>(12));
  ExpectError(KernelRunner(Library(), "GRU", 1).Attr("linear_before_reset", int64_t{1}).Run({x, w, r}),
              StatusCode::kInvalidModel, "'linear_before_reset' is not defined before opset 3");
  ExpectError(KernelRunner(Library(), "GRU", 14).Run({x, HostTensor::From<float>({1, 4, 2}, std::vector<float>(8)), r}),
              StatusCode::kInvalidArgument, "(expected [1,6,2], got [1,4,2])");
  ExpectError(KernelRunner(Library(), "GRU", 14).Run({x, w, r, HostTensor::From<float>({1, 6}, std::vector<float>(6))}),
              StatusCode::kInvalidArgument, "(expected [1,12], got [1,6])");
  ExpectError(KernelRunner(Library(), "GRU", 14).Attr("clip", -1.0f).Run({x, w, r}),
              StatusCode::kInvalidModel, "'clip' (expected > 0");
  ExpectError(KernelRunner(Library(), "GRU", 7).Attr("output_sequence", int64_t{1}).Run({x, w, r}),
              StatusCode::kInvalidModel, "'output_sequence' was removed in opset 7");
}

}  // namespace
}  // namespace onyx::kernels::ref
