#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

#include "kernels/ref/internal/binary_test_util.h"

namespace onyx::kernels::ref {
namespace {

TEST(Where, ThreeWayBroadcastMatchesANaiveReference) {
  std::mt19937 rng(21);
  for (int trial = 0; trial < 100; ++trial) {
    Dims dx, dy, dout;
    testing::RandomBroadcastShapes(rng, dx, dy, dout);
    Dims dc(dout.end() - rng() % (dout.size() + 1), dout.end());
    for (int64_t& d : dc) d = rng() % 2 ? d : 1;
    std::vector<bool> c(NumElements(dc));
    for (size_t i = 0; i < c.size(); ++i) c[i] = rng() % 2;
    std::vector<int64_t> x(NumElements(dx)), y(NumElements(dy));
    for (int64_t& v : x) v = static_cast<int64_t>(rng());
    for (int64_t& v : y) v = -static_cast<int64_t>(rng());
    auto out = KernelRunner(Library(), "Where", 16)
                   .Run({testing::FromValues<bool>(dc, c), HostTensor::From<int64_t>(dx, x),
                         HostTensor::From<int64_t>(dy, y)});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    ASSERT_EQ(out.value()[0].dims(), dout);
    const std::vector<int64_t> got = out.value()[0].values<int64_t>();
    for (int64_t i = 0; i < NumElements(dout); ++i) {
      const int64_t want = c[testing::BroadcastOffset(dc, dout, i)]
                               ? x[testing::BroadcastOffset(dx, dout, i)]
                               : y[testing::BroadcastOffset(dy, dout, i)];
      ASSERT_EQ(got[i], want) << i;
    }
  }
}

TEST(Where, MovesAnyFixedSizeType) {
  const HostTensor cond = testing::BoolTensor({2, 2}, {true, false, false, true});
  auto f = KernelRunner(Library(), "Where", 9)
               .Run({cond, testing::Tensor<float>({2, 2}, {1, 2, 3, 4}),
                     testing::Tensor<float>({2, 2}, {9, 8, 7, 6})});
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  EXPECT_EQ(f.value()[0].values<float>(), (std::vector<float>{1, 8, 7, 4}));
  auto b = KernelRunner(Library(), "Where", 9)
               .Run({cond, testing::BoolTensor({1}, {true}), testing::BoolTensor({1}, {false})});
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_EQ(b.value()[0].values<uint8_t>(), (std::vector<uint8_t>{1, 0, 0, 1}));
  auto h = KernelRunner(Library(), "Where", 16)
               .Run({cond, testing::Tensor<BFloat16>({}, {1.5}),
                     testing::Tensor<BFloat16>({2}, {-1, -2})});
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  std::vector<BFloat16> v = h.value()[0].values<BFloat16>();
  EXPECT_EQ(float(v[0]), 1.5f);
  EXPECT_EQ(float(v[1]), -2.0f);
  EXPECT_EQ(float(v[2]), -1.0f);
  EXPECT_EQ(float(v[3]), 1.5f);
}

TEST(Where, Errors) {
  const HostTensor cond = testing::BoolTensor({2}, {true, false});
  const HostTensor bf = testing::Tensor<BFloat16>({2}, {1, 2});
  testing::ExpectError(KernelRunner(Library(), "Where", 9).Run({cond, bf, bf}),
                       StatusCode::kUnsupported, "got bfloat16");
  testing::ExpectError(
      KernelRunner(Library(), "Where", 16)
          .Run({cond, testing::Tensor<float>({2}, {1, 2}), testing::Tensor<double>({2}, {1, 2})}),
      StatusCode::kInvalidArgument, "(expected float like input");
  testing::ExpectError(
      KernelRunner(Library(), "Where", 16)
          .Run({testing::BoolTensor({3}, {true, true, true}), testing::Tensor<float>({2}, {1, 2}),
                testing::Tensor<float>({2}, {1, 2})}),
      StatusCode::kInvalidArgument, "[3] and [2] cannot be broadcast");
  testing::ExpectError(
      KernelRunner(Library(), "Where", 16)
          .Run({testing::Tensor<int32_t>({1}, {1}), testing::Tensor<float>({1}, {1}),
                testing::Tensor<float>({1}, {1})}),
      StatusCode::kNotFound, "no kernel for Where opset 16 dtype int32");
}

}  // namespace
}  // namespace onyx::kernels::ref
