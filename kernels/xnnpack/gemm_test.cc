// Gemm and FusedGemm as XNNPACK fully connected operators, against the
// reference kernels: both transB, every bias shape, the fused clamps, many
// sizes; and what is declined.

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "kernels/xnnpack/test_util.h"

namespace onyx::kernels::xnnpack {
namespace {

using testing::Configure;
using testing::ExpectDeclines;
using testing::ExpectMatchesReference;
using testing::RandomTensor;

// Sums of up to 512 products of values in [-1, 1] in another order.
constexpr double kTol = 2e-5;

struct GemmSize {
  int64_t m, k, n;
};

const GemmSize kSizes[] = {{1, 1, 1},   {1, 16, 8},  {4, 3, 5},     {7, 33, 17},   {16, 64, 64},
                           {5, 512, 3}, {3, 7, 255}, {128, 96, 40}, {2, 1000, 10}, {33, 20, 1}};

TEST(Gemm, MatchesReferenceBothTransposesAndBiases) {
  std::mt19937 rng(11);
  for (const GemmSize& s : kSizes) {
    for (int64_t trans_b : {0, 1}) {
      const HostTensor a = RandomTensor({s.m, s.k}, rng);
      const HostTensor b = RandomTensor(trans_b ? Dims{s.n, s.k} : Dims{s.k, s.n}, rng);
      const std::string what = "Gemm m=" + std::to_string(s.m) + " k=" + std::to_string(s.k) +
                               " n=" + std::to_string(s.n) + " transB=" + std::to_string(trans_b);
      Configure config = [trans_b](KernelRunner& r) { r.Attr("transB", trans_b).Constant(1).Constant(2); };
      ExpectMatchesReference("Gemm", 13, config, {a, b}, kTol, what + " no C");
      for (const Dims& c_dims : {Dims{s.n}, Dims{1, s.n}, Dims{1}, Dims{}, Dims{1, 1}}) {
        ExpectMatchesReference("Gemm", 13, config, {a, b, RandomTensor(c_dims, rng)}, kTol,
                               what + " C " + DimsToString(c_dims));
      }
      ExpectMatchesReference("Gemm", 9, config, {a, b, RandomTensor({s.n}, rng)}, kTol, what + " opset 9");
    }
  }
}

TEST(Gemm, ExplicitUnitAlphaBeta) {
  std::mt19937 rng(12);
  Configure config = [](KernelRunner& r) {
    r.Attr("alpha", 1.0f).Attr("beta", 1.0f).Attr("transA", int64_t{0}).Constant(1).Constant(2);
  };
  ExpectMatchesReference("Gemm", 11, config,
                         {RandomTensor({3, 4}, rng), RandomTensor({4, 5}, rng), RandomTensor({5}, rng)}, kTol,
                         "alpha=beta=1");
  // beta does not matter without C.
  ExpectMatchesReference(
      "Gemm", 13, [](KernelRunner& r) { r.Attr("beta", 0.5f).Constant(1); },
      {RandomTensor({3, 4}, rng), RandomTensor({4, 5}, rng)}, kTol, "beta without C");
}

TEST(Gemm, Declines) {
  std::mt19937 rng(13);
  const HostTensor a = RandomTensor({3, 4}, rng), b = RandomTensor({4, 5}, rng), c = RandomTensor({5}, rng);
  auto constants = [](KernelRunner& r) { r.Constant(1).Constant(2); };
  ExpectDeclines("Gemm", 13, nullptr, {a, b, c}, "B is not a constant");
  ExpectDeclines(
      "Gemm", 13, [](KernelRunner& r) { r.Constant(1); }, {a, b, c}, "C 'input2' is not a constant");
  ExpectDeclines(
      "Gemm", 13,
      [&](KernelRunner& r) {
        constants(r);
        r.Attr("transA", int64_t{1});
      },
      {RandomTensor({4, 3}, rng), b, c}, "transA");
  ExpectDeclines(
      "Gemm", 13,
      [&](KernelRunner& r) {
        constants(r);
        r.Attr("alpha", 2.0f);
      },
      {a, b, c}, "alpha");
  ExpectDeclines(
      "Gemm", 13,
      [&](KernelRunner& r) {
        constants(r);
        r.Attr("beta", 0.0f);
      },
      {a, b, c}, "beta");
  ExpectDeclines("Gemm", 13, constants, {a, b, RandomTensor({3, 5}, rng)}, "not one bias per column");
  ExpectDeclines("Gemm", 13, constants, {a, b, RandomTensor({3, 1}, rng)}, "not one bias per column");
  ExpectDeclines("Gemm", 13, constants, {a, RandomTensor({3, 5}, rng), c}, "inner extents differ");
}

Configure Fused(const std::string& activation, int64_t trans_b = 0) {
  return [activation, trans_b](KernelRunner& r) {
    r.Attr("activation", activation).Attr("transB", trans_b).Constant(1).Constant(2);
  };
}

TEST(FusedGemm, ClampActivationsMatchReference) {
  std::mt19937 rng(14);
  for (const GemmSize& s : kSizes) {
    const HostTensor a = RandomTensor({s.m, s.k}, rng);
    const HostTensor b = RandomTensor({s.n, s.k}, rng);
    const HostTensor c = RandomTensor({s.n}, rng);
    const std::string what = "m=" + std::to_string(s.m) + " k=" + std::to_string(s.k) + " n=" + std::to_string(s.n);
    ExpectMatchesReference("FusedGemm", 1, Fused("Relu", 1), {a, b, c}, kTol, "Relu " + what, true);
    ExpectMatchesReference("FusedGemm", 1, Fused("", 1), {a, b, c}, kTol, "none " + what, true);
    Configure clip = [](KernelRunner& r) {
      r.Attr("activation", std::string("Clip")).Attr("activation_min", -0.25f).Attr("activation_max", 0.5f);
      r.Attr("transB", int64_t{1}).Constant(1).Constant(2);
    };
    ExpectMatchesReference("FusedGemm", 1, clip, {a, b, c}, kTol, "Clip " + what, true);
    Configure clip_max = [](KernelRunner& r) {
      r.Attr("activation", std::string("Clip")).Attr("activation_max", 6.0f).Constant(1);
    };
    ExpectMatchesReference("FusedGemm", 1, clip_max, {a, RandomTensor({s.k, s.n}, rng)}, kTol, "Clip6 " + what, true);
  }
}

TEST(FusedGemm, DeclinesOtherActivations) {
  std::mt19937 rng(15);
  const HostTensor a = RandomTensor({2, 3}, rng), b = RandomTensor({3, 4}, rng);
  ExpectDeclines("FusedGemm", 1, Fused("Tanh"), {a, b}, "activation 'Tanh'", true);
  ExpectDeclines("FusedGemm", 1, Fused("LeakyRelu"), {a, b}, "activation 'LeakyRelu'", true);
  Configure crossed = [](KernelRunner& r) {
    r.Attr("activation", std::string("Clip")).Attr("activation_min", 1.0f).Attr("activation_max", 1.0f).Constant(1);
  };
  ExpectDeclines("FusedGemm", 1, crossed, {a, b}, "not increasing", true);
}

}  // namespace
}  // namespace onyx::kernels::xnnpack
