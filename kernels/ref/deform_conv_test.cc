#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

using testing::ExpectError;
using testing::Next;

struct Case {
  Dims x, w, strides, dilations, pads, out;
  int64_t group = 1, offset_group = 1;
  bool bias = false, mask = false;
};

// Interpolation as a sum of tent functions over every pixel: weight
// prod(max(0, 1 - |pos - i|)), so pixels outside never contribute.
double Tent(const std::vector<double>& plane, const Dims& in, const std::vector<double>& pos) {
  double s = 0;
  std::vector<int64_t> i(in.size(), 0);
  do {
    double w = 1;
    int64_t off = 0;
    for (size_t d = 0; d < in.size(); ++d) {
      w *= std::max(0.0, 1 - std::abs(pos[d] - i[d]));
      off = off * in[d] + i[d];
    }
    s += w * plane[off];
  } while (Next(i, in));
  return s;
}

template <typename T>
void Check(const Case& c, std::mt19937& rng, double tol) {
  const size_t nd = c.x.size() - 2;
  const Dims in(c.x.begin() + 2, c.x.end()), k(c.w.begin() + 2, c.w.end());
  const int64_t ks = NumElements(k), os = NumElements(c.out), is = NumElements(in);
  const int64_t n = c.x[0], ch = c.x[1], m = c.w[0], cg = ch / c.group, mg = m / c.group;
  Dims od{n, c.offset_group * ks * static_cast<int64_t>(nd)}, md{n, c.offset_group * ks};
  od.insert(od.end(), c.out.begin(), c.out.end());
  md.insert(md.end(), c.out.begin(), c.out.end());
  std::vector<T> x = testing::Random<T>(NumElements(c.x), rng),
                 w = testing::Random<T>(NumElements(c.w), rng);
  std::vector<T> off = testing::Random<T>(NumElements(od), rng, -2, 2);
  std::vector<T> b = testing::Random<T>(m, rng),
                 mask = testing::Random<T>(NumElements(md), rng, 0, 1);
  std::vector<HostTensor> inputs = {HostTensor::From<T>(c.x, x), HostTensor::From<T>(c.w, w),
                                    HostTensor::From<T>(od, off)};
  inputs.push_back(c.bias ? HostTensor::From<T>({m}, b) : HostTensor());
  if (c.mask) inputs.push_back(HostTensor::From<T>(md, mask));
  auto out = KernelRunner(Library(), "DeformConv", 22)
                 .Attr("strides", c.strides)
                 .Attr("dilations", c.dilations)
                 .Attr("pads", c.pads)
                 .Attr("group", c.group)
                 .Attr("offset_group", c.offset_group)
                 .Run(inputs);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  Dims want_dims{n, m};
  want_dims.insert(want_dims.end(), c.out.begin(), c.out.end());
  ASSERT_EQ(out.value()[0].dims(), want_dims);
  const std::vector<T> got = out.value()[0].template values<T>();
  size_t idx = 0;
  for (int64_t bi = 0; bi < n; ++bi) {
    for (int64_t oc = 0; oc < m; ++oc) {
      std::vector<int64_t> o(nd, 0);
      do {
        double s = c.bias ? double(b[oc]) : 0.0;
        for (int64_t icg = 0; icg < cg; ++icg) {
          const int64_t ic = oc / mg * cg + icg, og = ic / (ch / c.offset_group);
          std::vector<double> plane(x.begin() + (bi * ch + ic) * is,
                                    x.begin() + (bi * ch + ic + 1) * is);
          std::vector<int64_t> kk(nd, 0);
          int64_t kf = 0;
          do {
            int64_t of = 0;
            for (size_t d = 0; d < nd; ++d) of = of * c.out[d] + o[d];
            std::vector<double> pos(nd);
            for (size_t d = 0; d < nd; ++d) {
              pos[d] = o[d] * c.strides[d] - c.pads[d] + kk[d] * c.dilations[d] +
                       double(off[((bi * c.offset_group + og) * ks + kf) * nd * os + d * os + of]);
            }
            const double mv =
                c.mask ? double(mask[((bi * c.offset_group + og) * ks + kf) * os + of]) : 1.0;
            s += double(w[(oc * cg + icg) * ks + kf]) * mv * Tent(plane, in, pos);
            ++kf;
          } while (Next(kk, k));
        }
        EXPECT_NEAR(double(got[idx]), s, tol * std::max(1.0, std::abs(s))) << idx;
        ++idx;
      } while (Next(o, c.out));
    }
  }
}

template <typename T>
void CheckRandom(uint32_t seed, double tol) {
  std::mt19937 rng(seed);
  auto pick = [&](int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
  };
  for (int trial = 0; trial < 24; ++trial) {
    Case c;
    const size_t nd = 1 + trial % 3;
    c.group = pick(1, 2);
    c.offset_group = pick(1, 2);
    const int64_t cg = c.offset_group * pick(1, 2);  // C divisible by both.
    c.x = {pick(1, 2), c.group * cg};
    c.w = {c.group * pick(1, 2), cg};
    for (size_t d = 0; d < nd; ++d) {
      c.w.push_back(pick(1, 3));
      c.strides.push_back(pick(1, 2));
      c.dilations.push_back(pick(1, 2));
      c.x.push_back((c.w.back() - 1) * c.dilations.back() + 1 + pick(0, nd == 3 ? 1 : 3));
    }
    for (size_t d = 0; d < 2 * nd; ++d) c.pads.push_back(pick(0, 1));
    for (size_t d = 0; d < nd; ++d) {
      c.out.push_back(
          (c.x[d + 2] + c.pads[d] + c.pads[nd + d] - (c.w[d + 2] - 1) * c.dilations[d] - 1) /
              c.strides[d] +
          1);
    }
    c.bias = trial % 2 == 0;
    c.mask = trial % 4 < 2;
    SCOPED_TRACE(StrCat("X", DimsToString(c.x), " W", DimsToString(c.w), " group ", c.group,
                        " offset_group ", c.offset_group));
    Check<T>(c, rng, tol);
  }
}

TEST(DeformConv, RandomMatchesNaiveFloat) { CheckRandom<float>(1, 1e-4); }
TEST(DeformConv, RandomMatchesNaiveDouble) { CheckRandom<double>(2, 1e-10); }
TEST(DeformConv, RandomMatchesNaiveFloat16) { CheckRandom<Float16>(3, 3e-2); }
TEST(DeformConv, RandomMatchesNaiveBFloat16) { CheckRandom<BFloat16>(4, 1e-1); }

// Zero offsets and no mask: an ordinary Conv.
TEST(DeformConv, ZeroOffsetsMatchConv) {
  std::mt19937 rng(5);
  const HostTensor x = HostTensor::From<float>({1, 2, 5, 4}, testing::Random<float>(40, rng));
  const HostTensor w = HostTensor::From<float>({3, 2, 2, 3}, testing::Random<float>(36, rng));
  const HostTensor b = HostTensor::From<float>({3}, {1, 2, 3});
  auto conv = KernelRunner(Library(), "Conv", 11).Attr("pads", Dims{1, 0, 0, 1}).Run({x, w, b});
  auto deform =
      KernelRunner(Library(), "DeformConv", 19)
          .Attr("pads", Dims{1, 0, 0, 1})
          .Run({x, w, HostTensor::From<float>({1, 12, 5, 3}, std::vector<float>(180, 0.0f)), b});
  ASSERT_TRUE(conv.ok() && deform.ok()) << deform.status().ToString();
  std::vector<double> want;
  for (float v : conv.value()[0].values<float>()) want.push_back(v);
  testing::ExpectClose(deform.value()[0].values<float>(), want);
}

TEST(DeformConv, Errors) {
  const HostTensor x = HostTensor::From<float>({1, 2, 3, 3}, std::vector<float>(18));
  const HostTensor w = HostTensor::From<float>({2, 2, 2, 2}, std::vector<float>(16));
  const HostTensor off = HostTensor::From<float>({1, 8, 2, 2}, std::vector<float>(32));
  ExpectError(KernelRunner(Library(), "DeformConv", 19)
                  .Run({x, w, HostTensor::From<float>({1, 8, 3, 3}, std::vector<float>(72))}),
              StatusCode::kInvalidArgument, "'input2' shape (expected [1,8,2,2]");
  ExpectError(
      KernelRunner(Library(), "DeformConv", 19).Attr("offset_group", int64_t{3}).Run({x, w, off}),
      StatusCode::kInvalidArgument, "multiple of offset_group 3");
  ExpectError(KernelRunner(Library(), "DeformConv", 19).Attr("group", int64_t{2}).Run({x, w, off}),
              StatusCode::kInvalidArgument, "(expected [oC, C/group = 1");
  ExpectError(KernelRunner(Library(), "DeformConv", 19)
                  .Run({x, w, off, HostTensor::From<float>({3}, {1, 2, 3})}),
              StatusCode::kInvalidArgument, "'input3' shape (expected [2], the output channels");
  ExpectError(KernelRunner(Library(), "DeformConv", 19)
                  .Run({x, w, off, HostTensor(),
                        HostTensor::From<float>({1, 4, 2, 3}, std::vector<float>(24))}),
              StatusCode::kInvalidArgument, "'input4' shape (expected [1,4,2,2]");
  ExpectError(KernelRunner(Library(), "DeformConv", 19)
                  .Attr("auto_pad", std::string("VALID"))
                  .Run({x, w, off}),
              StatusCode::kInvalidModel, "attribute 'auto_pad' is not defined for DeformConv");
  ExpectError(
      KernelRunner(Library(), "DeformConv", 19).Attr("kernel_shape", Dims{3, 3}).Run({x, w, off}),
      StatusCode::kInvalidModel, "attribute 'kernel_shape' (expected [2,2]");
}

}  // namespace
}  // namespace onyx::kernels::ref
