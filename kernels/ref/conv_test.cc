#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

struct ConvCase {
  Dims x, w;  // [N, C, D...] and [M, C/group, K...]
  int64_t group = 1;
  Dims strides, dilations, pads;  // pads: begins then ends
  bool bias = false;
};

// The textbook loop nest: for every output element, sum x * w over the
// group's input channels and the kernel window, skipping padded positions.
template <typename T>
std::vector<double> NaiveConv(const ConvCase& c, const std::vector<T>& x, const std::vector<T>& w,
                              const std::vector<T>& b, Dims* out_dims) {
  const size_t nsp = c.x.size() - 2;
  const int64_t n = c.x[0], ch = c.x[1], m = c.w[0], cg = ch / c.group, mg = m / c.group;
  Dims in(c.x.begin() + 2, c.x.end()), k(c.w.begin() + 2, c.w.end()), out(nsp);
  for (size_t d = 0; d < nsp; ++d) {
    out[d] =
        (in[d] + c.pads[d] + c.pads[nsp + d] - (k[d] - 1) * c.dilations[d] - 1) / c.strides[d] + 1;
  }
  *out_dims = {n, m};
  out_dims->insert(out_dims->end(), out.begin(), out.end());
  std::vector<double> y;
  for (int64_t bi = 0; bi < n; ++bi) {
    for (int64_t oc = 0; oc < m; ++oc) {
      const int64_t g = oc / mg;
      std::vector<int64_t> o(nsp, 0);
      do {
        double s = c.bias ? static_cast<double>(b[oc]) : 0.0;
        for (int64_t ic = 0; ic < cg; ++ic) {
          std::vector<int64_t> kk(nsp, 0);
          do {
            int64_t xoff = bi * ch + g * cg + ic, woff = oc * cg + ic;
            bool inside = true;
            for (size_t d = 0; d < nsp; ++d) {
              const int64_t pos = o[d] * c.strides[d] - c.pads[d] + kk[d] * c.dilations[d];
              inside = inside && pos >= 0 && pos < in[d];
              xoff = xoff * in[d] + pos;
              woff = woff * k[d] + kk[d];
            }
            if (inside) s += static_cast<double>(x[xoff]) * static_cast<double>(w[woff]);
          } while (testing::Next(kk, k));
        }
        y.push_back(s);
      } while (testing::Next(o, out));
    }
  }
  return y;
}

template <typename T>
void CheckCase(const ConvCase& c, std::mt19937& rng) {
  SCOPED_TRACE(StrCat("X", DimsToString(c.x), " W", DimsToString(c.w), " group ", c.group,
                      " strides", DimsToString(c.strides), " dilations", DimsToString(c.dilations),
                      " pads", DimsToString(c.pads), c.bias ? " bias" : ""));
  std::vector<T> x = testing::Random<T>(NumElements(c.x), rng),
                 w = testing::Random<T>(NumElements(c.w), rng);
  std::vector<T> b = testing::Random<T>(c.w[0], rng);
  Dims want_dims;
  std::vector<double> want = NaiveConv(c, x, w, b, &want_dims);
  std::vector<HostTensor> in = {HostTensor::From<T>(c.x, x), HostTensor::From<T>(c.w, w)};
  if (c.bias) in.push_back(HostTensor::From<T>({c.w[0]}, b));
  auto out = KernelRunner(Library(), "Conv", 11)
                 .Attr("group", c.group)
                 .Attr("strides", c.strides)
                 .Attr("dilations", c.dilations)
                 .Attr("pads", c.pads)
                 .Run(in);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  const HostTensor& y = out.value()[0];
  EXPECT_EQ(y.dims(), want_dims);
  testing::ExpectClose(y.values<T>(), want);
}

// Random 1-D, 2-D and 3-D cases with groups, strides, dilations and pads.
template <typename T>
void CheckRandom(uint32_t seed) {
  std::mt19937 rng(seed);
  auto pick = [&](int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
  };
  for (int trial = 0; trial < 30; ++trial) {
    ConvCase c;
    const size_t nsp = 1 + trial % 3;
    c.group = pick(1, 3);
    const int64_t cg = pick(1, 3), mg = pick(1, 3);
    c.x = {pick(1, 2), c.group * cg};
    c.w = {c.group * mg, cg};
    for (size_t d = 0; d < nsp; ++d) {
      const int64_t k = pick(1, 3), dil = pick(1, 2), pb = pick(0, 2);
      c.w.push_back(k);
      c.dilations.push_back(dil);
      c.strides.push_back(pick(1, 3));
      c.pads.push_back(pb);
      c.x.push_back(std::max<int64_t>((k - 1) * dil + 1 - pb, 0) + pick(0, nsp == 3 ? 3 : 6));
    }
    for (size_t d = 0; d < nsp; ++d) c.pads.push_back(pick(0, 2));
    c.bias = trial % 2 == 0;
    CheckCase<T>(c, rng);
  }
}

TEST(Conv, RandomMatchesNaiveFloat) { CheckRandom<float>(42); }
TEST(Conv, RandomMatchesNaiveDouble) { CheckRandom<double>(43); }

TEST(Conv, PointwiseAndDepthwiseMatchNaive) {
  std::mt19937 rng(5);
  CheckCase<float>({{2, 6, 4, 5}, {4, 6, 1, 1}, 1, {1, 1}, {1, 1}, {0, 0, 0, 0}, true}, rng);
  CheckCase<float>({{1, 6, 4, 5}, {6, 3, 1, 1}, 2, {1, 1}, {1, 1}, {0, 0, 0, 0}, false}, rng);
  CheckCase<float>({{1, 4, 6, 6}, {4, 1, 3, 3}, 4, {2, 2}, {1, 1}, {1, 1, 1, 1}, true}, rng);
  CheckCase<double>(
      {{1, 3, 5, 4, 4}, {6, 1, 2, 3, 2}, 3, {1, 2, 1}, {2, 1, 1}, {1, 0, 1, 0, 1, 1}, true}, rng);
}

// Goldens from the ONNX operator docs: X = 0..24 (or 0..34) and W = ones(3x3).
TEST(Conv, OnnxDocGoldens) {
  const HostTensor x5 = HostTensor::From<float>({1, 1, 5, 5}, testing::Iota(25));
  const HostTensor x7 = HostTensor::From<float>({1, 1, 7, 5}, testing::Iota(35));
  const HostTensor w = HostTensor::From<float>({1, 1, 3, 3}, std::vector<float>(9, 1.0f));
  auto padded = KernelRunner(Library(), "Conv", 11)
                    .Attr("kernel_shape", Dims{3, 3})
                    .Attr("pads", Dims{1, 1, 1, 1})
                    .Run({x5, w});
  ASSERT_TRUE(padded.ok()) << padded.status().ToString();
  EXPECT_EQ(padded.value()[0].values<float>(),
            (std::vector<float>{12,  21, 27, 33,  24,  33,  54,  63, 72,  51,  63,  99, 108,
                                117, 81, 93, 144, 153, 162, 111, 72, 111, 117, 123, 84}));
  auto unpadded = KernelRunner(Library(), "Conv", 1).Run({x5, w});
  ASSERT_TRUE(unpadded.ok()) << unpadded.status().ToString();
  EXPECT_EQ(unpadded.value()[0].values<float>(),
            (std::vector<float>{54, 63, 72, 99, 108, 117, 144, 153, 162}));
  auto strided = KernelRunner(Library(), "Conv", 11)
                     .Attr("pads", Dims{1, 1, 1, 1})
                     .Attr("strides", Dims{2, 2})
                     .Run({x7, w});
  ASSERT_TRUE(strided.ok()) << strided.status().ToString();
  EXPECT_EQ(strided.value()[0].dims(), (Dims{1, 1, 4, 3}));
  EXPECT_EQ(strided.value()[0].values<float>(),
            (std::vector<float>{12, 27, 24, 63, 108, 81, 123, 198, 141, 112, 177, 124}));
  auto asym = KernelRunner(Library(), "Conv", 11)
                  .Attr("pads", Dims{1, 0, 1, 0})
                  .Attr("strides", Dims{2, 2})
                  .Run({x7, w});
  ASSERT_TRUE(asym.ok()) << asym.status().ToString();
  EXPECT_EQ(asym.value()[0].values<float>(),
            (std::vector<float>{21, 33, 99, 117, 189, 207, 171, 183}));
  auto same = KernelRunner(Library(), "Conv", 11)
                  .Attr("auto_pad", std::string("SAME_LOWER"))
                  .Attr("strides", Dims{2, 2})
                  .Run({x5, w});
  ASSERT_TRUE(same.ok()) << same.status().ToString();
  EXPECT_EQ(same.value()[0].values<float>(),
            (std::vector<float>{12, 27, 24, 63, 108, 81, 72, 117, 84}));
}

// With an odd total pad, SAME_UPPER pads the end and SAME_LOWER the begin.
TEST(Conv, SameUpperVersusSameLower) {
  const HostTensor x = HostTensor::From<float>({1, 1, 4}, {1, 2, 3, 4});
  const HostTensor w = HostTensor::From<float>({1, 1, 2}, {1, 1});
  auto upper =
      KernelRunner(Library(), "Conv", 11).Attr("auto_pad", std::string("SAME_UPPER")).Run({x, w});
  ASSERT_TRUE(upper.ok()) << upper.status().ToString();
  EXPECT_EQ(upper.value()[0].values<float>(), (std::vector<float>{3, 5, 7, 4}));
  auto lower =
      KernelRunner(Library(), "Conv", 11).Attr("auto_pad", std::string("SAME_LOWER")).Run({x, w});
  ASSERT_TRUE(lower.ok()) << lower.status().ToString();
  EXPECT_EQ(lower.value()[0].values<float>(), (std::vector<float>{1, 3, 5, 7}));
  // VALID ignores nothing and pads nothing: out = floor((4 - 2) / 1) + 1.
  auto valid =
      KernelRunner(Library(), "Conv", 11).Attr("auto_pad", std::string("VALID")).Run({x, w});
  ASSERT_TRUE(valid.ok()) << valid.status().ToString();
  EXPECT_EQ(valid.value()[0].values<float>(), (std::vector<float>{3, 5, 7}));
}

TEST(Conv, DilationAndDepthwiseGoldens) {
  auto dilated = KernelRunner(Library(), "Conv", 11)
                     .Attr("dilations", Dims{2})
                     .Run({HostTensor::From<float>({1, 1, 5}, {1, 2, 3, 4, 5}),
                           HostTensor::From<float>({1, 1, 2}, {1, 1})});
  ASSERT_TRUE(dilated.ok()) << dilated.status().ToString();
  EXPECT_EQ(dilated.value()[0].values<float>(), (std::vector<float>{4, 6, 8}));
  // Depthwise: each channel has its own filter; bias per output channel.
  auto depthwise = KernelRunner(Library(), "Conv", 11)
                       .Attr("group", int64_t{2})
                       .Run({HostTensor::From<double>({1, 2, 3}, {1, 2, 3, 10, 20, 30}),
                             HostTensor::From<double>({2, 1, 2}, {1, 1, 1, -1}),
                             HostTensor::From<double>({2}, {0.5, 100})});
  ASSERT_TRUE(depthwise.ok()) << depthwise.status().ToString();
  EXPECT_EQ(depthwise.value()[0].values<double>(), (std::vector<double>{3.5, 5.5, 90, 90}));
}

TEST(Conv, EmptyBatch) {
  auto out = KernelRunner(Library(), "Conv", 11)
                 .Run({HostTensor::From<float>({0, 2, 4, 4}, {}),
                       HostTensor::From<float>({3, 2, 3, 3}, std::vector<float>(54))});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dims(), (Dims{0, 3, 2, 2}));
}

Status RunError(const Dims& x, const Dims& w, int64_t group,
                const std::vector<std::pair<std::string, Dims>>& ints = {},
                const std::string& auto_pad = "") {
  KernelRunner r(Library(), "Conv", 11);
  r.Attr("group", group);
  for (const auto& [name, v] : ints) r.Attr(name, v);
  if (!auto_pad.empty()) r.Attr("auto_pad", auto_pad);
  auto out = r.Run({HostTensor::From<float>(x, std::vector<float>(NumElements(x))),
                    HostTensor::From<float>(w, std::vector<float>(NumElements(w)))});
  return out.ok() ? Status::Ok() : out.status();
}

TEST(Conv, ShapeErrors) {
  testing::ExpectError(RunError({1, 3, 5, 5}, {2, 2, 3, 3}, 1), StatusCode::kInvalidArgument,
                       "dim 1 (expected C/group = 3");
  testing::ExpectError(RunError({1, 3, 5, 5}, {2, 1, 3, 3}, 2), StatusCode::kInvalidArgument,
                       "channels (expected a multiple of group 2, got 3)");
  testing::ExpectError(RunError({1, 4, 5, 5}, {3, 2, 3, 3}, 2), StatusCode::kInvalidArgument,
                       "output channels (expected a multiple of group 2, got 3)");
  testing::ExpectError(RunError({1, 1, 2, 2}, {1, 1, 3, 3}, 1), StatusCode::kInvalidArgument,
                       "plus pads (expected >= 3");
  testing::ExpectError(RunError({1, 1, 5}, {1, 1, 3, 3}, 1), StatusCode::kInvalidArgument,
                       "rank (expected 3");
  testing::ExpectError(RunError({1, 1}, {1, 1}, 1), StatusCode::kInvalidArgument,
                       "rank (expected >= 3");
  auto bias = KernelRunner(Library(), "Conv", 11)
                  .Run({HostTensor::From<float>({1, 1, 3}, {1, 2, 3}),
                        HostTensor::From<float>({2, 1, 1}, {1, 1}),
                        HostTensor::From<float>({3}, {1, 2, 3})});
  testing::ExpectError(bias.status(), StatusCode::kInvalidArgument,
                       "shape (expected [2], the output channels, got [3])");
}

TEST(Conv, AttributeErrors) {
  testing::ExpectError(RunError({1, 1, 5, 5}, {1, 1, 3, 3}, 0), StatusCode::kInvalidModel,
                       "'group' (expected >= 1, got 0)");
  testing::ExpectError(RunError({1, 1, 5, 5}, {1, 1, 3, 3}, 1, {{"kernel_shape", {2, 2}}}),
                       StatusCode::kInvalidModel,
                       "'kernel_shape' (expected [3,3], the spatial dims of W, got [2,2])");
  testing::ExpectError(RunError({1, 1, 5, 5}, {1, 1, 3, 3}, 1, {{"pads", {1, 1}}}),
                       StatusCode::kInvalidModel, "'pads' length (expected 4, got 2)");
  testing::ExpectError(RunError({1, 1, 5, 5}, {1, 1, 3, 3}, 1, {{"strides", {1, 0}}}),
                       StatusCode::kInvalidModel, "'strides' values (expected >= 1, got [1,0])");
  testing::ExpectError(RunError({1, 1, 5, 5}, {1, 1, 3, 3}, 1, {{"pads", {0, 0, -1, 0}}}),
                       StatusCode::kInvalidModel, "'pads' values (expected >= 0");
  testing::ExpectError(RunError({1, 1, 5, 5}, {1, 1, 3, 3}, 1, {}, "SAME"),
                       StatusCode::kInvalidModel,
                       "'auto_pad' (expected NOTSET, SAME_UPPER, SAME_LOWER or VALID, got 'SAME')");
  testing::ExpectError(RunError({1, 1, 5, 5}, {1, 1, 3, 3}, 1, {{"pads", {1, 1, 1, 1}}}, "VALID"),
                       StatusCode::kInvalidModel, "'pads' with auto_pad");
  auto dtype = KernelRunner(Library(), "Conv", 11)
                   .Run({HostTensor::From<float>({1, 1, 3}, {1, 2, 3}),
                         HostTensor::From<double>({1, 1, 1}, {1})});
  testing::ExpectError(dtype.status(), StatusCode::kInvalidArgument, "dtype (expected float");
}

// float16 (opset 1 on) and bfloat16 (22 on) compute in float: the result is
// the naive double sum of the rounded inputs, rounded once at the end.
template <typename T>
void CheckHalfCase(const ConvCase& c, int opset, std::mt19937& rng, double tol) {
  SCOPED_TRACE(StrCat("X", DimsToString(c.x), " W", DimsToString(c.w), " group ", c.group));
  std::vector<T> x = testing::Random<T>(NumElements(c.x), rng),
                 w = testing::Random<T>(NumElements(c.w), rng), b = testing::Random<T>(c.w[0], rng);
  Dims want_dims;
  const std::vector<double> want = NaiveConv(c, x, w, b, &want_dims);
  std::vector<HostTensor> in = {HostTensor::From<T>(c.x, x), HostTensor::From<T>(c.w, w)};
  if (c.bias) in.push_back(HostTensor::From<T>({c.w[0]}, b));
  auto out = KernelRunner(Library(), "Conv", opset)
                 .Attr("group", c.group)
                 .Attr("strides", c.strides)
                 .Attr("dilations", c.dilations)
                 .Attr("pads", c.pads)
                 .Run(in);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dims(), want_dims);
  const std::vector<T> got = out.value()[0].template values<T>();
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_NEAR(static_cast<double>(got[i]), want[i], tol * std::max(1.0, std::abs(want[i])));
  }
}

TEST(Conv, HalfTypesMatchNaive) {
  std::mt19937 rng(44);
  const ConvCase cases[] = {
      {{2, 6, 4, 5}, {4, 6, 1, 1}, 1, {1, 1}, {1, 1}, {0, 0, 0, 0}, true},  // Pointwise.
      {{1, 4, 6, 6}, {4, 1, 3, 3}, 4, {2, 2}, {1, 1}, {1, 1, 1, 1}, true},
      {{1, 3, 7}, {2, 3, 3}, 1, {1}, {2}, {1, 2}, false},
      {{1, 2, 4, 3, 3}, {4, 1, 2, 2, 2}, 2, {1, 1, 1}, {1, 1, 1}, {0, 1, 0, 1, 0, 1}, true}};
  for (const ConvCase& c : cases) {
    CheckHalfCase<Float16>(c, 11, rng, 4e-3);
    CheckHalfCase<BFloat16>(c, 22, rng, 3e-2);
  }
  testing::ExpectError(KernelRunner(Library(), "Conv", 21)
                           .Run({HostTensor::From<BFloat16>({1, 1, 1}, {BFloat16(1.0f)}),
                                 HostTensor::From<BFloat16>({1, 1, 1}, {BFloat16(1.0f)})}),
                       StatusCode::kNotFound, "no kernel for Conv opset 21 dtype bfloat16");
}

}  // namespace
}  // namespace onyx::kernels::ref
