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
using testing::Iota;

// A 4x5 image holding 0..19; ROIs in image pixels.
TEST(MaxRoiPool, HandGoldens) {
  const HostTensor x = HostTensor::From<float>({1, 1, 4, 5}, Iota(20));
  // The whole image in 2x2 bins: rows [0,2) [2,4), cols [0,3) [2,5).
  auto whole = KernelRunner(Library(), "MaxRoiPool", 1)
                   .Attr("pooled_shape", Dims{2, 2})
                   .Run({x, HostTensor::From<float>({1, 5}, {0, 0, 0, 4, 3})});
  ASSERT_TRUE(whole.ok()) << whole.status().ToString();
  EXPECT_EQ(whole.value()[0].dims(), (Dims{1, 1, 2, 2}));
  EXPECT_EQ(whole.value()[0].values<float>(), (std::vector<float>{7, 9, 17, 19}));
  // spatial_scale 0.5 maps [2, 2, 5, 3] to pixels x 1..3 (2.5 rounds up), y 1..2.
  auto scaled = KernelRunner(Library(), "MaxRoiPool", 22)
                    .Attr("pooled_shape", Dims{1, 1})
                    .Attr("spatial_scale", 0.5f)
                    .Run({x, HostTensor::From<float>({1, 5}, {0, 2, 2, 5, 3})});
  ASSERT_TRUE(scaled.ok()) << scaled.status().ToString();
  EXPECT_EQ(scaled.value()[0].values<float>(), (std::vector<float>{13}));
  // A ROI entirely outside the image: empty bins give 0.
  auto outside = KernelRunner(Library(), "MaxRoiPool", 1)
                     .Attr("pooled_shape", Dims{1, 2})
                     .Run({x, HostTensor::From<float>({1, 5}, {0, 10, 10, 12, 12})});
  ASSERT_TRUE(outside.ok()) << outside.status().ToString();
  EXPECT_EQ(outside.value()[0].values<float>(), (std::vector<float>{0, 0}));
}

// Random ROIs against a loop over every pixel, testing bin membership.
template <typename T>
void CheckRandom(uint32_t seed, int opset) {
  std::mt19937 rng(seed);
  const int64_t n = 2, c = 3, h = 7, w = 6, ph = 3, pw = 2, r = 6;
  std::vector<T> x = testing::Random<T>(n * c * h * w, rng, -5, 5);
  std::vector<T> rois;
  std::uniform_real_distribution<float> coord(-1.0f, 8.0f);
  for (int64_t i = 0; i < r; ++i) {
    float x1 = coord(rng), y1 = coord(rng);
    rois.insert(rois.end(),
                {T(float(i % n)), T(x1), T(y1), T(x1 + coord(rng) / 2), T(y1 + coord(rng) / 2)});
  }
  auto out = KernelRunner(Library(), "MaxRoiPool", opset)
                 .Attr("pooled_shape", Dims{ph, pw})
                 .Run({HostTensor::From<T>({n, c, h, w}, x), HostTensor::From<T>({r, 5}, rois)});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  const std::vector<T> got = out.value()[0].template values<T>();
  for (int64_t i = 0; i < r; ++i) {
    auto rd = [&](int k) { return static_cast<int64_t>(std::round(float(rois[i * 5 + k]))); };
    const int64_t x1 = rd(1), y1 = rd(2);
    const int64_t rh = std::max<int64_t>(rd(4) - y1 + 1, 1),
                  rw = std::max<int64_t>(rd(3) - x1 + 1, 1);
    for (int64_t ch = 0; ch < c; ++ch) {
      for (int64_t by = 0; by < ph; ++by) {
        for (int64_t bx = 0; bx < pw; ++bx) {
          double best = -1e30;
          bool any = false;
          for (int64_t yy = 0; yy < h; ++yy) {
            for (int64_t xx = 0; xx < w; ++xx) {
              // Pixel (yy, xx) is in bin (by, bx) when its ROI-relative
              // position lies in [floor(b * size / bins), ceil((b + 1) * size / bins)).
              const float fy = float(rh) / ph, fx = float(rw) / pw;
              const bool in_y =
                  yy - y1 >= std::floor(by * fy) && yy - y1 < std::ceil((by + 1) * fy);
              const bool in_x =
                  xx - x1 >= std::floor(bx * fx) && xx - x1 < std::ceil((bx + 1) * fx);
              if (!in_y || !in_x) continue;
              any = true;
              best = std::max(best, double(x[((i % n) * c + ch) * h * w + yy * w + xx]));
            }
          }
          EXPECT_EQ(double(got[((i * c + ch) * ph + by) * pw + bx]), any ? best : 0.0);
        }
      }
    }
  }
}

TEST(MaxRoiPool, RandomMatchesNaive) {
  CheckRandom<float>(1, 1);
  CheckRandom<double>(2, 22);
  CheckRandom<Float16>(3, 1);
  CheckRandom<BFloat16>(4, 22);
}

TEST(MaxRoiPool, Errors) {
  const HostTensor x = HostTensor::From<float>({1, 1, 2, 2}, {1, 2, 3, 4});
  const HostTensor rois = HostTensor::From<float>({1, 5}, {0, 0, 0, 1, 1});
  ExpectError(KernelRunner(Library(), "MaxRoiPool", 1).Run({x, rois}), StatusCode::kInvalidModel,
              "attribute 'pooled_shape' is required");
  auto runner = [] {
    return KernelRunner(Library(), "MaxRoiPool", 1).Attr("pooled_shape", Dims{1, 1});
  };
  ExpectError(runner().Run({x, HostTensor::From<float>({1, 4}, {0, 0, 1, 1})}),
              StatusCode::kInvalidArgument, "shape (expected [num_rois, 5], got [1,4])");
  ExpectError(runner().Run({x, HostTensor::From<float>({1, 5}, {1, 0, 0, 1, 1})}),
              StatusCode::kInvalidArgument, "batch_id of ROI 0 (expected in [0, 1), got 1)");
  ExpectError(runner().Run({HostTensor::From<float>({1, 2, 2}, {1, 2, 3, 4}), rois}),
              StatusCode::kInvalidArgument, "rank (expected 4");
  ExpectError(runner().Run({x, HostTensor::From<double>({1, 5}, {0, 0, 0, 1, 1})}),
              StatusCode::kInvalidArgument, "'input1' dtype (expected float");
  ExpectError(
      KernelRunner(Library(), "MaxRoiPool", 1).Attr("pooled_shape", Dims{0, 1}).Run({x, rois}),
      StatusCode::kInvalidModel, "attribute 'pooled_shape' values (expected >= 1");
}

}  // namespace
}  // namespace onyx::kernels::ref
