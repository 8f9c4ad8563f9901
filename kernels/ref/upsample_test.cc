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
using testing::Next;

// Nearest takes x[floor(o / scale)]; linear interpolates at o / scale with
// the far neighbour clamped to the edge. Every dim of out, 4-D or less.
std::vector<double> Naive(const std::vector<double>& x, const Dims& in, const Dims& out,
                          const std::vector<float>& scales, bool linear) {
  std::vector<double> y;
  std::vector<int64_t> o(in.size(), 0);
  do {
    double sum = 0;
    std::vector<int64_t> corner(in.size(), 0);
    const Dims twos(in.size(), linear ? 2 : 1);
    do {
      double w = 1;
      int64_t off = 0;
      for (size_t d = 0; d < in.size(); ++d) {
        const double pos = o[d] / double(scales[d]);
        const int64_t lo = static_cast<int64_t>(std::floor(pos));
        const double f = pos - lo;
        w *= linear ? (corner[d] ? f : 1 - f) : 1.0;
        off = off * in[d] + std::min<int64_t>(lo + corner[d], in[d] - 1);
      }
      sum += w * x[off];
    } while (Next(corner, twos));
    y.push_back(sum);
  } while (Next(o, out));
  return y;
}

TEST(Upsample, RandomMatchesNaive) {
  std::mt19937 rng(1);
  for (int trial = 0; trial < 40; ++trial) {
    const bool linear = trial % 2;
    const int opset = trial % 3 == 0 ? 7 : trial % 3 == 1 ? 9 : 10;
    Dims in, out;
    std::vector<float> scales;
    for (int d = 0; d < 1 + trial % 4; ++d) {
      in.push_back(1 + (trial + d) % 4);
      scales.push_back(d % 2 ? 1.0f : std::uniform_real_distribution<float>(1, 3.5f)(rng));
      out.push_back(static_cast<int64_t>(std::floor(double(scales.back()) * in.back())));
    }
    std::vector<float> x = testing::Random<float>(NumElements(in), rng);
    KernelRunner k(Library(), "Upsample", opset);
    k.Attr("mode", std::string(linear ? "linear" : "nearest"));
    std::vector<HostTensor> inputs = {HostTensor::From<float>(in, x)};
    if (opset == 7) {
      k.Attr("scales", scales);
    } else {
      inputs.push_back(HostTensor::From<float>({int64_t(scales.size())}, scales));
      k.Constant(1);
    }
    auto got = k.Run(inputs);
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    ASSERT_EQ(got.value()[0].dims(), out);
    testing::ExpectClose(got.value()[0].values<float>(),
                         Naive(std::vector<double>(x.begin(), x.end()), in, out, scales, linear));
  }
}

// The ONNX docs' opset-1 example and test_upsample_nearest (opset 9).
TEST(Upsample, OnnxDocGoldens) {
  const HostTensor x = HostTensor::From<float>({1, 1, 2, 2}, {1, 2, 3, 4});
  auto v1 = KernelRunner(Library(), "Upsample", 1)
                .Attr("height_scale", 2.0f)
                .Attr("width_scale", 2.0f)
                .Run({x});
  ASSERT_TRUE(v1.ok()) << v1.status().ToString();
  EXPECT_EQ(v1.value()[0].values<float>(),
            (std::vector<float>{1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4}));
  auto v9 = KernelRunner(Library(), "Upsample", 9)
                .Constant(1)
                .Run({HostTensor::From<int32_t>({1, 1, 2, 2}, {1, 2, 3, 4}),
                      HostTensor::From<float>({4}, {1, 1, 2, 3})});
  ASSERT_TRUE(v9.ok()) << v9.status().ToString();
  EXPECT_EQ(v9.value()[0].values<int32_t>(),
            (std::vector<int32_t>{1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2,
                                  3, 3, 3, 4, 4, 4, 3, 3, 3, 4, 4, 4}));
  // Opset 1 bilinear: x = o / 2 between 1 and 2, then clamped at the edge.
  auto bilinear = KernelRunner(Library(), "Upsample", 1)
                      .Attr("height_scale", 1.0f)
                      .Attr("width_scale", 2.0f)
                      .Attr("mode", std::string("bilinear"))
                      .Run({HostTensor::From<float>({1, 1, 1, 2}, {1, 2})});
  ASSERT_TRUE(bilinear.ok()) << bilinear.status().ToString();
  EXPECT_EQ(bilinear.value()[0].values<float>(), (std::vector<float>{1, 1.5f, 2, 2}));
}

TEST(Upsample, Errors) {
  const HostTensor x = HostTensor::From<float>({1, 2}, {1, 2});
  ExpectError(KernelRunner(Library(), "Upsample", 9)
                  .Constant(1)
                  .Run({x, HostTensor::From<float>({2}, {1, 0.5f})}),
              StatusCode::kInvalidArgument, "scales values (expected >= 1, got 0.5 for dim 1)");
  ExpectError(KernelRunner(Library(), "Upsample", 9)
                  .Constant(1)
                  .Run({x, HostTensor::From<float>({1}, {2})}),
              StatusCode::kInvalidArgument, "scales length (expected 2");
  ExpectError(KernelRunner(Library(), "Upsample", 9).Run({x, HostTensor::From<float>({2}, {1, 2})}),
              StatusCode::kFailedPrecondition, "scales");
  ExpectError(KernelRunner(Library(), "Upsample", 7).Run({x}), StatusCode::kInvalidModel,
              "attribute 'scales' is required at opset 7");
  ExpectError(KernelRunner(Library(), "Upsample", 7)
                  .Attr("scales", std::vector<float>{1, 2})
                  .Attr("mode", std::string("bilinear"))
                  .Run({x}),
              StatusCode::kInvalidModel, "(expected nearest or linear, got 'bilinear')");
  ExpectError(KernelRunner(Library(), "Upsample", 1)
                  .Attr("height_scale", 2.0f)
                  .Run({HostTensor::From<float>({1, 1, 1, 1}, {1})}),
              StatusCode::kInvalidModel, "'height_scale' and 'width_scale' are required");
  ExpectError(KernelRunner(Library(), "Upsample", 1)
                  .Attr("height_scale", 2.0f)
                  .Attr("width_scale", 2.0f)
                  .Run({x}),
              StatusCode::kInvalidArgument, "rank at opset 1 (expected 4");
}

}  // namespace
}  // namespace onyx::kernels::ref
