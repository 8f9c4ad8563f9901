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

// Unpools MaxPool's output on random data: every maximum goes back to where
// MaxPool found it, the rest is zero.
template <typename T>
void CheckRoundTrip(uint32_t seed, int opset) {
  std::mt19937 rng(seed);
  for (int trial = 0; trial < 20; ++trial) {
    const size_t nsp = 1 + trial % 3;
    Dims x_dims{1 + trial % 2, 1 + trial % 3}, kernel, strides;
    for (size_t d = 0; d < nsp; ++d) {
      kernel.push_back(1 + (trial + d) % 3);
      strides.push_back(kernel.back());  // Non-overlapping windows: distinct indices.
      x_dims.push_back(kernel.back() * (1 + (trial * 5 + d) % 3));
    }
    std::vector<T> x = testing::Random<T>(NumElements(x_dims), rng);
    auto pooled = KernelRunner(Library(), "MaxPool", 22)
                      .Attr("kernel_shape", kernel)
                      .Attr("strides", strides)
                      .Outputs(2)
                      .Run({HostTensor::From<T>(x_dims, x)});
    ASSERT_TRUE(pooled.ok()) << pooled.status().ToString();
    auto out = KernelRunner(Library(), "MaxUnpool", opset)
                   .Attr("kernel_shape", kernel)
                   .Attr("strides", strides)
                   .Run({pooled.value()[0], pooled.value()[1]});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    ASSERT_EQ(out.value()[0].dims(), x_dims);
    std::vector<T> want(x.size(), T(0));
    const std::vector<T> vals = pooled.value()[0].template values<T>();
    const std::vector<int64_t> idx = pooled.value()[1].template values<int64_t>();
    for (size_t j = 0; j < idx.size(); ++j) want[idx[j]] = vals[j];
    const std::vector<T> got = out.value()[0].template values<T>();
    for (size_t i = 0; i < got.size(); ++i) EXPECT_EQ(double(got[i]), double(want[i])) << i;
  }
}

TEST(MaxUnpool, RoundTripsMaxPool) {
  CheckRoundTrip<float>(1, 9);
  CheckRoundTrip<double>(2, 11);
  CheckRoundTrip<Float16>(3, 11);
  CheckRoundTrip<BFloat16>(4, 22);
}

// The ONNX node cases: indices address the unpooled 4x4 shape; output_shape
// 5x5 places it at the start.
TEST(MaxUnpool, OnnxDocGoldens) {
  const HostTensor indices = HostTensor::From<int64_t>({1, 1, 2, 2}, {5, 7, 13, 15});
  auto plain = KernelRunner(Library(), "MaxUnpool", 11)
                   .Attr("kernel_shape", Dims{2, 2})
                   .Attr("strides", Dims{2, 2})
                   .Run({HostTensor::From<float>({1, 1, 2, 2}, {1, 2, 3, 4}), indices});
  ASSERT_TRUE(plain.ok()) << plain.status().ToString();
  EXPECT_EQ(plain.value()[0].dims(), (Dims{1, 1, 4, 4}));
  EXPECT_EQ(plain.value()[0].values<float>(),
            (std::vector<float>{0, 0, 0, 0, 0, 1, 0, 2, 0, 0, 0, 0, 0, 3, 0, 4}));
  auto shaped = KernelRunner(Library(), "MaxUnpool", 11)
                    .Attr("kernel_shape", Dims{2, 2})
                    .Attr("strides", Dims{2, 2})
                    .Constant(2)
                    .Run({HostTensor::From<float>({1, 1, 2, 2}, {5, 6, 7, 8}), indices,
                          HostTensor::From<int64_t>({4}, {1, 1, 5, 5})});
  ASSERT_TRUE(shaped.ok()) << shaped.status().ToString();
  EXPECT_EQ(shaped.value()[0].dims(), (Dims{1, 1, 5, 5}));
  EXPECT_EQ(shaped.value()[0].values<float>(),
            (std::vector<float>{0, 0, 0, 0, 0, 0, 5, 0, 6, 0, 0, 0, 0,
                                0, 0, 0, 7, 0, 8, 0, 0, 0, 0, 0, 0}));
}

// Pads shrink the unpooled shape: (3 - 1) * 2 - 1 - 1 + 3 = 5.
TEST(MaxUnpool, PadsShrinkTheShape) {
  auto out = KernelRunner(Library(), "MaxUnpool", 22)
                 .Attr("kernel_shape", Dims{3})
                 .Attr("strides", Dims{2})
                 .Attr("pads", Dims{1, 1})
                 .Run({HostTensor::From<float>({1, 1, 3}, {7, 8, 9}),
                       HostTensor::From<int64_t>({1, 1, 3}, {0, 2, 4})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].values<float>(), (std::vector<float>{7, 0, 8, 0, 9}));
}

TEST(MaxUnpool, Errors) {
  const HostTensor x = HostTensor::From<float>({1, 1, 2}, {1, 2});
  const HostTensor i = HostTensor::From<int64_t>({1, 1, 2}, {0, 3});
  auto runner = [] {
    return KernelRunner(Library(), "MaxUnpool", 11)
        .Attr("kernel_shape", Dims{2})
        .Attr("strides", Dims{2});
  };
  ExpectError(runner().Run({x, HostTensor::From<int64_t>({1, 1, 2}, {0, 4})}),
              StatusCode::kInvalidArgument, "value 4 at 1 (expected in [0, 4)");
  ExpectError(runner().Run({x, HostTensor::From<int64_t>({1, 2}, {0, 1})}),
              StatusCode::kInvalidArgument, "'input1' shape (expected [1,1,2]");
  ExpectError(runner().Run({x, i, HostTensor::From<int64_t>({3}, {1, 1, 5})}),
              StatusCode::kFailedPrecondition, "output_shape");
  ExpectError(runner().Constant(2).Run({x, i, HostTensor::From<int64_t>({3}, {1, 1, 3})}),
              StatusCode::kInvalidArgument, "(expected each dim >= the unpooled shape [1,1,4]");
  ExpectError(runner().Constant(2).Run({x, i, HostTensor::From<int64_t>({2}, {1, 1})}),
              StatusCode::kInvalidArgument, "length (expected 3, the rank of X, got 2)");
  ExpectError(KernelRunner(Library(), "MaxUnpool", 11).Run({x, i}), StatusCode::kInvalidModel,
              "attribute 'kernel_shape' is required");
  ExpectError(runner().Run({x, HostTensor::From<int32_t>({1, 1, 2}, {0, 1})}),
              StatusCode::kUnsupported, "'input1' dtype (expected one of int64");
}

}  // namespace
}  // namespace onyx::kernels::ref
