#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "kernels/ref/internal/binary_test_util.h"

namespace onyx::kernels::ref {
namespace {

TEST(BitwiseOr, RandomBroadcastMatchesNaiveReference) {
  testing::CheckBinaryRandom<int8_t, int8_t>(
      "BitwiseOr", 18, 1, testing::IntsIn<int8_t>(-128, 127),
      [](int8_t a, int8_t b) { return static_cast<int8_t>(a | b); });
  testing::CheckBinaryRandom<uint16_t, uint16_t>(
      "BitwiseOr", 18, 2, testing::IntsIn<uint16_t>(0, 65535),
      [](uint16_t a, uint16_t b) { return static_cast<uint16_t>(a | b); });
  testing::CheckBinaryRandom<int64_t, int64_t>("BitwiseOr", 18, 3,
                                               testing::IntsIn<int64_t>(INT64_MIN, INT64_MAX),
                                               [](int64_t a, int64_t b) { return a | b; });
  testing::CheckBinaryRandom<uint32_t, uint32_t>("BitwiseOr", 18, 4,
                                                 testing::IntsIn<uint32_t>(0, UINT32_MAX),
                                                 [](uint32_t a, uint32_t b) { return a | b; });
}

TEST(BitwiseOr, Golden) {
  auto out = KernelRunner(Library(), "BitwiseOr", 18)
                 .Run({testing::Tensor<uint8_t>({3}, {0xF0, 0xFF, 0x0F}),
                       testing::Tensor<uint8_t>({}, {0x3C})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].values<uint8_t>(),
            (std::vector<uint8_t>{0xF0 | 0x3C, 0xFF | 0x3C, 0x0F | 0x3C}));
}

TEST(BitwiseOr, IntegersOnly) {
  const HostTensor f = testing::Tensor<float>({1}, {1});
  testing::ExpectError(KernelRunner(Library(), "BitwiseOr", 18).Run({f, f}), StatusCode::kNotFound,
                       "no kernel for BitwiseOr opset 18 dtype float");
  const HostTensor i = testing::Tensor<int32_t>({1}, {1});
  testing::ExpectError(KernelRunner(Library(), "BitwiseOr", 17).Run({i, i}), StatusCode::kNotFound,
                       "opset 17");
  testing::ExpectError(
      KernelRunner(Library(), "BitwiseOr", 18).Run({i, testing::Tensor<uint32_t>({1}, {1})}),
      StatusCode::kInvalidArgument, "different dtypes (expected int32");
}

}  // namespace
}  // namespace onyx::kernels::ref
