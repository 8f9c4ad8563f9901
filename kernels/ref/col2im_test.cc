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
  int64_t n = 1, c = 1;
  Dims image, block, strides, dilations, pads;
  Dims grid;  // Block positions per dim.
};

// Folds by walking the block grid and the block taps as odometers.
template <typename T>
std::vector<double> Naive(const Case& c, const std::vector<T>& x) {
  const size_t nsp = c.image.size();
  const int64_t k = NumElements(c.block), l = NumElements(c.grid), img = NumElements(c.image);
  std::vector<double> y(c.n * c.c * img, 0.0);
  for (int64_t p = 0; p < c.n * c.c; ++p) {
    std::vector<int64_t> b(nsp, 0);
    int64_t bi = 0;
    do {
      std::vector<int64_t> t(nsp, 0);
      int64_t ti = 0;
      do {
        int64_t off = 0;
        bool inside = true;
        for (size_t d = 0; d < nsp; ++d) {
          const int64_t pos = b[d] * c.strides[d] - c.pads[d] + t[d] * c.dilations[d];
          inside = inside && pos >= 0 && pos < c.image[d];
          off = off * c.image[d] + pos;
        }
        if (inside) y[p * img + off] += static_cast<double>(x[(p * k + ti) * l + bi]);
        ++ti;
      } while (Next(t, c.block));
      ++bi;
    } while (Next(b, c.grid));
  }
  return y;
}

template <typename T>
void CheckRandom(uint32_t seed, double tol) {
  std::mt19937 rng(seed);
  auto pick = [&](int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
  };
  for (int trial = 0; trial < 30; ++trial) {
    Case c;
    const size_t nsp = 1 + trial % 3;
    c.n = pick(1, 2);
    c.c = pick(1, 3);
    c.pads.assign(2 * nsp, 0);
    for (size_t d = 0; d < nsp; ++d) {
      c.block.push_back(pick(1, 3));
      c.strides.push_back(pick(1, 2));
      c.dilations.push_back(pick(1, 2));
      c.pads[d] = pick(0, 1);
      c.pads[nsp + d] = pick(0, 1);
      const int64_t dk = (c.block[d] - 1) * c.dilations[d] + 1;
      c.image.push_back(std::max<int64_t>(1, dk - c.pads[d] - c.pads[nsp + d]) + pick(0, 3));
      c.grid.push_back((c.image[d] + c.pads[d] + c.pads[nsp + d] - dk) / c.strides[d] + 1);
    }
    SCOPED_TRACE(StrCat("image", DimsToString(c.image), " block", DimsToString(c.block), " strides",
                        DimsToString(c.strides), " dilations", DimsToString(c.dilations), " pads",
                        DimsToString(c.pads)));
    const Dims xd{c.n, c.c * NumElements(c.block), NumElements(c.grid)};
    std::vector<T> x = testing::Random<T>(NumElements(xd), rng);
    auto out =
        KernelRunner(Library(), "Col2Im", 18)
            .Attr("strides", c.strides)
            .Attr("dilations", c.dilations)
            .Attr("pads", c.pads)
            .Constant(1)
            .Constant(2)
            .Run({HostTensor::From<T>(xd, x), HostTensor::From<int64_t>({int64_t(nsp)}, c.image),
                  HostTensor::From<int64_t>({int64_t(nsp)}, c.block)});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    Dims want_dims{c.n, c.c};
    want_dims.insert(want_dims.end(), c.image.begin(), c.image.end());
    ASSERT_EQ(out.value()[0].dims(), want_dims);
    const std::vector<double> want = Naive(c, x);
    const std::vector<T> got = out.value()[0].template values<T>();
    for (size_t i = 0; i < got.size(); ++i) {
      EXPECT_NEAR(static_cast<double>(got[i]), want[i], tol * std::max(1.0, std::abs(want[i])));
    }
  }
}

TEST(Col2Im, RandomMatchesNaiveFloat) { CheckRandom<float>(1, 1e-5); }
TEST(Col2Im, RandomMatchesNaiveDouble) { CheckRandom<double>(2, 1e-12); }
TEST(Col2Im, RandomMatchesNaiveFloat16) { CheckRandom<Float16>(3, 4e-3); }
TEST(Col2Im, RandomMatchesNaiveBFloat16) { CheckRandom<BFloat16>(4, 2e-2); }

// test_col2im from the ONNX operator docs: block [1, 5] over a 5x5 image
// puts column j of the input into row j.
TEST(Col2Im, OnnxDocGoldenAndIntegers) {
  const std::vector<int32_t> cols = {1,  6,  11, 16, 21, 2,  7,  12, 17, 22, 3,  8, 13,
                                     18, 23, 4,  9,  14, 19, 24, 5,  0,  15, 20, 25};
  auto out =
      KernelRunner(Library(), "Col2Im", 18)
          .Constant(1)
          .Constant(2)
          .Run({HostTensor::From<int32_t>({1, 5, 5}, cols), HostTensor::From<int64_t>({2}, {5, 5}),
                HostTensor::From<int64_t>({2}, {1, 5})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dims(), (Dims{1, 1, 5, 5}));
  EXPECT_EQ(out.value()[0].values<int32_t>(),
            (std::vector<int32_t>{1,  2,  3,  4,  5,  6,  7,  8,  9,  0,  11, 12, 13,
                                  14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25}));
  // Overlapping blocks add up: three 2-wide blocks over 4 pixels.
  auto sum = KernelRunner(Library(), "Col2Im", 18)
                 .Constant(1)
                 .Constant(2)
                 .Run({HostTensor::From<float>({1, 2, 3}, {1, 2, 3, 10, 20, 30}),
                       HostTensor::From<int64_t>({1}, {4}), HostTensor::From<int64_t>({1}, {2})});
  ASSERT_TRUE(sum.ok()) << sum.status().ToString();
  EXPECT_EQ(sum.value()[0].values<float>(), (std::vector<float>{1, 12, 23, 30}));
}

TEST(Col2Im, Errors) {
  const HostTensor x = HostTensor::From<float>({1, 4, 3}, std::vector<float>(12));
  const HostTensor image = HostTensor::From<int64_t>({1}, {4});
  const HostTensor block = HostTensor::From<int64_t>({1}, {2});
  auto run = [&](const HostTensor& xi, const HostTensor& im, const HostTensor& bl) {
    return KernelRunner(Library(), "Col2Im", 18).Constant(1).Constant(2).Run({xi, im, bl});
  };
  ExpectError(KernelRunner(Library(), "Col2Im", 18).Run({x, image, block}),
              StatusCode::kFailedPrecondition, "image_shape");
  ExpectError(run(HostTensor::From<float>({1, 4, 2}, std::vector<float>(8)), image, block),
              StatusCode::kInvalidArgument, "number of blocks (expected 3");
  ExpectError(run(HostTensor::From<float>({1, 3, 3}, std::vector<float>(9)), image, block),
              StatusCode::kInvalidArgument, "multiple of the block size 2");
  ExpectError(run(x, image, HostTensor::From<int64_t>({2}, {2, 2})), StatusCode::kInvalidArgument,
              "length (expected 1 like image_shape, got 2)");
  ExpectError(run(x, HostTensor::From<int64_t>({1}, {0}), block), StatusCode::kInvalidArgument,
              "values (expected >= 1, got [0])");
  ExpectError(run(x, HostTensor::From<int64_t>({1}, {1}), HostTensor::From<int64_t>({1}, {3})),
              StatusCode::kInvalidArgument, "plus pads (expected >= 3");
  ExpectError(run(HostTensor::From<float>({4, 3}, std::vector<float>(12)), image, block),
              StatusCode::kInvalidArgument, "rank (expected 3");
}

}  // namespace
}  // namespace onyx::kernels::ref
