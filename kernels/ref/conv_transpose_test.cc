#include <gtest/gtest.h>

#include <cstdint>
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

struct Case {
  Dims x, w;  // [N, C, D...] and [C, M/group, K...]
  int64_t group = 1;
  Dims strides, dilations, pad_begin, out;  // out: spatial output extents.
  bool bias = false;
};

// Gathers instead of scattering: output o takes x[i] * w[k] for every tap k
// with o + pad_begin - k * dilation = i * stride for an input position i.
template <typename T>
std::vector<double> Naive(const Case& c, const std::vector<T>& x, const std::vector<T>& w,
                          const std::vector<T>& b) {
  const size_t nsp = c.x.size() - 2;
  const int64_t n = c.x[0], ch = c.x[1], cg = ch / c.group, mg = c.w[1];
  const Dims in(c.x.begin() + 2, c.x.end()), k(c.w.begin() + 2, c.w.end());
  std::vector<double> y;
  for (int64_t bi = 0; bi < n; ++bi) {
    for (int64_t oc = 0; oc < mg * c.group; ++oc) {
      const int64_t g = oc / mg;
      std::vector<int64_t> o(nsp, 0);
      if (NumElements(c.out) == 0) continue;
      do {
        double s = c.bias ? static_cast<double>(b[oc]) : 0.0;
        std::vector<int64_t> kk(nsp, 0);
        do {
          int64_t xoff = 0, koff = 0;
          bool hit = true;
          for (size_t d = 0; d < nsp; ++d) {
            const int64_t num = o[d] + c.pad_begin[d] - kk[d] * c.dilations[d];
            hit = hit && num >= 0 && num % c.strides[d] == 0 && num / c.strides[d] < in[d];
            xoff = xoff * in[d] + (hit ? num / c.strides[d] : 0);
            koff = koff * k[d] + kk[d];
          }
          if (!hit) continue;
          for (int64_t ic = 0; ic < cg; ++ic) {
            const int64_t cin = g * cg + ic;
            s += static_cast<double>(x[(bi * ch + cin) * NumElements(in) + xoff]) *
                 static_cast<double>(w[(cin * mg + oc % mg) * NumElements(k) + koff]);
          }
        } while (Next(kk, k));
        y.push_back(s);
      } while (Next(o, c.out));
    }
  }
  return y;
}

template <typename T>
void Check(const Case& c, KernelRunner runner, std::mt19937& rng, double tol) {
  std::vector<T> x = testing::Random<T>(NumElements(c.x), rng);
  std::vector<T> w = testing::Random<T>(NumElements(c.w), rng);
  std::vector<T> b = testing::Random<T>(c.w[1] * c.group, rng);
  std::vector<HostTensor> in = {HostTensor::From<T>(c.x, x), HostTensor::From<T>(c.w, w)};
  if (c.bias) in.push_back(HostTensor::From<T>({c.w[1] * c.group}, b));
  auto out = runner.Run(in);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  Dims want_dims{c.x[0], c.w[1] * c.group};
  want_dims.insert(want_dims.end(), c.out.begin(), c.out.end());
  ASSERT_EQ(out.value()[0].dims(), want_dims);
  const std::vector<double> want = Naive(c, x, w, b);
  const std::vector<T> got = out.value()[0].values<T>();
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_NEAR(static_cast<double>(got[i]), want[i], tol * std::max(1.0, std::abs(want[i])))
        << "at " << i;
  }
}

Case RandomCase(int trial, std::mt19937& rng, Dims* pads, Dims* out_pad) {
  auto pick = [&](int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
  };
  Case c;
  const size_t nsp = 1 + trial % 3;
  c.group = pick(1, 2);
  const int64_t cg = pick(1, 3), mg = pick(1, 3);
  c.x = {pick(1, 2), c.group * cg};
  c.w = {c.group * cg, mg};
  pads->assign(2 * nsp, 0);
  out_pad->assign(nsp, 0);
  for (size_t d = 0; d < nsp; ++d) {
    const int64_t k = pick(1, 3), s = pick(1, 3), dil = pick(1, 2), in = pick(1, 4);
    c.w.push_back(k);
    c.x.push_back(in);
    c.strides.push_back(s);
    c.dilations.push_back(dil);
    (*out_pad)[d] = pick(0, std::max(s, dil) - 1);
    const int64_t full = s * (in - 1) + (*out_pad)[d] + (k - 1) * dil + 1;
    (*pads)[d] = pick(0, (full - 1) / 2);
    (*pads)[nsp + d] = pick(0, (full - 1) / 2);
    c.pad_begin.push_back((*pads)[d]);
    c.out.push_back(full - (*pads)[d] - (*pads)[nsp + d]);
  }
  c.bias = trial % 2 == 0;
  return c;
}

template <typename T>
void CheckRandom(uint32_t seed, int opset, double tol) {
  std::mt19937 rng(seed);
  for (int trial = 0; trial < 40; ++trial) {
    Dims pads, out_pad;
    Case c = RandomCase(trial, rng, &pads, &out_pad);
    SCOPED_TRACE(StrCat("X", DimsToString(c.x), " W", DimsToString(c.w), " group ", c.group,
                        " strides", DimsToString(c.strides), " dilations",
                        DimsToString(c.dilations), " pads", DimsToString(pads), " output_padding",
                        DimsToString(out_pad)));
    Check<T>(c,
             KernelRunner(Library(), "ConvTranspose", opset)
                 .Attr("group", c.group)
                 .Attr("strides", c.strides)
                 .Attr("dilations", c.dilations)
                 .Attr("pads", pads)
                 .Attr("output_padding", out_pad),
             rng, tol);
  }
}

TEST(ConvTranspose, RandomMatchesNaiveFloat) { CheckRandom<float>(1, 11, 1e-5); }
TEST(ConvTranspose, RandomMatchesNaiveDouble) { CheckRandom<double>(2, 22, 1e-12); }
TEST(ConvTranspose, RandomMatchesNaiveFloat16) { CheckRandom<Float16>(3, 1, 4e-3); }
TEST(ConvTranspose, RandomMatchesNaiveBFloat16) { CheckRandom<BFloat16>(4, 22, 2e-2); }

// output_shape and auto_pad choose the pads: SAME_UPPER puts the odd one at
// the end, the others at the begin; a negative total extends the end.
TEST(ConvTranspose, OutputShapeAndAutoPadSplitTheTotal) {
  std::mt19937 rng(5);
  Case c;
  c.x = {1, 2, 3, 4};
  c.w = {2, 3, 3, 2};
  c.strides = {2, 3};
  c.dilations = {1, 1};
  // Full extents: 2 * 2 + 3 = 7 and 3 * 3 + 2 = 11.
  c.out = {6, 12};  // Totals 1 and -1.
  c.pad_begin = {1, 0};
  Check<float>(c,
               KernelRunner(Library(), "ConvTranspose", 11)
                   .Attr("strides", c.strides)
                   .Attr("output_shape", c.out),
               rng, 1e-5);
  c.pad_begin = {0, -1};  // SAME_UPPER: begin = floor(total / 2).
  Check<float>(c,
               KernelRunner(Library(), "ConvTranspose", 11)
                   .Attr("strides", c.strides)
                   .Attr("output_shape", c.out)
                   .Attr("auto_pad", std::string("SAME_UPPER")),
               rng, 1e-5);
  c.out = {6, 12};  // SAME default: in * stride; totals 1 and -1 again.
  c.pad_begin = {1, 0};
  Check<float>(c,
               KernelRunner(Library(), "ConvTranspose", 22)
                   .Attr("strides", c.strides)
                   .Attr("auto_pad", std::string("SAME_LOWER")),
               rng, 1e-5);
  // output_shape may include N and C, and overrides pads.
  Check<float>(c,
               KernelRunner(Library(), "ConvTranspose", 22)
                   .Attr("strides", c.strides)
                   .Attr("pads", Dims{3, 3, 3, 3})
                   .Attr("output_shape", Dims{1, 3, 6, 12}),
               rng, 1e-5);
}

// test_convtranspose from the ONNX operator docs.
TEST(ConvTranspose, OnnxDocGolden) {
  auto out = KernelRunner(Library(), "ConvTranspose", 11)
                 .Run({HostTensor::From<float>({1, 1, 3, 3}, testing::Iota(9)),
                       HostTensor::From<float>({1, 2, 3, 3}, std::vector<float>(18, 1.0f))});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dims(), (Dims{1, 2, 5, 5}));
  const std::vector<float> plane = {0,  1,  3, 3,  2,  3,  8,  15, 12, 7,  9,  21, 36,
                                    27, 15, 9, 20, 33, 24, 13, 6,  13, 21, 15, 8};
  std::vector<float> want = plane;
  want.insert(want.end(), plane.begin(), plane.end());
  EXPECT_EQ(out.value()[0].values<float>(), want);
}

TEST(ConvTranspose, EmptyBatch) {
  auto out = KernelRunner(Library(), "ConvTranspose", 11)
                 .Run({HostTensor::From<float>({0, 1, 3}, {}),
                       HostTensor::From<float>({1, 2, 2}, {1, 2, 3, 4})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dims(), (Dims{0, 2, 4}));
}

TEST(ConvTranspose, Errors) {
  const HostTensor x = HostTensor::From<float>({1, 2, 3}, std::vector<float>(6, 1.0f));
  const HostTensor w = HostTensor::From<float>({2, 1, 2}, {1, 2, 3, 4});
  ExpectError(KernelRunner(Library(), "ConvTranspose", 11)
                  .Run({x, HostTensor::From<float>({3, 1, 2}, std::vector<float>(6))}),
              StatusCode::kInvalidArgument, "dim 0 (expected 2");
  ExpectError(KernelRunner(Library(), "ConvTranspose", 11).Attr("group", int64_t{3}).Run({x, w}),
              StatusCode::kInvalidArgument, "multiple of group 3");
  ExpectError(KernelRunner(Library(), "ConvTranspose", 11)
                  .Run({x, w, HostTensor::From<float>({2}, {1, 2})}),
              StatusCode::kInvalidArgument, "'input2' shape (expected [1]");
  ExpectError(
      KernelRunner(Library(), "ConvTranspose", 11).Attr("output_padding", Dims{1}).Run({x, w}),
      StatusCode::kInvalidModel, "attribute 'output_padding' values (expected < ");
  ExpectError(
      KernelRunner(Library(), "ConvTranspose", 11).Attr("kernel_shape", Dims{3}).Run({x, w}),
      StatusCode::kInvalidModel, "attribute 'kernel_shape' (expected [2]");
  ExpectError(
      KernelRunner(Library(), "ConvTranspose", 11).Attr("output_shape", Dims{4, 4}).Run({x, w}),
      StatusCode::kInvalidModel, "attribute 'output_shape' length (expected 1");
  ExpectError(KernelRunner(Library(), "ConvTranspose", 11).Attr("pads", Dims{3, 3}).Run({x, w}),
              StatusCode::kInvalidArgument, "negative output extent");
  ExpectError(KernelRunner(Library(), "ConvTranspose", 11)
                  .Run({HostTensor::From<float>({1, 2}, {1, 2}), w}),
              StatusCode::kInvalidArgument, "rank (expected >= 3");
  ExpectError(KernelRunner(Library(), "ConvTranspose", 11)
                  .Run({x, HostTensor::From<double>({2, 1, 2}, {1, 2, 3, 4})}),
              StatusCode::kInvalidArgument, "'input1' dtype (expected float");
  const HostTensor xb = HostTensor::From<BFloat16>({1, 2, 3}, std::vector<BFloat16>(6));
  const HostTensor wb = HostTensor::From<BFloat16>({2, 1, 2}, std::vector<BFloat16>(4));
  ExpectError(KernelRunner(Library(), "ConvTranspose", 21).Run({xb, wb}), StatusCode::kNotFound,
              "no kernel for ConvTranspose opset 21 dtype bfloat16");
}

}  // namespace
}  // namespace onyx::kernels::ref
