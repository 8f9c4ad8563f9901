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

TEST(CausalConvWithState, RandomMatchesNaive) {
  std::mt19937 rng(51);
  for (int trial = 0; trial < 24; ++trial) {
    const int64_t b = 1 + trial % 2, c = 1 + trial % 3, l = 1 + trial % 5, k = 1 + trial % 4;
    const bool bias = trial % 2 == 0, past = trial % 3 != 0, silu = trial % 4 == 1;
    std::vector<float> x = Random<float>(b * c * l, rng), w = Random<float>(c * k, rng);
    std::vector<float> bv = Random<float>(c, rng), pv = Random<float>(b * c * (k - 1), rng);
    std::vector<HostTensor> in = {HostTensor::From<float>({b, c, l}, x),
                                  HostTensor::From<float>({c, 1, k}, w), HostTensor(), HostTensor()};
    if (bias) in[2] = HostTensor::From<float>({c}, bv);
    if (past) in[3] = HostTensor::From<float>({b, c, k - 1}, pv);
    KernelRunner r(Library(), "CausalConvWithState", 27);
    if (silu) r.Attr("activation", std::string(trial % 8 == 1 ? "silu" : "swish"));
    auto out = r.Outputs(2).Run(in);
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    std::vector<double> y, state;
    for (int64_t bi = 0; bi < b; ++bi)
      for (int64_t ci = 0; ci < c; ++ci) {
        std::vector<double> seq;
        for (int64_t j = 0; j < k - 1; ++j) seq.push_back(past ? pv[(bi * c + ci) * (k - 1) + j] : 0.0);
        for (int64_t t = 0; t < l; ++t) seq.push_back(x[(bi * c + ci) * l + t]);
        for (int64_t t = 0; t < l; ++t) {
          double s = bias ? bv[ci] : 0.0;
          for (int64_t i = 0; i < k; ++i) s += w[ci * k + i] * seq[t + i];
          y.push_back(silu ? s / (1 + std::exp(-s)) : s);
        }
        for (int64_t j = 0; j < k - 1; ++j) state.push_back(seq[l + j]);
      }
    ExpectClose(out.value()[0].values<float>(), y);
    ExpectClose(out.value()[1].values<float>(), state);
    EXPECT_EQ(out.value()[1].dims(), (Dims{b, c, k - 1}));
  }
}

TEST(CausalConvWithState, Errors) {
  const HostTensor x = HostTensor::From<float>({1, 2, 3}, std::vector<float>(6));
  ExpectError(KernelRunner(Library(), "CausalConvWithState", 27)
                  .Run({x, HostTensor::From<float>({2, 2, 2}, std::vector<float>(8))}),
              StatusCode::kInvalidArgument, "(expected [2, 1, k >= 1], got [2,2,2])");
  const HostTensor w = HostTensor::From<float>({2, 1, 3}, std::vector<float>(6));
  ExpectError(KernelRunner(Library(), "CausalConvWithState", 27)
                  .Run({x, w, HostTensor(), HostTensor::From<float>({1, 2, 3}, std::vector<float>(6))}),
              StatusCode::kInvalidArgument, "(expected [1,2,2], got [1,2,3])");
  ExpectError(KernelRunner(Library(), "CausalConvWithState", 27)
                  .Attr("activation", std::string("gelu"))
                  .Run({x, w}),
              StatusCode::kInvalidModel, "got 'gelu'");
}

}  // namespace
}  // namespace onyx::kernels::ref
