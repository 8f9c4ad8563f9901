#include <gtest/gtest.h>

#include <algorithm>
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

using testing::ExpectError;
using testing::Random;

constexpr double kNegInf = -std::numeric_limits<double>::infinity();

// ExpectClose that also accepts matching infinities (masked logits).
void ExpectClose(const std::vector<float>& got, const std::vector<double>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    if (std::isinf(want[i])) {
      EXPECT_EQ(got[i], want[i]) << "at " << i;
    } else {
      EXPECT_NEAR(got[i], want[i], 1e-5 * std::max(1.0, std::abs(want[i]))) << "at " << i;
    }
  }
}

// One 4-D case: Q [B,Hq,S,D], K [B,Hkv,L,D], V [B,Hkv,L,Dv], optional past of
// length P, float mask [S, P+L] (or bool), nonpad lengths per batch.
struct Case {
  int64_t b = 2, hq = 2, hkv = 2, s = 3, l = 4, d = 4, dv = 3, past = 0;
  bool causal = false, float_mask = false, bool_mask = false, nonpad = false;
  float softcap = 0, scale = 0;  // 0: not set.
  int64_t left = -1, right = -1, mode = 0;
  std::vector<float> q, k, v, pk, pv, fmask;
  std::vector<uint8_t> bmask;
  std::vector<int64_t> lens;
};

struct Want {
  std::vector<double> y, present_k, present_v, qk;
};

// softmax(softcap(Q K^T * scale) + bias) V in double, straight from the spec.
Want Naive(const Case& c) {
  const int64_t total = c.past + c.l;
  Want w;
  w.qk.assign(c.b * c.hq * c.s * total, 0);
  w.y.assign(c.b * c.hq * c.s * c.dv, 0);
  auto kat = [&](const std::vector<float>& past, const std::vector<float>& now, int64_t width,
                 int64_t b, int64_t h, int64_t j, int64_t e) -> double {
    if (j < c.past) return past[((b * c.hkv + h) * c.past + j) * width + e];
    return now[((b * c.hkv + h) * c.l + j - c.past) * width + e];
  };
  for (int64_t b = 0; b < c.b; ++b)
    for (int64_t h = 0; h < c.hkv; ++h)
      for (int64_t j = 0; j < total; ++j) {
        for (int64_t e = 0; e < c.d; ++e) w.present_k.push_back(kat(c.pk, c.k, c.d, b, h, j, e));
        for (int64_t e = 0; e < c.dv; ++e) w.present_v.push_back(kat(c.pv, c.v, c.dv, b, h, j, e));
      }
  const double scale = c.scale != 0 ? c.scale : 1.0 / std::sqrt(static_cast<double>(c.d));
  for (int64_t b = 0; b < c.b; ++b) {
    const int64_t offset = c.nonpad ? c.lens[b] - c.s : c.past;
    for (int64_t h = 0; h < c.hq; ++h) {
      const int64_t hk = h / (c.hq / c.hkv);
      for (int64_t i = 0; i < c.s; ++i) {
        std::vector<double> logit(total), bias(total), p(total);
        double* qk = &w.qk[((b * c.hq + h) * c.s + i) * total];
        for (int64_t j = 0; j < total; ++j) {
          double dot = 0;
          for (int64_t e = 0; e < c.d; ++e)
            dot += c.q[((b * c.hq + h) * c.s + i) * c.d + e] * kat(c.pk, c.k, c.d, b, hk, j, e);
          dot *= scale;
          if (c.mode == 0) qk[j] = dot;
          if (c.softcap > 0) dot = c.softcap * std::tanh(dot / c.softcap);
          double bj = 0;
          if (c.float_mask) bj += c.fmask[i * total + j];
          if (c.bool_mask && !c.bmask[i * total + j]) bj = kNegInf;
          if (c.causal && j > i + offset) bj = kNegInf;
          if (c.left >= 0 && i + offset - j > c.left) bj = kNegInf;
          if (c.right >= 0 && j - i - offset > c.right) bj = kNegInf;
          if (c.nonpad && j >= c.lens[b]) bj = kNegInf;
          bias[j] = bj;
          logit[j] = dot + bj;
          if (c.mode == 1) qk[j] = dot;
          if (c.mode == 2) qk[j] = logit[j];
        }
        double mx = kNegInf, sum = 0;
        for (double x : logit) mx = std::max(mx, x);
        for (int64_t j = 0; j < total; ++j) sum += p[j] = std::isinf(mx) ? 0 : std::exp(logit[j] - mx);
        for (int64_t j = 0; j < total; ++j) {
          p[j] = sum == 0 ? 0 : p[j] / sum;
          if (c.mode == 3) qk[j] = p[j];
          for (int64_t e = 0; e < c.dv; ++e)
            w.y[((b * c.hq + h) * c.s + i) * c.dv + e] += p[j] * kat(c.pv, c.v, c.dv, b, hk, j, e);
        }
      }
    }
  }
  return w;
}

KernelRunner MakeRunner(const Case& c, int opset) {
  KernelRunner r(Library(), "Attention", opset);
  if (c.causal) r.Attr("is_causal", int64_t{1});
  if (c.softcap > 0) r.Attr("softcap", c.softcap);
  if (c.scale != 0) r.Attr("scale", c.scale);
  if (c.left != -1) r.Attr("left_window_size", c.left);
  if (c.right != -1) r.Attr("right_window_size", c.right);
  r.Attr("qk_matmul_output_mode", c.mode);
  return r;
}

std::vector<HostTensor> Inputs(const Case& c) {
  const int64_t total = c.past + c.l;
  std::vector<HostTensor> in = {HostTensor::From<float>({c.b, c.hq, c.s, c.d}, c.q),
                                HostTensor::From<float>({c.b, c.hkv, c.l, c.d}, c.k),
                                HostTensor::From<float>({c.b, c.hkv, c.l, c.dv}, c.v), HostTensor(),
                                HostTensor(), HostTensor(), HostTensor()};
  if (c.float_mask) in[3] = HostTensor::From<float>({c.s, total}, c.fmask);
  if (c.bool_mask) {
    in[3] = HostTensor::Allocate(DType::kBool, {c.s, total}).value();
    for (size_t i = 0; i < c.bmask.size(); ++i) static_cast<bool*>(in[3].data())[i] = c.bmask[i];
  }
  if (c.past > 0) {
    in[4] = HostTensor::From<float>({c.b, c.hkv, c.past, c.d}, c.pk);
    in[5] = HostTensor::From<float>({c.b, c.hkv, c.past, c.dv}, c.pv);
  }
  if (c.nonpad) in[6] = HostTensor::From<int64_t>({c.b}, c.lens);
  return in;
}

TEST(Attention, RandomMatchesNaive) {
  std::mt19937 rng(11);
  auto pick = [&](int64_t lo, int64_t hi) { return std::uniform_int_distribution<int64_t>(lo, hi)(rng); };
  for (int trial = 0; trial < 120; ++trial) {
    Case c;
    c.b = pick(1, 2);
    c.hkv = pick(1, 2);
    c.hq = c.hkv * pick(1, 3);
    c.s = pick(1, 4);
    c.l = pick(1, 5);
    c.d = pick(1, 5);
    c.dv = pick(1, 4);
    c.nonpad = trial % 7 == 3;
    c.past = c.nonpad ? 0 : pick(0, 3);
    c.causal = trial % 2 == 1;
    c.float_mask = trial % 5 == 1;
    c.bool_mask = trial % 5 == 2;
    c.softcap = trial % 3 == 2 ? 1.5f : 0.0f;
    c.scale = trial % 4 == 3 ? 0.3f : 0.0f;
    c.mode = trial % 4;
    if (trial % 6 == 5) c.left = pick(0, 2);
    if (trial % 8 == 7) c.right = pick(0, 2);
    const int64_t total = c.past + c.l;
    c.q = Random<float>(c.b * c.hq * c.s * c.d, rng, -2, 2);
    c.k = Random<float>(c.b * c.hkv * c.l * c.d, rng, -2, 2);
    c.v = Random<float>(c.b * c.hkv * c.l * c.dv, rng);
    c.pk = Random<float>(c.b * c.hkv * c.past * c.d, rng, -2, 2);
    c.pv = Random<float>(c.b * c.hkv * c.past * c.dv, rng);
    c.fmask = Random<float>(c.s * total, rng);
    for (int64_t i = 0; i < c.s * total; ++i) c.bmask.push_back(pick(0, 3) != 0);
    for (int64_t i = 0; i < c.b; ++i) c.lens.push_back(pick(1, c.l));
    SCOPED_TRACE(StrCat("trial ", trial, " B", c.b, " Hq", c.hq, " Hkv", c.hkv, " S", c.s, " L",
                        c.l, " P", c.past, " causal ", c.causal, " mode ", c.mode));
    auto out = MakeRunner(c, 25).Outputs(4).Run(Inputs(c));
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    Want w = Naive(c);
    ExpectClose(out.value()[0].values<float>(), w.y);
    ExpectClose(out.value()[1].values<float>(), w.present_k);
    ExpectClose(out.value()[2].values<float>(), w.present_v);
    ExpectClose(out.value()[3].values<float>(), w.qk);
    EXPECT_EQ(out.value()[3].dims(), (Dims{c.b, c.hq, c.s, total}));
  }
}

// 3-D inputs are [B, S, H * D]: the same numbers as the 4-D case transposed.
TEST(Attention, ThreeDimensionalLayoutMatchesFourDimensional) {
  std::mt19937 rng(3);
  const int64_t b = 2, hq = 4, hkv = 2, s = 3, l = 5, d = 2, dv = 3;
  std::vector<float> q = Random<float>(b * s * hq * d, rng), k = Random<float>(b * l * hkv * d, rng);
  std::vector<float> v = Random<float>(b * l * hkv * dv, rng);
  auto to4 = [](const std::vector<float>& x, int64_t b, int64_t s, int64_t h, int64_t e) {
    std::vector<float> y(x.size());
    for (int64_t i = 0; i < b; ++i)
      for (int64_t j = 0; j < s; ++j)
        for (int64_t k = 0; k < h; ++k)
          for (int64_t m = 0; m < e; ++m) y[((i * h + k) * s + j) * e + m] = x[((i * s + j) * h + k) * e + m];
    return y;
  };
  auto out3 = KernelRunner(Library(), "Attention", 23)
                  .Attr("q_num_heads", hq)
                  .Attr("kv_num_heads", hkv)
                  .Attr("is_causal", int64_t{1})
                  .Run({HostTensor::From<float>({b, s, hq * d}, q),
                        HostTensor::From<float>({b, l, hkv * d}, k),
                        HostTensor::From<float>({b, l, hkv * dv}, v)});
  ASSERT_TRUE(out3.ok()) << out3.status().ToString();
  EXPECT_EQ(out3.value()[0].dims(), (Dims{b, s, hq * dv}));
  Case c;
  c.b = b, c.hq = hq, c.hkv = hkv, c.s = s, c.l = l, c.d = d, c.dv = dv, c.causal = true;
  c.q = to4(q, b, s, hq, d), c.k = to4(k, b, l, hkv, d), c.v = to4(v, b, l, hkv, dv);
  std::vector<double> want4 = Naive(c).y, want3(want4.size());
  for (int64_t i = 0; i < b; ++i)
    for (int64_t j = 0; j < s; ++j)
      for (int64_t h = 0; h < hq; ++h)
        for (int64_t e = 0; e < dv; ++e)
          want3[((i * s + j) * hq + h) * dv + e] = want4[((i * hq + h) * s + j) * dv + e];
  ExpectClose(out3.value()[0].values<float>(), want3);
}

TEST(Attention, FullyMaskedRowIsZero) {
  // Query 0 may see no key; query 1 sees key 1 only, so it copies V[1].
  HostTensor mask = testing::BoolTensor({2, 2}, {false, false, false, true});
  auto out = KernelRunner(Library(), "Attention", 23)
                 .Run({HostTensor::From<float>({1, 1, 2, 1}, {1, 2}),
                       HostTensor::From<float>({1, 1, 2, 1}, {3, 4}),
                       HostTensor::From<float>({1, 1, 2, 2}, {5, 6, 7, 8}), mask});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].values<float>(), (std::vector<float>{0, 0, 7, 8}));
}

TEST(Attention, ShortMaskPadsWithNegativeInfinity) {
  // A [1]-long float mask over two keys: key 1 is masked, so V[0] comes out.
  auto out = KernelRunner(Library(), "Attention", 23)
                 .Run({HostTensor::From<float>({1, 1, 1, 1}, {1}),
                       HostTensor::From<float>({1, 1, 2, 1}, {3, 4}),
                       HostTensor::From<float>({1, 1, 2, 1}, {5, 6}),
                       HostTensor::From<float>({1}, {0})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].values<float>(), (std::vector<float>{5}));
}

TEST(Attention, HalfTypesFollowFloat) {
  std::mt19937 rng(5);
  Case c;
  c.q = Random<float>(c.b * c.hq * c.s * c.d, rng);
  c.k = Random<float>(c.b * c.hkv * c.l * c.d, rng);
  c.v = Random<float>(c.b * c.hkv * c.l * c.dv, rng);
  std::vector<double> want = Naive(c).y;
  auto half = [](const std::vector<float>& x) { return std::vector<Float16>(x.begin(), x.end()); };
  auto out = KernelRunner(Library(), "Attention", 23)
                 .Run({HostTensor::From<Float16>({c.b, c.hq, c.s, c.d}, half(c.q)),
                       HostTensor::From<Float16>({c.b, c.hkv, c.l, c.d}, half(c.k)),
                       HostTensor::From<Float16>({c.b, c.hkv, c.l, c.dv}, half(c.v))});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  std::vector<Float16> got = out.value()[0].values<Float16>();
  for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(static_cast<float>(got[i]), want[i], 4e-3);
}

// V may have its own float type (T2): float Q and K with double V and past V.
TEST(Attention, ValueTypeMayDiffer) {
  std::mt19937 rng(6);
  Case c;
  c.past = 2;
  c.q = Random<float>(c.b * c.hq * c.s * c.d, rng);
  c.k = Random<float>(c.b * c.hkv * c.l * c.d, rng);
  c.v = Random<float>(c.b * c.hkv * c.l * c.dv, rng);
  c.pk = Random<float>(c.b * c.hkv * c.past * c.d, rng);
  c.pv = Random<float>(c.b * c.hkv * c.past * c.dv, rng);
  std::vector<HostTensor> in = Inputs(c);
  in[2] = HostTensor::From<double>(in[2].dims(), std::vector<double>(c.v.begin(), c.v.end()));
  in[5] = HostTensor::From<double>(in[5].dims(), std::vector<double>(c.pv.begin(), c.pv.end()));
  in.pop_back();
  auto out = KernelRunner(Library(), "Attention", 23).Outputs(3).Run(in);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dtype(), DType::kFloat32);
  EXPECT_EQ(out.value()[2].dtype(), DType::kFloat64);
  Want w = Naive(c);
  ExpectClose(out.value()[0].values<float>(), w.y);
  testing::ExpectClose(out.value()[2].values<double>(), w.present_v);
}

TEST(Attention, Errors) {
  const HostTensor q = HostTensor::From<float>({1, 2, 4}, std::vector<float>(8));
  ExpectError(KernelRunner(Library(), "Attention", 23).Run({q, q, q}), StatusCode::kInvalidModel,
              "'q_num_heads' and 'kv_num_heads' are required");
  ExpectError(KernelRunner(Library(), "Attention", 23)
                  .Attr("q_num_heads", int64_t{3})
                  .Attr("kv_num_heads", int64_t{1})
                  .Run({q, q, q}),
              StatusCode::kInvalidArgument, "expected a multiple of q_num_heads 3, got 4");
  const HostTensor x = HostTensor::From<float>({1, 1, 2, 2}, std::vector<float>(4));
  ExpectError(KernelRunner(Library(), "Attention", 23).Run({x, x, x, HostTensor(), x}),
              StatusCode::kInvalidModel, "'past_key' and 'past_value' come together");
  ExpectError(KernelRunner(Library(), "Attention", 23)
                  .Run({x, x, x, HostTensor::From<float>({3, 2}, std::vector<float>(6))}),
              StatusCode::kInvalidArgument, "query length dim (expected 1 or 2, got 3");
  ExpectError(KernelRunner(Library(), "Attention", 23)
                  .Run({x, x, x, HostTensor::From<float>({2, 3}, std::vector<float>(6))}),
              StatusCode::kInvalidArgument, "last dim (expected <= 2 keys, got 3)");
  ExpectError(KernelRunner(Library(), "Attention", 24).Attr("left_window_size", int64_t{1}).Run({x, x, x}),
              StatusCode::kInvalidModel, "'left_window_size' is not defined before opset 25");
  ExpectError(KernelRunner(Library(), "Attention", 23).Attr("softmax_precision", int64_t{7}).Run({x, x, x}),
              StatusCode::kInvalidModel, "expected 1, 10, 11 or 16, got 7");
  ExpectError(KernelRunner(Library(), "Attention", 25).Attr("q_num_heads", int64_t{1}).Run({x, x, x}),
              StatusCode::kInvalidModel, "only for 3-D inputs");
  ExpectError(KernelRunner(Library(), "Attention", 23).Run({x, HostTensor::From<float>({1, 1, 2, 3}, std::vector<float>(6)), x}),
              StatusCode::kInvalidArgument, "head size (expected 2");
  ExpectError(KernelRunner(Library(), "Attention", 23)
                  .Run({x, HostTensor::From<double>({1, 1, 2, 2}, std::vector<double>(4)), x}),
              StatusCode::kInvalidArgument, "dtype (expected float");
}

}  // namespace
}  // namespace onyx::kernels::ref
