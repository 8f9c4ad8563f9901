#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

#include "kernels/ref/internal/binary_test_util.h"

namespace onyx::kernels::ref {
namespace {

TEST(Sum, ThreeInputsBroadcastAgainstANaiveReference) {
  std::mt19937 rng(3);
  for (int trial = 0; trial < 50; ++trial) {
    Dims da, db, dout;
    testing::RandomBroadcastShapes(rng, da, db, dout);
    // c: a suffix of the output's dims, some set to 1.
    Dims dc(dout.end() - rng() % (dout.size() + 1), dout.end());
    for (int64_t& d : dc) d = rng() % 2 ? d : 1;
    std::vector<double> a = testing::Random<double>(NumElements(da), rng);
    std::vector<double> b = testing::Random<double>(NumElements(db), rng);
    std::vector<double> c = testing::Random<double>(NumElements(dc), rng);
    auto out = KernelRunner(Library(), "Sum", 13)
                   .Run({HostTensor::From<double>(da, a), HostTensor::From<double>(db, b),
                         HostTensor::From<double>(dc, c)});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    ASSERT_EQ(out.value()[0].dims(), dout);
    const std::vector<double> got = out.value()[0].values<double>();
    for (int64_t i = 0; i < NumElements(dout); ++i) {
      const double want = a[testing::BroadcastOffset(da, dout, i)] +
                          b[testing::BroadcastOffset(db, dout, i)] +
                          c[testing::BroadcastOffset(dc, dout, i)];
      ASSERT_EQ(got[i], want) << i;
    }
  }
}

TEST(Sum, HalvesRoundEachStep) {
  // 2048 + 1 + 1 in float16: each step rounds back to 2048 (numpy agrees).
  auto out = KernelRunner(Library(), "Sum", 13)
                 .Run({testing::Tensor<Float16>({1}, {2048}), testing::Tensor<Float16>({1}, {1}),
                       testing::Tensor<Float16>({1}, {1})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(float(out.value()[0].values<Float16>()[0]), 2048.0f);
  auto bf = KernelRunner(Library(), "Sum", 13)
                .Run({testing::Tensor<BFloat16>({2}, {1, 2}),
                      testing::Tensor<BFloat16>({2}, {0.5, 0.25})});
  ASSERT_TRUE(bf.ok()) << bf.status().ToString();
  EXPECT_EQ(float(bf.value()[0].values<BFloat16>()[1]), 2.25f);
}

TEST(Sum, OpsetsAndErrors) {
  auto one = KernelRunner(Library(), "Sum", 6).Run({testing::Tensor<float>({2}, {1, 2})});
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  EXPECT_EQ(one.value()[0].values<float>(), (std::vector<float>{1, 2}));
  testing::ExpectError(
      KernelRunner(Library(), "Sum", 7)
          .Run({testing::Tensor<float>({2}, {1, 2}), testing::Tensor<float>({}, {1})}),
      StatusCode::kInvalidArgument, "before opset 8");
  testing::ExpectError(
      KernelRunner(Library(), "Sum", 13)
          .Run({testing::Tensor<int32_t>({1}, {1}), testing::Tensor<int32_t>({1}, {1})}),
      StatusCode::kNotFound, "no kernel for Sum opset 13 dtype int32");
  auto empty = KernelRunner(Library(), "Sum", 13)
                   .Run({testing::Tensor<float>({0, 2}, {}), testing::Tensor<float>({2}, {1, 2})});
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_EQ(empty.value()[0].dims(), (Dims{0, 2}));
}

}  // namespace
}  // namespace onyx::kernels::ref
