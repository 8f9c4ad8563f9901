#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

using testing::ExpectError;
using testing::IotaTensor;

HostTensor Ints(const std::vector<int64_t>& v) {
  return HostTensor::From<int64_t>({static_cast<int64_t>(v.size())}, v);
}

TEST(Tile, ExampleFromTheOnnxDocs) {
  auto out = KernelRunner(Library(), "Tile", 13)
                 .Constant(1)
                 .Run({HostTensor::From<int32_t>({2, 2}, {0, 1, 2, 3}), Ints({1, 2})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dims(), (Dims{2, 4}));
  EXPECT_EQ(out.value()[0].values<int32_t>(), (std::vector<int32_t>{0, 1, 0, 1, 2, 3, 2, 3}));
}

TEST(Tile, Opset1ScalarZeroRepeatsAndScalarInput) {
  auto legacy = KernelRunner(Library(), "Tile", 1)
                    .Constant(1)
                    .Constant(2)
                    .Run({IotaTensor({2, 2}), HostTensor::From<int64_t>({}, {2}),
                          HostTensor::From<int64_t>({}, {0})});
  ASSERT_TRUE(legacy.ok()) << legacy.status().ToString();
  EXPECT_EQ(legacy.value()[0].dims(), (Dims{4, 2}));
  EXPECT_EQ(legacy.value()[0].values<float>(), (std::vector<float>{0, 1, 2, 3, 0, 1, 2, 3}));
  auto zero =
      KernelRunner(Library(), "Tile", 6).Constant(1).Run({IotaTensor({2, 3}), Ints({0, 2})});
  ASSERT_TRUE(zero.ok()) << zero.status().ToString();
  EXPECT_EQ(zero.value()[0].dims(), (Dims{0, 6}));
  auto scalar = KernelRunner(Library(), "Tile", 13)
                    .Constant(1)
                    .Run({HostTensor::From<float>({}, {5}), Ints({})});
  ASSERT_TRUE(scalar.ok()) << scalar.status().ToString();
  EXPECT_EQ(scalar.value()[0].values<float>(), (std::vector<float>{5}));
}

TEST(Tile, RandomMatchesNaiveReference) {
  std::mt19937 rng(23);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  for (int trial = 0; trial < 100; ++trial) {
    const int rank = pick(1, 4);
    Dims dims(rank), out_dims(rank);
    std::vector<int64_t> repeats(rank);
    for (int d = 0; d < rank; ++d) {
      dims[d] = pick(0, 3);
      repeats[d] = pick(0, 3);
      out_dims[d] = dims[d] * repeats[d];
    }
    auto out =
        KernelRunner(Library(), "Tile", 13).Constant(1).Run({IotaTensor(dims), Ints(repeats)});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    ASSERT_EQ(out.value()[0].dims(), out_dims);
    std::vector<float> expected;
    std::vector<int64_t> idx(rank, 0);
    if (NumElements(out_dims) > 0) {
      do {
        int64_t flat = 0;
        for (int d = 0; d < rank; ++d) flat = flat * dims[d] + idx[d] % dims[d];
        expected.push_back(static_cast<float>(flat));
      } while (testing::Next(idx, out_dims));
    }
    EXPECT_EQ(out.value()[0].values<float>(), expected) << "trial " << trial;
  }
}

TEST(Tile, RejectsBadRepeats) {
  ExpectError(KernelRunner(Library(), "Tile", 13).Constant(1).Run({IotaTensor({2, 2}), Ints({2})}),
              StatusCode::kInvalidArgument,
              "repeats needs one count per axis of input 'input0' of shape [2,2] (expected 2, got "
              "[2])");
  ExpectError(KernelRunner(Library(), "Tile", 13).Constant(1).Run({IotaTensor({2}), Ints({-1})}),
              StatusCode::kInvalidArgument,
              "repeats has a negative count (expected counts >= 0, got [-1])");
  ExpectError(KernelRunner(Library(), "Tile", 13).Run({IotaTensor({2}), Ints({2})}),
              StatusCode::kFailedPrecondition,
              "repeats input 'input1' must be known ahead of time");
  ExpectError(KernelRunner(Library(), "Tile", 13)
                  .Constant(1)
                  .Run({IotaTensor({2}), HostTensor::From<int32_t>({1}, {2})}),
              StatusCode::kInvalidArgument, "(expected int64, got int32)");
}

}  // namespace
}  // namespace onyx::kernels::ref
