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

using testing::ExpectError;

struct Options {
  int64_t out_h = 1, out_w = 1, sampling = 0;
  float scale = 1;
  bool max_mode = false, half_pixel = true;
};

// The four weighted corner values of image `img` (h x w) at (y, x), per
// Detectron's bilinear_interpolate: zero more than a pixel outside, clamped
// to the last row/column.
void Corners(const std::vector<double>& img, int64_t h, int64_t w, double y, double x,
             double v[4]) {
  std::fill(v, v + 4, 0.0);
  if (y < -1 || y > h || x < -1 || x > w) return;
  y = std::max(y, 0.0);
  x = std::max(x, 0.0);
  const int64_t y0 = std::min<int64_t>(static_cast<int64_t>(y), h - 1);
  const int64_t x0 = std::min<int64_t>(static_cast<int64_t>(x), w - 1);
  const int64_t y1 = std::min<int64_t>(y0 + 1, h - 1), x1 = std::min<int64_t>(x0 + 1, w - 1);
  const double ly = y0 == h - 1 ? 0 : y - y0, lx = x0 == w - 1 ? 0 : x - x0;
  v[0] = (1 - ly) * (1 - lx) * img[y0 * w + x0];
  v[1] = (1 - ly) * lx * img[y0 * w + x1];
  v[2] = ly * (1 - lx) * img[y1 * w + x0];
  v[3] = ly * lx * img[y1 * w + x1];
}

std::vector<double> Naive(const Options& o, const std::vector<double>& x, const Dims& xd,
                          const std::vector<double>& rois, const std::vector<int64_t>& batch) {
  const int64_t c = xd[1], h = xd[2], w = xd[3];
  std::vector<double> y;
  for (size_t r = 0; r < batch.size(); ++r) {
    const double off = o.half_pixel ? 0.5 : 0.0;
    const double x0 = rois[r * 4] * o.scale - off, y0 = rois[r * 4 + 1] * o.scale - off;
    double rw = rois[r * 4 + 2] * o.scale - off - x0, rh = rois[r * 4 + 3] * o.scale - off - y0;
    if (!o.half_pixel) rw = std::max(rw, 1.0), rh = std::max(rh, 1.0);
    const double bh = rh / o.out_h, bw = rw / o.out_w;
    const int64_t gh = o.sampling ? o.sampling : static_cast<int64_t>(std::ceil(bh));
    const int64_t gw = o.sampling ? o.sampling : static_cast<int64_t>(std::ceil(bw));
    for (int64_t ch = 0; ch < c; ++ch) {
      std::vector<double> img(x.begin() + (batch[r] * c + ch) * h * w,
                              x.begin() + (batch[r] * c + ch + 1) * h * w);
      for (int64_t py = 0; py < o.out_h; ++py) {
        for (int64_t px = 0; px < o.out_w; ++px) {
          double acc = 0;
          bool first = true;
          for (int64_t iy = 0; iy < gh; ++iy) {
            for (int64_t ix = 0; ix < gw; ++ix) {
              double v[4];
              Corners(img, h, w, y0 + py * bh + (iy + 0.5) * bh / gh,
                      x0 + px * bw + (ix + 0.5) * bw / gw, v);
              if (!o.max_mode) {
                acc += v[0] + v[1] + v[2] + v[3];
              } else {
                const double m = *std::max_element(v, v + 4);
                acc = first ? m : std::max(acc, m);
                first = false;
              }
            }
          }
          y.push_back(o.max_mode ? acc : acc / std::max<int64_t>(gh * gw, 1));
        }
      }
    }
  }
  return y;
}

template <typename T>
void CheckRandom(uint32_t seed, int opset, double tol) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> coord(-2, 9);
  for (int trial = 0; trial < 16; ++trial) {
    Options o;
    o.out_h = 1 + trial % 3;
    o.out_w = 1 + trial % 2;
    o.sampling = trial % 3;
    o.scale = trial % 4 == 0 ? 0.5f : 1.0f;
    o.max_mode = trial % 2 == 1;
    o.half_pixel = opset >= 16 && trial % 4 < 2;
    const Dims xd{2, 2, 5 + trial % 3, 6};
    std::vector<T> x = testing::Random<T>(NumElements(xd), rng, -3, 3);
    std::vector<T> rois;
    std::vector<int64_t> batch;
    for (int r = 0; r < 4; ++r) {
      const double a = coord(rng), b = coord(rng);
      rois.insert(rois.end(), {T(a), T(b), T(a + coord(rng) / 2), T(b + coord(rng) / 2)});
      batch.push_back(r % 2);
    }
    KernelRunner runner(Library(), "RoiAlign", opset);
    runner.Attr("output_height", o.out_h)
        .Attr("output_width", o.out_w)
        .Attr("sampling_ratio", o.sampling)
        .Attr("spatial_scale", o.scale)
        .Attr("mode", std::string(o.max_mode ? "max" : "avg"));
    if (opset >= 16) {
      runner.Attr("coordinate_transformation_mode",
                  std::string(o.half_pixel ? "half_pixel" : "output_half_pixel"));
    }
    auto out = runner.Run({HostTensor::From<T>(xd, x), HostTensor::From<T>({4, 4}, rois),
                           HostTensor::From<int64_t>({4}, batch)});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    ASSERT_EQ(out.value()[0].dims(), (Dims{4, 2, o.out_h, o.out_w}));
    const std::vector<double> want = Naive(o, std::vector<double>(x.begin(), x.end()), xd,
                                           std::vector<double>(rois.begin(), rois.end()), batch);
    const std::vector<T> got = out.value()[0].template values<T>();
    for (size_t i = 0; i < got.size(); ++i) {
      EXPECT_NEAR(double(got[i]), want[i], tol * std::max(1.0, std::abs(want[i])))
          << "trial " << trial << " at " << i;
    }
  }
}

TEST(RoiAlign, RandomMatchesNaive) {
  CheckRandom<float>(1, 16, 1e-4);
  CheckRandom<double>(2, 22, 1e-9);
  CheckRandom<float>(3, 10, 1e-4);  // Opset 10: output_half_pixel only.
  CheckRandom<Float16>(4, 16, 1e-2);
  CheckRandom<BFloat16>(5, 22, 5e-2);
}

// X = [[0, 1], [2, 3]], the whole image as one 1x1 bin sampled once: its
// centre (1.5) without the half-pixel shift, pixel (0, 0) with it.
TEST(RoiAlign, HandGoldens) {
  const HostTensor x = HostTensor::From<float>({1, 1, 2, 2}, {0, 1, 2, 3});
  const HostTensor rois = HostTensor::From<float>({1, 4}, {0, 0, 1, 1});
  const HostTensor batch = HostTensor::From<int64_t>({1}, {0});
  auto old = KernelRunner(Library(), "RoiAlign", 10)
                 .Attr("sampling_ratio", int64_t{1})
                 .Run({x, rois, batch});
  ASSERT_TRUE(old.ok()) << old.status().ToString();
  EXPECT_EQ(old.value()[0].values<float>(), (std::vector<float>{1.5f}));
  auto half = KernelRunner(Library(), "RoiAlign", 16)
                  .Attr("sampling_ratio", int64_t{1})
                  .Run({x, rois, batch});
  ASSERT_TRUE(half.ok()) << half.status().ToString();
  EXPECT_EQ(half.value()[0].values<float>(), (std::vector<float>{0.0f}));
  // 'max' keeps the largest weighted corner: 0.25 * 3 at the centre.
  auto max = KernelRunner(Library(), "RoiAlign", 10)
                 .Attr("sampling_ratio", int64_t{1})
                 .Attr("mode", std::string("max"))
                 .Run({x, rois, batch});
  ASSERT_TRUE(max.ok()) << max.status().ToString();
  EXPECT_EQ(max.value()[0].values<float>(), (std::vector<float>{0.75f}));
}

TEST(RoiAlign, Errors) {
  const HostTensor x = HostTensor::From<float>({1, 1, 2, 2}, {0, 1, 2, 3});
  const HostTensor rois = HostTensor::From<float>({1, 4}, {0, 0, 1, 1});
  const HostTensor batch = HostTensor::From<int64_t>({1}, {0});
  ExpectError(
      KernelRunner(Library(), "RoiAlign", 16).Run({x, rois, HostTensor::From<int64_t>({1}, {1})}),
      StatusCode::kInvalidArgument, "batch_indices) value 1 of ROI 0 (expected in [0, 1))");
  ExpectError(KernelRunner(Library(), "RoiAlign", 16)
                  .Run({x, rois, HostTensor::From<int64_t>({2}, {0, 0})}),
              StatusCode::kInvalidArgument, "shape (expected [1], one batch index per ROI");
  ExpectError(KernelRunner(Library(), "RoiAlign", 16)
                  .Run({x, HostTensor::From<float>({1, 5}, {0, 0, 0, 1, 1}), batch}),
              StatusCode::kInvalidArgument, "shape (expected [num_rois, 4]");
  ExpectError(KernelRunner(Library(), "RoiAlign", 16)
                  .Attr("mode", std::string("sum"))
                  .Run({x, rois, batch}),
              StatusCode::kInvalidModel, "attribute 'mode' (expected 'avg' or 'max', got 'sum')");
  ExpectError(KernelRunner(Library(), "RoiAlign", 10)
                  .Attr("coordinate_transformation_mode", std::string("half_pixel"))
                  .Run({x, rois, batch}),
              StatusCode::kInvalidModel, "not defined before opset 16");
  ExpectError(KernelRunner(Library(), "RoiAlign", 16)
                  .Attr("coordinate_transformation_mode", std::string("align_corners"))
                  .Run({x, rois, batch}),
              StatusCode::kInvalidModel, "got 'align_corners'");
  ExpectError(KernelRunner(Library(), "RoiAlign", 16)
                  .Attr("output_height", int64_t{0})
                  .Run({x, rois, batch}),
              StatusCode::kInvalidModel, "(expected >= 1, got 0 and 1)");
  ExpectError(KernelRunner(Library(), "RoiAlign", 16)
                  .Attr("sampling_ratio", int64_t{-1})
                  .Run({x, rois, batch}),
              StatusCode::kInvalidModel, "attribute 'sampling_ratio' (expected >= 0, got -1)");
}

}  // namespace
}  // namespace onyx::kernels::ref
