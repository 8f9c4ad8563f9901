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

struct Case {
  int64_t b = 2, t = 3, hq = 2, hkv = 1, dk = 3, dv = 2;
  std::string rule = "gated_delta";
  bool per_key_decay = false, scalar_beta = false, past = false;
  float scale = 0;
};

// The recurrence of the spec, token by token, in double.
void Naive(const Case& c, const std::vector<float>& q, const std::vector<float>& k,
           const std::vector<float>& v, const std::vector<float>& s0, const std::vector<float>& g,
           const std::vector<float>& beta, std::vector<double>* out, std::vector<double>* state) {
  const bool gated = c.rule == "gated" || c.rule == "gated_delta";
  const bool delta = c.rule == "delta" || c.rule == "gated_delta";
  const double scale = c.scale != 0 ? c.scale : 1 / std::sqrt(static_cast<double>(c.dk));
  state->assign(c.b * c.hkv * c.dk * c.dv, 0);
  if (c.past) state->assign(s0.begin(), s0.end());
  out->assign(c.b * c.t * c.hq * c.dv, 0);
  for (int64_t b = 0; b < c.b; ++b)
    for (int64_t t = 0; t < c.t; ++t)
      for (int64_t h = 0; h < c.hkv; ++h) {
        double* s = &(*state)[(b * c.hkv + h) * c.dk * c.dv];
        const int64_t bt = b * c.t + t;
        for (int64_t d = 0; d < c.dk && gated; ++d)
          for (int64_t m = 0; m < c.dv; ++m)
            s[d * c.dv + m] *= std::exp(g[c.per_key_decay ? (bt * c.hkv + h) * c.dk + d : bt * c.hkv + h]);
        std::vector<double> vt(c.dv);
        for (int64_t m = 0; m < c.dv; ++m) {
          vt[m] = v[(bt * c.hkv + h) * c.dv + m];
          if (!delta) continue;
          double r = 0;
          for (int64_t d = 0; d < c.dk; ++d) r += s[d * c.dv + m] * k[(bt * c.hkv + h) * c.dk + d];
          vt[m] = beta[c.scalar_beta ? bt : bt * c.hkv + h] * (vt[m] - r);
        }
        for (int64_t d = 0; d < c.dk; ++d)
          for (int64_t m = 0; m < c.dv; ++m) s[d * c.dv + m] += k[(bt * c.hkv + h) * c.dk + d] * vt[m];
        for (int64_t hq = h * (c.hq / c.hkv); hq < (h + 1) * (c.hq / c.hkv); ++hq)
          for (int64_t m = 0; m < c.dv; ++m) {
            double acc = 0;
            for (int64_t d = 0; d < c.dk; ++d) acc += q[(bt * c.hq + hq) * c.dk + d] * s[d * c.dv + m];
            (*out)[(bt * c.hq + hq) * c.dv + m] = scale * acc;
          }
      }
}

TEST(LinearAttention, RandomMatchesRecurrence) {
  std::mt19937 rng(61);
  const char* rules[] = {"linear", "gated", "delta", "gated_delta"};
  for (int trial = 0; trial < 32; ++trial) {
    Case c;
    c.rule = rules[trial % 4];
    c.hkv = 1 + trial % 2;
    c.hq = c.hkv * (1 + trial % 3);
    c.t = 1 + trial % 4;
    c.per_key_decay = trial % 3 == 0;
    c.scalar_beta = trial % 5 == 0;
    c.past = trial % 2 == 1;
    c.scale = trial % 7 == 0 ? 0.3f : 0.0f;
    std::vector<float> q = Random<float>(c.b * c.t * c.hq * c.dk, rng);
    std::vector<float> k = Random<float>(c.b * c.t * c.hkv * c.dk, rng);
    std::vector<float> v = Random<float>(c.b * c.t * c.hkv * c.dv, rng);
    std::vector<float> s0 = Random<float>(c.b * c.hkv * c.dk * c.dv, rng);
    const int64_t gw = c.per_key_decay ? c.hkv * c.dk : c.hkv, bw = c.scalar_beta ? 1 : c.hkv;
    std::vector<float> g = Random<float>(c.b * c.t * gw, rng, -1, 0);
    std::vector<float> beta = Random<float>(c.b * c.t * bw, rng, 0, 1);
    std::vector<HostTensor> in = {HostTensor::From<float>({c.b, c.t, c.hq * c.dk}, q),
                                  HostTensor::From<float>({c.b, c.t, c.hkv * c.dk}, k),
                                  HostTensor::From<float>({c.b, c.t, c.hkv * c.dv}, v),
                                  HostTensor(), HostTensor(), HostTensor()};
    if (c.past) in[3] = HostTensor::From<float>({c.b, c.hkv, c.dk, c.dv}, s0);
    if (c.rule == "gated" || c.rule == "gated_delta") in[4] = HostTensor::From<float>({c.b, c.t, gw}, g);
    if (c.rule == "delta" || c.rule == "gated_delta") in[5] = HostTensor::From<float>({c.b, c.t, bw}, beta);
    KernelRunner r(Library(), "LinearAttention", 27);
    r.Attr("q_num_heads", c.hq).Attr("kv_num_heads", c.hkv).Attr("update_rule", c.rule);
    if (c.scale != 0) r.Attr("scale", c.scale);
    auto out = r.Outputs(2).Run(in);
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    std::vector<double> want, state;
    Naive(c, q, k, v, s0, g, beta, &want, &state);
    SCOPED_TRACE(StrCat("trial ", trial, " rule ", c.rule));
    ExpectClose(out.value()[0].values<float>(), want);
    ExpectClose(out.value()[1].values<float>(), state);
  }
}

TEST(LinearAttention, Errors) {
  const HostTensor x = HostTensor::From<float>({1, 1, 4}, std::vector<float>(4));
  auto run = [&](const std::string& rule, std::vector<HostTensor> in) {
    return KernelRunner(Library(), "LinearAttention", 27)
        .Attr("q_num_heads", int64_t{2})
        .Attr("kv_num_heads", int64_t{2})
        .Attr("update_rule", rule)
        .Run(in);
  };
  ExpectError(run("gated", {x, x, x}), StatusCode::kInvalidModel,
              "input 'decay' (expected present, got absent)");
  ExpectError(run("linear", {x, x, x, HostTensor(), HostTensor(), x}), StatusCode::kInvalidModel,
              "input 'beta' (expected absent, got present)");
  ExpectError(run("fast", {x, x, x}), StatusCode::kInvalidModel, "got 'fast'");
  ExpectError(run("delta", {x, x, x, HostTensor(), HostTensor(), HostTensor::From<float>({1, 1, 3}, {1, 1, 1})}),
              StatusCode::kInvalidArgument, "(expected [1, 1, 2 or 1], got [1,1,3])");
  ExpectError(KernelRunner(Library(), "LinearAttention", 27)
                  .Attr("q_num_heads", int64_t{3})
                  .Attr("kv_num_heads", int64_t{2})
                  .Attr("update_rule", std::string("linear"))
                  .Run({x, x, x}),
              StatusCode::kInvalidModel, "q a multiple of kv, got 3 and 2");
}

}  // namespace
}  // namespace onyx::kernels::ref
