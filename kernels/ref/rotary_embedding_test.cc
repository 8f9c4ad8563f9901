#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

using testing::ExpectClose;
using testing::ExpectError;
using testing::Random;

// Rotation of 4-D X [B, H, S, D] by position table rows, written directly
// from the definition.
std::vector<double> Naive(const std::vector<float>& x, int64_t b, int64_t h, int64_t s, int64_t d,
                          int64_t dim, bool interleaved, const std::vector<float>& cos,
                          const std::vector<float>& sin, const std::vector<int64_t>& ids) {
  std::vector<double> y(x.begin(), x.end());
  const int64_t half = dim / 2;
  for (int64_t bi = 0; bi < b; ++bi)
    for (int64_t hi = 0; hi < h; ++hi)
      for (int64_t si = 0; si < s; ++si) {
        const int64_t row = ids[bi * s + si], base = ((bi * h + hi) * s + si) * d;
        for (int64_t i = 0; i < half; ++i) {
          const int64_t a = interleaved ? 2 * i : i, c = interleaved ? 2 * i + 1 : i + half;
          const double co = cos[row * half + i], sn = sin[row * half + i];
          y[base + a] = x[base + a] * co - x[base + c] * sn;
          y[base + c] = x[base + a] * sn + x[base + c] * co;
        }
      }
  return y;
}

TEST(RotaryEmbedding, RandomMatchesNaive) {
  std::mt19937 rng(31);
  for (int trial = 0; trial < 24; ++trial) {
    const int64_t b = 1 + trial % 2, h = 1 + trial % 3, s = 2 + trial % 3, d = 8;
    const int64_t dim = trial % 3 == 0 ? 4 : 8, positions = 10;
    const bool interleaved = trial % 2 == 1;
    std::vector<float> x = Random<float>(b * h * s * d, rng);
    std::vector<float> cos = Random<float>(positions * dim / 2, rng);
    std::vector<float> sin = Random<float>(positions * dim / 2, rng);
    std::vector<int64_t> ids(b * s);
    for (int64_t& v : ids) v = rng() % positions;
    KernelRunner r(Library(), "RotaryEmbedding", 23);
    r.Attr("interleaved", int64_t{interleaved});
    if (dim != d) r.Attr("rotary_embedding_dim", dim);
    auto out = r.Run({HostTensor::From<float>({b, h, s, d}, x),
                      HostTensor::From<float>({positions, dim / 2}, cos),
                      HostTensor::From<float>({positions, dim / 2}, sin),
                      HostTensor::From<int64_t>({b, s}, ids)});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    ExpectClose(out.value()[0].values<float>(), Naive(x, b, h, s, d, dim, interleaved, cos, sin, ids));
  }
}

// 3-D input [B, S, H * D] without position ids, against the 4-D form.
TEST(RotaryEmbedding, ThreeDimensionalWithoutPositionIds) {
  std::mt19937 rng(32);
  const int64_t b = 2, s = 3, h = 2, d = 4;
  std::vector<float> x = Random<float>(b * s * h * d, rng);
  std::vector<float> cos = Random<float>(b * s * d / 2, rng), sin = Random<float>(b * s * d / 2, rng);
  auto out = KernelRunner(Library(), "RotaryEmbedding", 23)
                 .Attr("num_heads", h)
                 .Run({HostTensor::From<float>({b, s, h * d}, x),
                       HostTensor::From<float>({b, s, d / 2}, cos),
                       HostTensor::From<float>({b, s, d / 2}, sin)});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  std::vector<float> x4(x.size());
  for (int64_t bi = 0; bi < b; ++bi)
    for (int64_t si = 0; si < s; ++si)
      for (int64_t hi = 0; hi < h; ++hi)
        for (int64_t e = 0; e < d; ++e)
          x4[((bi * h + hi) * s + si) * d + e] = x[((bi * s + si) * h + hi) * d + e];
  std::vector<int64_t> ids(b * s);
  for (int64_t i = 0; i < b * s; ++i) ids[i] = i;  // Row i of the per-token caches.
  std::vector<double> y4 = Naive(x4, b, h, s, d, d, false, cos, sin, ids), want(x.size());
  for (int64_t bi = 0; bi < b; ++bi)
    for (int64_t si = 0; si < s; ++si)
      for (int64_t hi = 0; hi < h; ++hi)
        for (int64_t e = 0; e < d; ++e)
          want[((bi * s + si) * h + hi) * d + e] = y4[((bi * h + hi) * s + si) * d + e];
  ExpectClose(out.value()[0].values<float>(), want);
}

TEST(RotaryEmbedding, Errors) {
  const HostTensor x = HostTensor::From<float>({1, 1, 2, 4}, std::vector<float>(8));
  const HostTensor c = HostTensor::From<float>({3, 2}, std::vector<float>(6));
  const HostTensor ids = HostTensor::From<int64_t>({1, 2}, {0, 3});
  ExpectError(KernelRunner(Library(), "RotaryEmbedding", 23).Run({x, c, c, ids}),
              StatusCode::kInvalidArgument, "'position_ids' value out of range (expected [0, 2], got 3)");
  ExpectError(KernelRunner(Library(), "RotaryEmbedding", 23)
                  .Attr("rotary_embedding_dim", int64_t{3})
                  .Run({x, c, c, ids}),
              StatusCode::kInvalidModel, "expected an even number in [2, 4], got 3");
  ExpectError(KernelRunner(Library(), "RotaryEmbedding", 23)
                  .Run({HostTensor::From<float>({1, 2, 8}, std::vector<float>(16)), c, c}),
              StatusCode::kInvalidModel, "'num_heads' is required");
  ExpectError(KernelRunner(Library(), "RotaryEmbedding", 23).Run({x, c, c}),
              StatusCode::kInvalidArgument, "without position_ids");
}

}  // namespace
}  // namespace onyx::kernels::ref
