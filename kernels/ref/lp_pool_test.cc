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

using testing::ExpectError;
using testing::Next;
using testing::PoolCase;
using testing::PoolCaseString;
using testing::PoolOutDims;
using testing::RandomPoolCase;

// Pads hold zeros, which add nothing to the sum of |x|^p.
template <typename T>
std::vector<double> Naive(const PoolCase& c, const std::vector<T>& x, int64_t p) {
  const size_t nsp = c.kernel.size();
  const Dims in(c.x.begin() + 2, c.x.end()), out = PoolOutDims(c);
  const int64_t plane = NumElements(in);
  std::vector<double> y;
  for (int64_t q = 0; q < c.x[0] * c.x[1]; ++q) {
    std::vector<int64_t> o(nsp, 0);
    do {
      double s = 0;
      std::vector<int64_t> k(nsp, 0);
      do {
        int64_t off = 0;
        bool inside = true;
        for (size_t d = 0; d < nsp; ++d) {
          const int64_t pos = o[d] * c.strides[d] - c.pads[d] + k[d] * c.dilations[d];
          inside = inside && pos >= 0 && pos < in[d];
          off = off * in[d] + pos;
        }
        if (inside) s += std::pow(std::fabs(static_cast<double>(x[q * plane + off])), p);
      } while (Next(k, c.kernel));
      y.push_back(std::pow(s, 1.0 / p));
    } while (Next(o, out));
  }
  return y;
}

template <typename T>
void CheckRandom(uint32_t seed, int opset, double tol) {
  std::mt19937 rng(seed);
  for (int trial = 0; trial < 30; ++trial) {
    PoolCase c = RandomPoolCase(trial, rng);
    const int64_t p = 1 + trial % 3;
    SCOPED_TRACE(StrCat(PoolCaseString(c), " p ", p));
    std::vector<T> x = testing::Random<T>(NumElements(c.x), rng, -2, 2);
    auto out = KernelRunner(Library(), "LpPool", opset)
                   .Attr("kernel_shape", c.kernel)
                   .Attr("strides", c.strides)
                   .Attr("dilations", c.dilations)
                   .Attr("pads", c.pads)
                   .Attr("ceil_mode", int64_t{c.ceil_mode})
                   .Attr("p", p)
                   .Run({HostTensor::From<T>(c.x, x)});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    Dims want_dims{c.x[0], c.x[1]};
    for (int64_t d : PoolOutDims(c)) want_dims.push_back(d);
    ASSERT_EQ(out.value()[0].dims(), want_dims);
    const std::vector<double> want = Naive(c, x, p);
    const std::vector<T> got = out.value()[0].template values<T>();
    for (size_t i = 0; i < got.size(); ++i) {
      EXPECT_NEAR(double(got[i]), want[i], tol * std::max(1.0, want[i])) << "at " << i;
    }
  }
}

TEST(LpPool, RandomMatchesNaiveFloat) { CheckRandom<float>(1, 18, 1e-5); }
TEST(LpPool, RandomMatchesNaiveDouble) { CheckRandom<double>(2, 22, 1e-12); }
TEST(LpPool, RandomMatchesNaiveFloat16) { CheckRandom<Float16>(3, 18, 2e-3); }
TEST(LpPool, RandomMatchesNaiveBFloat16) { CheckRandom<BFloat16>(4, 22, 1e-2); }

// test_lppool_2d_dilations from the ONNX operator docs.
TEST(LpPool, OnnxDocGoldenDilations) {
  auto out = KernelRunner(Library(), "LpPool", 18)
                 .Attr("kernel_shape", Dims{2, 2})
                 .Attr("dilations", Dims{2, 2})
                 .Run({HostTensor::From<float>({1, 1, 4, 4}, testing::Iota(16, 1))});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  testing::ExpectClose(out.value()[0].values<float>(), {14.560219778561036, 16.24807680927192,
                                                        21.633307652783937, 23.49468024894146});
}

// SAME_UPPER pads the end: a 3-window, stride 1, over [3, 4] sees {3, 4} then {4}.
TEST(LpPool, SameUpperOldOpsetFloatP) {
  auto out = KernelRunner(Library(), "LpPool", 1)
                 .Attr("kernel_shape", Dims{2})
                 .Attr("auto_pad", std::string("SAME_UPPER"))
                 .Attr("p", 2.0f)
                 .Run({HostTensor::From<float>({1, 1, 2}, {3, 4})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].values<float>(), (std::vector<float>{5, 4}));
}

TEST(LpPool, Errors) {
  const HostTensor x = HostTensor::From<float>({1, 1, 4}, {1, 2, 3, 4});
  ExpectError(KernelRunner(Library(), "LpPool", 11)
                  .Attr("kernel_shape", Dims{2})
                  .Attr("dilations", Dims{2})
                  .Run({x}),
              StatusCode::kInvalidModel, "attribute 'dilations' is not defined before opset 18");
  ExpectError(KernelRunner(Library(), "LpPool", 18).Run({x}), StatusCode::kInvalidModel,
              "attribute 'kernel_shape' is required");
  ExpectError(KernelRunner(Library(), "LpPool", 18).Attr("kernel_shape", Dims{5}).Run({x}),
              StatusCode::kInvalidArgument, "plus pads (expected >= 5");
  ExpectError(KernelRunner(Library(), "LpPool", 18)
                  .Attr("kernel_shape", Dims{2})
                  .Attr("p", int64_t{-1})
                  .Run({x}),
              StatusCode::kInvalidModel, "attribute 'p' (expected > 0, got -1)");
}

}  // namespace
}  // namespace onyx::kernels::ref
