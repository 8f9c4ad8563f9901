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

// linspace over [-1, 1]: pixel centres of the corner pixels with
// align_corners, of s equal cells without.
std::vector<double> Linspace(int64_t s, bool align) {
  std::vector<double> v;
  for (int64_t i = 0; i < s; ++i) {
    if (s == 1) {
      v.push_back(0);
    } else if (align) {
      v.push_back(-1 + 2.0 * i / (s - 1));
    } else {
      const double step = 2.0 / s;
      v.push_back(-1 + step / 2 + i * step);
    }
  }
  return v;
}

template <typename T>
void Check(const Dims& size, bool align, std::mt19937& rng, double tol) {
  const int64_t r = static_cast<int64_t>(size.size()) - 2;
  std::vector<T> theta = testing::Random<T>(size[0] * r * (r + 1), rng, -2, 2);
  auto out = KernelRunner(Library(), "AffineGrid", 20)
                 .Attr("align_corners", int64_t{align})
                 .Constant(1)
                 .Run({HostTensor::From<T>({size[0], r, r + 1}, theta),
                       HostTensor::From<int64_t>({r + 2}, size)});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  Dims want_dims{size[0]};
  want_dims.insert(want_dims.end(), size.begin() + 2, size.end());
  want_dims.push_back(r);
  ASSERT_EQ(out.value()[0].dims(), want_dims);
  const std::vector<T> got = out.value()[0].template values<T>();
  const int64_t d = r == 3 ? size[2] : 1, h = size[r], w = size[r + 1];
  const std::vector<double> zs = Linspace(d, align), ys = Linspace(h, align),
                            xs = Linspace(w, align);
  size_t i = 0;
  for (int64_t n = 0; n < size[0]; ++n) {
    for (int64_t k = 0; k < d; ++k) {
      for (int64_t y = 0; y < h; ++y) {
        for (int64_t x = 0; x < w; ++x) {
          std::vector<double> p = {xs[x], ys[y]};
          if (r == 3) p.push_back(zs[k]);
          p.push_back(1);
          for (int64_t row = 0; row < r; ++row) {
            double s = 0;
            for (int64_t col = 0; col <= r; ++col) {
              s += double(theta[(n * r + row) * (r + 1) + col]) * p[col];
            }
            EXPECT_NEAR(double(got[i]), s, tol * std::max(1.0, std::abs(s))) << i;
            ++i;
          }
        }
      }
    }
  }
}

TEST(AffineGrid, RandomMatchesNaive) {
  std::mt19937 rng(1);
  for (bool align : {false, true}) {
    Check<float>({2, 3, 4, 5}, align, rng, 1e-6);
    Check<double>({1, 1, 3, 2, 4}, align, rng, 1e-12);
    Check<Float16>({2, 1, 1, 3}, align, rng, 2e-3);
    Check<BFloat16>({1, 2, 2, 1, 3}, align, rng, 1e-2);
  }
}

// The identity transform gives the linspace itself.
TEST(AffineGrid, IdentityGolden) {
  auto out = KernelRunner(Library(), "AffineGrid", 20)
                 .Constant(1)
                 .Run({HostTensor::From<float>({1, 2, 3}, {1, 0, 0, 0, 1, 0}),
                       HostTensor::From<int64_t>({4}, {1, 1, 1, 2})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].values<float>(), (std::vector<float>{-0.5f, 0, 0.5f, 0}));
}

TEST(AffineGrid, Errors) {
  const HostTensor theta = HostTensor::From<float>({1, 2, 3}, {1, 0, 0, 0, 1, 0});
  ExpectError(KernelRunner(Library(), "AffineGrid", 20)
                  .Run({theta, HostTensor::From<int64_t>({4}, {1, 1, 2, 2})}),
              StatusCode::kFailedPrecondition, "size");
  ExpectError(KernelRunner(Library(), "AffineGrid", 20)
                  .Constant(1)
                  .Run({theta, HostTensor::From<int64_t>({3}, {1, 2, 2})}),
              StatusCode::kInvalidArgument, "length (expected 4 for [N, C, H, W] or 5");
  ExpectError(KernelRunner(Library(), "AffineGrid", 20)
                  .Constant(1)
                  .Run({theta, HostTensor::From<int64_t>({5}, {1, 1, 2, 2, 2})}),
              StatusCode::kInvalidArgument,
              "shape (expected [1,3,4] for size [1,1,2,2,2], got [1,2,3])");
  ExpectError(KernelRunner(Library(), "AffineGrid", 20)
                  .Constant(1)
                  .Run({theta, HostTensor::From<int64_t>({4}, {1, 1, -2, 2})}),
              StatusCode::kInvalidArgument, "values (expected >= 0");
}

}  // namespace
}  // namespace onyx::kernels::ref
