#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
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

struct Config {
  std::string mode = "nearest", coord = "half_pixel", nearest = "round_prefer_floor";
  std::string policy = "stretch";
  double a = -0.75;
  bool exclude = false, antialias = false;
  float extrapolation = 0;
  std::vector<int64_t> axes;  // Empty: all.
  std::vector<float> scales;
  std::vector<int64_t> sizes;
  std::vector<float> roi;
};

// Straight from the spec, without the separable passes: every output element
// is the product-weighted sum over the taps of all resized axes.
struct Naive {
  Config c;  // With axes made non-negative.
  Dims in, out;
  std::vector<double> scale;  // Per dim.
  std::vector<bool> resized;  // Per dim.

  Naive(const Config& cfg, const Dims& x) : c(cfg), in(x), out(x), scale(x.size(), 1.0) {
    for (int64_t& a : c.axes) a = a < 0 ? a + int64_t(x.size()) : a;
    std::vector<int64_t> axes = c.axes;
    if (axes.empty()) {
      for (size_t d = 0; d < x.size(); ++d) axes.push_back(d);
    }
    resized.assign(x.size(), false);
    for (int64_t d : axes) resized[d] = true;
    double common = c.policy == "not_larger" ? 1e300 : 0;
    for (size_t i = 0; i < axes.size(); ++i) {
      const int64_t d = axes[i];
      if (!c.scales.empty()) {
        scale[d] = c.scales[i];
        out[d] = static_cast<int64_t>(std::floor(scale[d] * in[d]));
      } else {
        scale[d] = double(c.sizes[i]) / in[d];
        out[d] = c.sizes[i];
        common = c.policy == "not_larger" ? std::min(common, scale[d]) : std::max(common, scale[d]);
      }
    }
    if (c.sizes.empty() || c.policy == "stretch") return;
    for (int64_t d : axes) {
      scale[d] = common;
      out[d] = static_cast<int64_t>(common * in[d] + 0.5);
    }
  }

  double Kernel(double t) const {
    t = std::abs(t);
    if (c.mode == "linear") return std::max(0.0, 1 - t);
    const double a = c.a;
    if (t <= 1) return (a + 2) * t * t * t - (a + 3) * t * t + 1;
    return t < 2 ? a * t * t * t - 5 * a * t * t + 8 * a * t - 4 * a : 0.0;
  }

  // (index, weight) pairs of output position y along dim d; extrapolated
  // positions return false.
  bool Taps(size_t d, int64_t y, std::vector<std::pair<int64_t, double>>* taps) const {
    taps->clear();
    const double s = scale[d], w = s * in[d], len = double(in[d]);
    double x = 0;
    const size_t k = std::find(c.axes.begin(), c.axes.end(), int64_t(d)) - c.axes.begin();
    if (c.coord == "half_pixel") x = (y + 0.5) / s - 0.5;
    if (c.coord == "half_pixel_symmetric") x = len / 2 * (1 - out[d] / w) + (y + 0.5) / s - 0.5;
    if (c.coord == "pytorch_half_pixel") x = out[d] > 1 ? (y + 0.5) / s - 0.5 : 0;
    if (c.coord == "align_corners") x = w == 1 ? 0 : y * (len - 1) / (w - 1);
    if (c.coord == "asymmetric") x = y / s;
    if (c.coord == "tf_crop_and_resize") {
      const size_t i = c.axes.empty() ? d : k, n = c.roi.size() / 2;
      const double start = c.roi[i], end = c.roi[n + i];
      x = w > 1 ? start * (len - 1) + y * (end - start) * (len - 1) / (w - 1)
                : 0.5 * (start + end) * (len - 1);
      if (x < 0 || x > len - 1) return false;
    }
    if (c.mode == "nearest") {
      const double f = std::floor(x), r = x - f;
      int64_t i = int64_t(f);
      if (r != 0) {
        if (c.nearest == "round_prefer_floor") i += r > 0.5;
        if (c.nearest == "round_prefer_ceil") i += r >= 0.5;
        if (c.nearest == "ceil") i += 1;
      }
      taps->push_back({i, c.exclude && (i < 0 || i >= in[d]) ? 0.0 : 1.0});
      return true;
    }
    const double support =
        (c.mode == "linear" ? 1.0 : 2.0) / (c.antialias ? std::min(s, 1.0) : 1.0);
    double sum = 0;
    for (int64_t i = int64_t(std::floor(x - support)) - 1; i <= int64_t(std::ceil(x + support)) + 1;
         ++i) {
      double wt = Kernel((i - x) * (c.antialias ? std::min(s, 1.0) : 1.0));
      if (c.exclude && (i < 0 || i >= in[d])) wt = 0;
      if (wt != 0) taps->push_back({i, wt});
      sum += wt;
    }
    if (c.antialias || c.exclude) {
      for (auto& t : *taps) t.second /= sum;
    }
    return true;
  }

  std::vector<double> Run(const std::vector<double>& x) const {
    const size_t r = in.size();
    std::vector<double> y;
    std::vector<int64_t> o(r, 0);
    std::vector<std::vector<std::pair<int64_t, double>>> taps(r);
    if (NumElements(out) == 0) return y;
    do {
      bool extrapolate = false;
      for (size_t d = 0; d < r; ++d) {
        if (!resized[d]) {
          taps[d] = {{o[d], 1.0}};
        } else if (!Taps(d, o[d], &taps[d])) {
          extrapolate = true;
        }
      }
      if (extrapolate) {
        y.push_back(c.extrapolation);
        continue;
      }
      double sum = 0;
      std::vector<int64_t> j(r, 0);
      Dims counts(r);
      for (size_t d = 0; d < r; ++d) counts[d] = taps[d].size();
      do {
        double w = 1;
        int64_t off = 0;
        for (size_t d = 0; d < r; ++d) {
          w *= taps[d][j[d]].second;
          off = off * in[d] + std::clamp<int64_t>(taps[d][j[d]].first, 0, in[d] - 1);
        }
        sum += w * x[off];
      } while (Next(j, counts));
      y.push_back(sum);
    } while (Next(o, out));
    return y;
  }
};

KernelRunner MakeRunner(const Config& c, int opset) {
  KernelRunner k(Library(), "Resize", opset);
  k.Attr("mode", c.mode).Attr("coordinate_transformation_mode", c.coord);
  k.Attr("nearest_mode", c.nearest).Attr("cubic_coeff_a", float(c.a));
  k.Attr("exclude_outside", int64_t{c.exclude}).Attr("extrapolation_value", c.extrapolation);
  if (opset >= 18)
    k.Attr("antialias", int64_t{c.antialias}).Attr("keep_aspect_ratio_policy", c.policy);
  if (!c.axes.empty()) k.Attr("axes", c.axes);
  return k.Constant(1).Constant(2).Constant(3);
}

template <typename T>
void CheckCase(const Config& c, const Dims& xd, int opset, std::mt19937& rng, double tol) {
  std::vector<T> x = testing::Random<T>(NumElements(xd), rng, std::is_integral_v<T> ? 0 : -3,
                                        std::is_integral_v<T> ? 200 : 3);
  const Naive naive(c, xd);
  const HostTensor roi = c.roi.empty() ? HostTensor::From<float>({0}, {})
                                       : HostTensor::From<float>({int64_t(c.roi.size())}, c.roi);
  const HostTensor scales = HostTensor::From<float>({int64_t(c.scales.size())}, c.scales);
  const HostTensor sizes = HostTensor::From<int64_t>({int64_t(c.sizes.size())}, c.sizes);
  auto out = MakeRunner(c, opset).Run({HostTensor::From<T>(xd, x), roi, scales, sizes});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  ASSERT_EQ(out.value()[0].dims(), naive.out);
  const std::vector<double> want = naive.Run(std::vector<double>(x.begin(), x.end()));
  const std::vector<T> got = out.value()[0].template values<T>();
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    if constexpr (std::is_integral_v<T>) {
      // A rounding of the (saturated) exact value; near ties either way.
      EXPECT_LE(std::abs(double(got[i]) - std::clamp(want[i], 0.0, 255.0)), 0.5 + 1e-6) << i;
    } else {
      EXPECT_NEAR(double(got[i]), want[i], tol * std::max(1.0, std::abs(want[i]))) << "at " << i;
    }
  }
}

template <typename T>
void CheckRandom(uint32_t seed, int opset, double tol) {
  std::mt19937 rng(seed);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  auto uniform = [&](float lo, float hi) {
    return std::uniform_real_distribution<float>(lo, hi)(rng);
  };
  const char* modes[] = {"nearest", "linear", "cubic"};
  std::vector<std::string> coords = {"half_pixel", "pytorch_half_pixel", "align_corners",
                                     "asymmetric", "tf_crop_and_resize"};
  if (opset >= 19) coords.push_back("half_pixel_symmetric");
  const char* nearest[] = {"round_prefer_floor", "round_prefer_ceil", "floor", "ceil"};
  const char* policies[] = {"stretch", "not_larger", "not_smaller"};
  for (int trial = 0; trial < 150; ++trial) {
    Config c;
    c.mode = modes[trial % 3];
    c.coord = coords[trial / 3 % coords.size()];
    c.nearest = nearest[pick(0, 3)];
    c.a = pick(0, 1) ? -0.75 : -0.5;
    c.antialias = opset >= 18 && c.mode != "nearest" && pick(0, 2) == 0;
    c.exclude = c.coord != "tf_crop_and_resize" && pick(0, 2) == 0;
    c.extrapolation = pick(0, 1) ? 0.0f : 7.5f;
    Dims xd;
    const int rank = pick(1, 4);
    for (int d = 0; d < rank; ++d) xd.push_back(pick(1, rank > 2 ? 3 : 5));
    if (opset >= 18 && pick(0, 1)) {
      for (int d = 0; d < rank; ++d) {
        if (pick(0, 1)) c.axes.push_back(pick(0, 1) ? d : d - rank);
      }
      if (c.axes.empty()) c.axes.push_back(rank - 1);
      std::shuffle(c.axes.begin(), c.axes.end(), rng);
    }
    const size_t n = c.axes.empty() ? rank : c.axes.size();
    const bool by_sizes = pick(0, 1);
    for (size_t i = 0; i < n; ++i) {
      if (by_sizes) {
        c.sizes.push_back(pick(1, 7));
      } else {
        c.scales.push_back(uniform(0.3f, 3.0f));
      }
    }
    if (by_sizes && opset >= 18) c.policy = policies[pick(0, 2)];
    if (c.coord == "tf_crop_and_resize") {
      for (size_t i = 0; i < n; ++i) c.roi.push_back(uniform(-0.2f, 0.5f));
      for (size_t i = 0; i < n; ++i) c.roi.push_back(uniform(0.5f, 1.2f));
    }
    SCOPED_TRACE(StrCat("trial ", trial, ": ", c.mode, " ", c.coord, " ", c.nearest, " antialias ",
                        c.antialias, " exclude ", c.exclude, " X", DimsToString(xd), " policy ",
                        c.policy, " axes ", c.axes.size()));
    CheckCase<T>(c, xd, opset, rng, tol);
  }
}

TEST(Resize, RandomMatchesNaiveFloat) { CheckRandom<float>(1, 19, 1e-5); }
TEST(Resize, RandomMatchesNaiveDouble) { CheckRandom<double>(2, 18, 1e-12); }
TEST(Resize, RandomMatchesNaiveOpset13) { CheckRandom<float>(3, 13, 1e-5); }
TEST(Resize, RandomMatchesNaiveFloat16) { CheckRandom<Float16>(4, 19, 5e-3); }
TEST(Resize, RandomMatchesNaiveUInt8) { CheckRandom<uint8_t>(5, 19, 0.0); }

// test_resize_upsample_scales_linear_align_corners and
// test_resize_downsample_scales_cubic from the ONNX operator docs.
TEST(Resize, OnnxDocGoldens) {
  Config c;
  c.mode = "linear";
  c.coord = "align_corners";
  auto up = MakeRunner(c, 19).Run({HostTensor::From<float>({1, 1, 2, 2}, {1, 2, 3, 4}),
                                   HostTensor::From<float>({0}, {}),
                                   HostTensor::From<float>({4}, {1, 1, 2, 2})});
  ASSERT_TRUE(up.ok()) << up.status().ToString();
  testing::ExpectClose(up.value()[0].values<float>(),
                       {1, 1.33333333, 1.66666667, 2, 1.66666667, 2, 2.33333333, 2.66666667,
                        2.33333333, 2.66666667, 3, 3.33333333, 3, 3.33333333, 3.66666667, 4});
  c.mode = "cubic";
  c.coord = "half_pixel";
  auto down = MakeRunner(c, 19).Run({HostTensor::From<float>({1, 1, 4, 4}, testing::Iota(16, 1)),
                                     HostTensor::From<float>({0}, {}),
                                     HostTensor::From<float>({4}, {1, 1, 0.8f, 0.8f})});
  ASSERT_TRUE(down.ok()) << down.status().ToString();
  testing::ExpectClose(down.value()[0].values<float>(),
                       {1.47119141, 2.78125, 4.08251953, 6.71142578, 8.02148438, 9.32275391,
                        11.91650391, 13.2265625, 14.52783203});
}

// Nearest copies elements exactly, whatever their type; opset 10 floors
// x / scale when upsampling and takes the ceiling when downsampling.
TEST(Resize, NearestIsExactAndOpset10Rounds) {
  const int64_t big = (int64_t{1} << 60) + 1;
  auto ints = MakeRunner(Config{}, 13)
                  .Run({HostTensor::From<int64_t>({2}, {big, -big}),
                        HostTensor::From<float>({0}, {}), HostTensor::From<float>({1}, {2})});
  ASSERT_TRUE(ints.ok()) << ints.status().ToString();
  EXPECT_EQ(ints.value()[0].values<int64_t>(), (std::vector<int64_t>{big, big, -big, -big}));
  const HostTensor x = HostTensor::From<float>({5}, {0, 1, 2, 3, 4});
  auto down = KernelRunner(Library(), "Resize", 10)
                  .Constant(1)
                  .Run({x, HostTensor::From<float>({1}, {0.6f})});
  ASSERT_TRUE(down.ok()) << down.status().ToString();
  EXPECT_EQ(down.value()[0].values<float>(), (std::vector<float>{0, 2, 4}));  // ceil(0, 1.67, 3.33)
  auto up = KernelRunner(Library(), "Resize", 10)
                .Constant(1)
                .Run({x, HostTensor::From<float>({1}, {1.5f})});
  ASSERT_TRUE(up.ok()) << up.status().ToString();
  EXPECT_EQ(up.value()[0].values<float>(), (std::vector<float>{0, 0, 1, 2, 2, 3, 4}));
  // Opset 11's tf_half_pixel_for_nn: x = (o + 0.5) / 2 = .25, .75, 1.25, 1.75.
  Config tf;
  tf.coord = "tf_half_pixel_for_nn";
  auto nn = MakeRunner(tf, 11).Run({HostTensor::From<float>({2}, {5, 6}),
                                    HostTensor::From<float>({0}, {}),
                                    HostTensor::From<float>({1}, {2})});
  ASSERT_TRUE(nn.ok()) << nn.status().ToString();
  EXPECT_EQ(nn.value()[0].values<float>(), (std::vector<float>{5, 6, 6, 6}));
  ExpectError(MakeRunner(tf, 13).Run({HostTensor::From<float>({2}, {5, 6}),
                                      HostTensor::From<float>({0}, {}),
                                      HostTensor::From<float>({1}, {2})}),
              StatusCode::kInvalidModel, "got 'tf_half_pixel_for_nn'");
  // tf_crop_and_resize outside the roi gives extrapolation_value, any type.
  Config crop;
  crop.coord = "tf_crop_and_resize";
  crop.extrapolation = 9;
  auto b = MakeRunner(crop, 13).Run(
      {HostTensor::From<int32_t>({2}, {5, 6}), HostTensor::From<float>({2}, {-1, 1}),
       HostTensor::From<float>({0}, {}), HostTensor::From<int64_t>({1}, {3})});
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_EQ(b.value()[0].values<int32_t>(), (std::vector<int32_t>{9, 5, 6}));
}

TEST(Resize, Errors) {
  const HostTensor x = HostTensor::From<float>({1, 2}, {1, 2});
  const HostTensor none = HostTensor::From<float>({0}, {});
  const HostTensor scales = HostTensor::From<float>({2}, {1, 2});
  const HostTensor sizes = HostTensor::From<int64_t>({2}, {1, 4});
  Config c;
  ExpectError(MakeRunner(c, 13).Run({x, none, scales, sizes}), StatusCode::kInvalidArgument,
              "(expected exactly one of them non-empty, got 2 scales and 2 sizes)");
  ExpectError(MakeRunner(c, 13).Run({x, none, HostTensor::From<float>({1}, {2})}),
              StatusCode::kInvalidArgument, "length (expected 2, one per resized axis, got 1)");
  ExpectError(MakeRunner(c, 13).Run({x, none, HostTensor::From<float>({2}, {1, 0})}),
              StatusCode::kInvalidArgument, "scales values (expected > 0, got 0 at 1)");
  ExpectError(KernelRunner(Library(), "Resize", 13).Run({x, none, scales}),
              StatusCode::kFailedPrecondition, "scales");
  c.mode = "bilinear";
  ExpectError(MakeRunner(c, 13).Run({x, none, scales}), StatusCode::kInvalidModel,
              "attribute 'mode' at opset 13 (expected nearest, linear or cubic, got 'bilinear')");
  c.mode = "nearest";
  c.coord = "half_pixel_symmetric";
  ExpectError(MakeRunner(c, 18).Run({x, none, scales}), StatusCode::kInvalidModel,
              "got 'half_pixel_symmetric'");
  c.coord = "tf_crop_and_resize";
  ExpectError(MakeRunner(c, 13).Run({x, none, scales}), StatusCode::kInvalidArgument,
              "roi) length with tf_crop_and_resize (expected 4");
  c.coord = "half_pixel";
  c.antialias = true;
  ExpectError(MakeRunner(c, 18).Run({x, none, scales}), StatusCode::kInvalidModel,
              "attribute 'antialias' with mode nearest");
  c.antialias = false;
  c.axes = {1, -1};
  ExpectError(MakeRunner(c, 18).Run({x, none, scales}), StatusCode::kInvalidModel,
              "attribute 'axes' (expected distinct axes, got [1,1])");
  c.axes = {2};
  ExpectError(MakeRunner(c, 18).Run({x, none, HostTensor::From<float>({1}, {2})}),
              StatusCode::kInvalidModel, "attribute 'axes' has axis 2 out of range");
  ExpectError(MakeRunner(Config{}, 13).Attr("axes", Dims{1}).Run({x, none, scales}),
              StatusCode::kInvalidModel, "attribute 'axes' is not defined before opset 18");
  c = Config{};
  c.mode = "linear";
  ExpectError(MakeRunner(c, 13).Run(
                  {testing::BoolTensor({1}, {true}), none, HostTensor::From<float>({1}, {2})}),
              StatusCode::kUnsupported, "'input0' dtype (expected one of");
  ExpectError(
      MakeRunner(Config{}, 13)
          .Run({HostTensor::From<float>({0}, {}), none, none, HostTensor::From<int64_t>({1}, {2})}),
      StatusCode::kInvalidArgument, "dim 0 is empty but resized to 2");
}

}  // namespace
}  // namespace onyx::kernels::ref
