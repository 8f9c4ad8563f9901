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
  const Config& c;
  Dims in, out;
  std::vector<double> scale;  // Per dim.

  Naive(const Config& cfg, const Dims& x) : c(cfg), in(x), out(x), scale(x.size(), 1.0) {
    std::vector<int64_t> axes = c.axes;
    if (axes.empty()) {
      for (size_t d = 0; d < x.size(); ++d) axes.push_back(d);
    }
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
    const double support = (c.mode == "linear" ? 1.0 : 2.0) / (c.antialias ? std::min(s, 1.0) : 1.0);
    double sum = 0;
    for (int64_t i = int64_t(std::floor(x - support)) - 1; i <= int64_t(std::ceil(x + support)) + 1; ++i) {
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
        if (out[d] == in[d] && std::abs(scale[d] - 1) < 1e-9 && c.coord != "tf_crop_and_resize") {
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
  if (opset >= 18) k.Attr("antialias", int64_t{c.antialias}).Attr("keep_aspect_ratio_policy", c.policy);
  if (!c.axes.empty()) k.Attr("axes", c.axes);
  return k.Constant(1).Constant(2).Constant(3);
}

template <typename T>
void CheckCase(const Config& c, const Dims& xd, int opset, std::mt19937& rng, double tol) {
  std::vector<T> x = testing::Random<T>(NumElements(xd), rng, std::is_integral_v<T> ? 0 : -3,
                                        std::is_integral_v<T> ? 200 : 3);
  const Naive naive(c, xd);
  const HostTensor roi = c.roi.empty() ? HostTensor::From<float>({0}, {}) : HostTensor::From<float>({int64_t(c.roi.size())}, c.roi);
  const HostTensor scales = HostTensor::From<float>({int64_t(c.scales.size())}, c.scales);
  const HostTensor sizes = HostTensor::From<int64_t>({int64_t(c.sizes.size())}, c.sizes);
  auto out = MakeRunner(c, opset).Run({HostTensor::From<T>(xd, x), roi, scales, sizes});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  ASSERT_EQ(out.value()[0].dims(), naive.out);
  const std::vector<double> want = naive.Run(std::vector<double>(x.begin(), x.end()));
  const std::vector<T> got = out.value()[0].template values<T>();
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    double w = want[i];
    if constexpr (std::is_integral_v<T>) w = std::clamp(std::nearbyint(w), 0.0, 255.0);
    EXPECT_NEAR(double(got[i]), w, tol * std::max(1.0, std::abs(w))) << "at " << i;
  }
}

template <typename T>
void CheckRandom(uint32_t seed, double tol) {
  std::mt19937 rng(seed);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const char* modes[] = {"nearest", "linear", "cubic"};
  const char* coords[] = {"half_pixel", "half_pixel_symmetric", "pytorch_half_pixel",
                          "align_corners", "asymmetric", "tf_crop_and_resize"};
  const char* nearest[] = {"round_prefer_floor", "round_prefer_ceil", "floor", "ceil"};
  const char* policies[] = {"stretch", "not_larger", "not_smaller"};
  for (int trial = 0; trial < 120; ++trial) {
    Config c;
    c.mode = modes[trial % 3];
    c.coord = coords[trial / 3 % 6];
    c.nearest = nearest[pick(0, 3)];
    c.a = pick(0, 1) ? -0.75 : -0.5;
    c.antialias = c.mode != "nearest" && pick(0, 2) == 0;
    c.exclude = c.coord != "tf_crop_and_resize" && pick(0, 2) == 0;
    c.extrapolation = pick(0, 1) ? 0.0f : -7.5f;
    Dims xd;
    const int rank = pick(1, 4);
    for (int d = 0; d < rank; ++d) xd.push_back(pick(1, rank > 2 ? 3 : 5));
    if (pick(0, 1)) {
      for (int d = 0; d < rank; ++d) {
        if (pick(0, 1)) c.axes.push_back(pick(0, 1) ? d : d - rank);
      }
      if (c.axes.empty()) c.axes.push_back(rank - 1);
      std::shuffle(c.axes.begin(), c.axes.end(), rng);
    }
    const size_t n = c.axes.empty() ? rank : c.axes.size();
    const bool by_sizes = pick(0, 1);
    for (size_t i = 0; i < n; ++i) {
      if (by_sizes) c.sizes.push_back(pick(1, 7));
      else c.scales.push_back(std::uniform_real_distribution<float>(0.3f, 3.0f)(rng));
    }
    if (by_sizes) c.policy = policies[pick(0, 2)];
    if (c.coord == "tf_crop_and_resize") {
      for (size_t i = 0; i < n; ++i) c.roi.push_back(std::uniform_real_distribution<float>(-0.2f, 0.5f)(rng));
      for (size_t i = 0; i < n; ++i) c.roi.push_back(std::uniform_real_distribution<float>(0.5f, 1.2f)(rng));
    }
    // The reference normalizes negative axes; the naive model wants them positive.
    Config naive_cfg = c;
    for (int64_t& a : naive_cfg.axes) a = a < 0 ? a + rank : a;
    SCOPED_TRACE(StrCat(c.mode, " ", c.coord, " ", c.nearest, " antialias ", c.antialias,
                        " exclude ", c.exclude, " X", DimsToString(xd), " policy ", c.policy));
    CheckCaseWithNaive<T>(c, naive_cfg, xd, rng, tol);
  }
}

}  // namespace
}  // namespace onyx::kernels::ref
