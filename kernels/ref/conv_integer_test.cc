#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

using testing::ExpectError;

// Naive 2-D grouped convolution of (x - xz) with (w - wz[m]), zero padding.
std::vector<int32_t> NaiveConv(const std::vector<uint8_t>& x, const Dims& xd,
                               const std::vector<int8_t>& w, const Dims& wd, int64_t group,
                               int64_t stride, int64_t pad, int xz, const std::vector<int8_t>& wz,
                               Dims* out) {
  const int64_t n = xd[0], c = xd[1], h = xd[2], wi = xd[3], m = wd[0], kh = wd[2], kw = wd[3];
  const int64_t oh = (h + 2 * pad - kh) / stride + 1, ow = (wi + 2 * pad - kw) / stride + 1;
  *out = {n, m, oh, ow};
  std::vector<int32_t> y(n * m * oh * ow, 0);
  const int64_t cg = c / group, mg = m / group;
  for (int64_t b = 0; b < n; ++b)
    for (int64_t o = 0; o < m; ++o)
      for (int64_t i = 0; i < oh; ++i)
        for (int64_t j = 0; j < ow; ++j) {
          int32_t s = 0;
          for (int64_t ci = 0; ci < cg; ++ci)
            for (int64_t p = 0; p < kh; ++p)
              for (int64_t q = 0; q < kw; ++q) {
                const int64_t r = i * stride - pad + p, col = j * stride - pad + q;
                if (r < 0 || r >= h || col < 0 || col >= wi) continue;
                const int64_t chan = (o / mg) * cg + ci;
                s += (x[((b * c + chan) * h + r) * wi + col] - xz) *
                     (w[((o * cg + ci) * kh + p) * kw + q] - wz[wz.size() == 1 ? 0 : o]);
              }
          y[((b * m + o) * oh + i) * ow + j] = s;
        }
  return y;
}

TEST(ConvInteger, RandomMatchesNaive) {
  std::mt19937 rng(12);
  for (int trial = 0; trial < 30; ++trial) {
    const int64_t group = 1 + trial % 2, c = 2 * group, m = 2 * group, stride = 1 + trial % 2;
    const int64_t pad = trial % 3 == 0 ? 1 : 0;
    const Dims xd{1 + trial % 2, c, 4 + trial % 3, 5}, wd{m, c / group, 2, 1 + trial % 3};
    std::vector<uint8_t> x(NumElements(xd));
    std::vector<int8_t> w(NumElements(wd)), wz(trial % 2 == 0 ? m : 1);
    for (uint8_t& v : x) v = static_cast<uint8_t>(rng());
    for (int8_t& v : w) v = static_cast<int8_t>(rng());
    for (int8_t& v : wz) v = static_cast<int8_t>(rng() % 7) - 3;
    const uint8_t xz = static_cast<uint8_t>(rng());
    Dims od;
    std::vector<int32_t> want = NaiveConv(x, xd, w, wd, group, stride, pad, xz, wz, &od);
    auto out = KernelRunner(Library(), "ConvInteger", 10)
                   .Attr("group", group)
                   .Attr("strides", std::vector<int64_t>{stride, stride})
                   .Attr("pads", std::vector<int64_t>(4, pad))
                   .Run({HostTensor::From<uint8_t>(xd, x), HostTensor::From<int8_t>(wd, w),
                         HostTensor::From<uint8_t>({}, {xz}),
                         HostTensor::From<int8_t>({static_cast<int64_t>(wz.size())}, wz)});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    EXPECT_EQ(out.value()[0].dims(), od);
    EXPECT_EQ(out.value()[0].values<int32_t>(), want) << "trial " << trial;
  }
}

TEST(ConvInteger, Errors) {
  const HostTensor x = HostTensor::From<uint8_t>({1, 2, 3, 3}, std::vector<uint8_t>(18));
  const HostTensor w = HostTensor::From<uint8_t>({2, 2, 2, 2}, std::vector<uint8_t>(16));
  ExpectError(KernelRunner(Library(), "ConvInteger", 10)
                  .Run({x, w, HostTensor::From<uint8_t>({2}, {0, 0})}),
              StatusCode::kInvalidArgument, "(expected one value, got [2])");
  ExpectError(KernelRunner(Library(), "ConvInteger", 10)
                  .Run({x, w, HostTensor(), HostTensor::From<uint8_t>({3}, {0, 0, 0})}),
              StatusCode::kInvalidArgument, "(expected one value or [2], got [3])");
  ExpectError(KernelRunner(Library(), "ConvInteger", 10).Attr("group", int64_t{2}).Run({x, w}),
              StatusCode::kInvalidArgument, "dim 1 (expected C/group = 1");
  ExpectError(KernelRunner(Library(), "ConvInteger", 10)
                  .Attr("kernel_shape", std::vector<int64_t>{3, 3})
                  .Run({x, w}),
              StatusCode::kInvalidModel, "attribute 'kernel_shape' (expected [2,2]");
}

}  // namespace
}  // namespace onyx::kernels::ref
