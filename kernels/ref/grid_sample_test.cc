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

// A port of ONNX's reference in its own shape: the N-D interpolation is a
// 1-D interpolation along the first dim of (N-1)-D interpolations.
struct Naive {
  std::string mode, padding;
  bool align = false;

  double Reflect(double x, double lo, double hi) const {
    const double range = hi - lo;
    if (range <= 0) return lo;
    if (x < lo) {
      const double dx = lo - x;
      const int64_t n = static_cast<int64_t>(dx / range);
      const double r = dx - n * range;
      return n % 2 == 0 ? lo + r : hi - r;
    }
    if (x > hi) {
      const double dx = x - hi;
      const int64_t n = static_cast<int64_t>(dx / range);
      const double r = dx - n * range;
      return n % 2 == 0 ? hi - r : lo + r;
    }
    return x;
  }
  double Lo(int64_t) const { return align ? 0 : -0.5; }
  double Hi(int64_t d) const { return align ? d - 1 : d - 0.5; }

  // Pixel i of a dim of d, or -1 for a zero.
  int64_t Fetch(int64_t i, int64_t d) const {
    if (i >= 0 && i < d) return i;
    if (padding == "zeros") return -1;
    if (padding == "border") return std::clamp<int64_t>(i, 0, d - 1);
    return static_cast<int64_t>(Reflect(static_cast<double>(i), Lo(d), Hi(d)));
  }

  // Value of `data` (dims `dims` from `k` on) at coordinates x[k..].
  double At(const double* data, const Dims& dims, const std::vector<double>& x, size_t k) const {
    const int64_t d = dims[k];
    int64_t inner = 1;
    for (size_t j = k + 1; j < dims.size(); ++j) inner *= dims[j];
    auto sub = [&](int64_t i) {
      const int64_t f = Fetch(i, d);
      if (f < 0) return 0.0;
      return k + 1 == dims.size() ? data[f] : At(data + f * inner, dims, x, k + 1);
    };
    if (mode == "nearest") return sub(static_cast<int64_t>(x[k]));
    const int64_t x0 = static_cast<int64_t>(std::floor(x[k]));
    const double t = x[k] - x0;
    if (mode == "linear") return (1 - t) * sub(x0) + t * sub(x0 + 1);
    const double a = -0.75;
    auto near = [&](double s) { return ((a + 2) * s - (a + 3)) * s * s + 1; };
    auto far = [&](double s) { return ((a * s - 5 * a) * s + 8 * a) * s - 4 * a; };
    return far(t + 1) * sub(x0 - 1) + near(t) * sub(x0) + near(1 - t) * sub(x0 + 1) +
           far(2 - t) * sub(x0 + 2);
  }

  double Sample(const double* img, const Dims& dims, const std::vector<double>& g) const {
    const size_t r = dims.size();
    std::vector<double> x(r);
    for (size_t k = 0; k < r; ++k) {
      const double n = g[r - 1 - k];
      const int64_t d = dims[k];
      x[k] = align ? (n + 1) / 2 * (d - 1) : ((n + 1) * d - 1) / 2;
      if (mode == "nearest") x[k] = std::nearbyint(x[k]);
      if (x[k] < Lo(d) || x[k] > Hi(d)) {
        if (padding == "border") x[k] = std::clamp<double>(x[k], 0, d - 1);
        if (padding == "reflection") x[k] = Reflect(x[k], Lo(d), Hi(d));
      }
    }
    return At(img, dims, x, 0);
  }
};

template <typename T>
void CheckRandom(uint32_t seed, int opset, size_t rank, double tol) {
  std::mt19937 rng(seed);
  const char* modes[] = {"nearest", "linear", "cubic"};
  const char* old_modes[] = {"nearest", "bilinear", "bicubic"};
  const char* paddings[] = {"zeros", "border", "reflection"};
  for (int trial = 0; trial < 18; ++trial) {
    Naive naive{modes[trial % 3], paddings[trial / 3 % 3], trial >= 9};
    Dims xd{2, 2}, gd{2};
    for (size_t k = 0; k < rank; ++k) xd.push_back(1 + (trial + 2 * k) % 4);
    for (size_t k = 0; k < rank; ++k) gd.push_back(1 + (trial + k) % 3);
    gd.push_back(static_cast<int64_t>(rank));
    std::vector<T> x = testing::Random<T>(NumElements(xd), rng, -3, 3);
    std::vector<T> grid = testing::Random<T>(NumElements(gd), rng, -1.6, 1.6);
    SCOPED_TRACE(StrCat(naive.mode, " ", naive.padding, " align ", naive.align, " X",
                        DimsToString(xd), " grid", DimsToString(gd)));
    auto out = KernelRunner(Library(), "GridSample", opset)
                   .Attr("mode", std::string(opset < 20 ? old_modes[trial % 3] : modes[trial % 3]))
                   .Attr("padding_mode", naive.padding)
                   .Attr("align_corners", int64_t{naive.align})
                   .Run({HostTensor::From<T>(xd, x), HostTensor::From<T>(gd, grid)});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    Dims want_dims{2, 2};
    want_dims.insert(want_dims.end(), gd.begin() + 1, gd.end() - 1);
    ASSERT_EQ(out.value()[0].dims(), want_dims);
    const Dims in(xd.begin() + 2, xd.end());
    const int64_t img = NumElements(in), points = NumElements(want_dims) / 4;
    const std::vector<T> got = out.value()[0].template values<T>();
    for (int64_t n = 0; n < 2; ++n) {
      for (int64_t c = 0; c < 2; ++c) {
        std::vector<double> plane(x.begin() + (n * 2 + c) * img, x.begin() + (n * 2 + c + 1) * img);
        for (int64_t o = 0; o < points; ++o) {
          std::vector<double> g(grid.begin() + (n * points + o) * rank,
                                grid.begin() + (n * points + o + 1) * rank);
          const double want = naive.Sample(plane.data(), in, g);
          EXPECT_NEAR(double(got[(n * 2 + c) * points + o]), want,
                      tol * std::max(1.0, std::abs(want)))
              << "n " << n << " c " << c << " point " << o;
        }
      }
    }
  }
}

TEST(GridSample, Random2D) {
  CheckRandom<float>(1, 16, 2, 1e-5);
  CheckRandom<double>(2, 20, 2, 1e-12);
  CheckRandom<Float16>(3, 20, 2, 2e-2);
  CheckRandom<BFloat16>(4, 22, 2, 1e-1);
}

TEST(GridSample, Random1DAnd3D) {
  CheckRandom<float>(5, 20, 1, 1e-5);
  CheckRandom<double>(6, 20, 3, 1e-12);
}

// X = [[0, 1], [2, 3]]: align_corners maps -1 and 1 to the corner centres;
// nearest rounds half to even (x = 0.5 -> 0, 1.5 -> 2, which is outside and
// zeros-padded).
TEST(GridSample, HandGoldens) {
  const HostTensor x = HostTensor::From<float>({1, 1, 2, 2}, {0, 1, 2, 3});
  auto corners = KernelRunner(Library(), "GridSample", 20)
                     .Attr("align_corners", int64_t{1})
                     .Run({x, HostTensor::From<float>({1, 1, 3, 2}, {-1, -1, 1, 1, 0, 0})});
  ASSERT_TRUE(corners.ok()) << corners.status().ToString();
  EXPECT_EQ(corners.value()[0].values<float>(), (std::vector<float>{0, 3, 1.5f}));
  // Without align_corners, x = 0.5 at g = 0 and 1.5 at g = 1 (of W = 2).
  auto nearest = KernelRunner(Library(), "GridSample", 16)
                     .Attr("mode", std::string("nearest"))
                     .Run({x, HostTensor::From<float>({1, 1, 2, 2}, {0, -0.5f, 1, -0.5f})});
  ASSERT_TRUE(nearest.ok()) << nearest.status().ToString();
  EXPECT_EQ(nearest.value()[0].values<float>(), (std::vector<float>{0, 0}));
  // Integer X truncates the interpolated value: (0 + 1) / 2 -> 0.
  auto ints = KernelRunner(Library(), "GridSample", 20)
                  .Attr("align_corners", int64_t{1})
                  .Run({HostTensor::From<int32_t>({1, 1, 2, 2}, {0, 1, 2, 3}),
                        HostTensor::From<float>({1, 1, 1, 2}, {0, -1})});
  ASSERT_TRUE(ints.ok()) << ints.status().ToString();
  EXPECT_EQ(ints.value()[0].values<int32_t>(), (std::vector<int32_t>{0}));
  // A NaN position reads zero.
  auto nan = KernelRunner(Library(), "GridSample", 20)
                 .Run({x, HostTensor::From<float>({1, 1, 1, 2}, {NAN, 0})});
  ASSERT_TRUE(nan.ok()) << nan.status().ToString();
  EXPECT_EQ(nan.value()[0].values<float>(), (std::vector<float>{0}));
}

TEST(GridSample, Errors) {
  const HostTensor x = HostTensor::From<float>({1, 1, 2, 2}, {0, 1, 2, 3});
  const HostTensor grid = HostTensor::From<float>({1, 1, 1, 2}, {0, 0});
  ExpectError(
      KernelRunner(Library(), "GridSample", 16).Attr("mode", std::string("linear")).Run({x, grid}),
      StatusCode::kInvalidModel, "(expected bilinear, nearest or bicubic, got 'linear')");
  ExpectError(
      KernelRunner(Library(), "GridSample", 20).Attr("mode", std::string("bicubic")).Run({x, grid}),
      StatusCode::kInvalidModel, "(expected linear, nearest or cubic, got 'bicubic')");
  ExpectError(KernelRunner(Library(), "GridSample", 20)
                  .Attr("padding_mode", std::string("wrap"))
                  .Run({x, grid}),
              StatusCode::kInvalidModel, "got 'wrap'");
  ExpectError(KernelRunner(Library(), "GridSample", 20)
                  .Run({x, HostTensor::From<float>({1, 1, 1, 3}, {0, 0, 0})}),
              StatusCode::kInvalidArgument, "'input1' shape (expected [1, O1, ..., O2, 2]");
  ExpectError(KernelRunner(Library(), "GridSample", 16)
                  .Run({HostTensor::From<float>({1, 1, 2}, {0, 1}),
                        HostTensor::From<float>({1, 1, 1}, {0})}),
              StatusCode::kInvalidArgument, "rank at opset 16 (expected 4");
  ExpectError(KernelRunner(Library(), "GridSample", 20)
                  .Run({x, HostTensor::From<int64_t>({1, 1, 1, 2}, {0, 0})}),
              StatusCode::kUnsupported, "'input1' dtype");
  ExpectError(KernelRunner(Library(), "GridSample", 20)
                  .Run({HostTensor::From<float>({1, 1, 0, 2}, {}), grid}),
              StatusCode::kInvalidArgument, "spatial dims (expected non-empty");
}

}  // namespace
}  // namespace onyx::kernels::ref
