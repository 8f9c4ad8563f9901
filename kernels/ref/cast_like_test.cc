#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

using testing::ExpectError;

HostTensor Like(DType dtype) { return HostTensor::Allocate(dtype, {0}).value(); }

TEST(CastLike, TakesTheDtypeOfItsSecondInputNotItsShape) {
  auto out = KernelRunner(Library(), "CastLike", 15)
                 .Run({HostTensor::From<float>({2, 2}, {1.5f, -2.5f, 300, 0}), Like(DType::kInt8)});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dims(), (Dims{2, 2}));
  EXPECT_EQ(out.value()[0].values<int8_t>(), (std::vector<int8_t>{1, -2, 44, 0}));
}

TEST(CastLike, SaturateAppliesToFloat8) {
  const HostTensor x = HostTensor::From<float>({2}, {1e6f, -1e6f});
  auto sat = KernelRunner(Library(), "CastLike", 19).Run({x, Like(DType::kFloat8E4M3FN)});
  ASSERT_TRUE(sat.ok()) << sat.status().ToString();
  EXPECT_EQ(sat.value()[0].values<uint8_t>(), (std::vector<uint8_t>{0x7E, 0xFE}));
  auto nosat = KernelRunner(Library(), "CastLike", 19)
                   .Attr("saturate", int64_t{0})
                   .Run({x, Like(DType::kFloat8E4M3FN)});
  ASSERT_TRUE(nosat.ok()) << nosat.status().ToString();
  EXPECT_EQ(nosat.value()[0].values<uint8_t>(), (std::vector<uint8_t>{0x7F, 0xFF}));
}

TEST(CastLike, SubByteTargetsFromOpset21) {
  auto out = KernelRunner(Library(), "CastLike", 21)
                 .Run({HostTensor::From<int32_t>({3}, {-1, 7, 9}), Like(DType::kInt4)});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dtype(), DType::kInt4);
  EXPECT_EQ(out.value()[0].values<uint8_t>(), (std::vector<uint8_t>{15, 7, 9}));
}

TEST(CastLike, RejectsTypesItsVersionLacks) {
  const HostTensor x = HostTensor::From<float>({1}, {1});
  ExpectError(KernelRunner(Library(), "CastLike", 15).Run({x, Like(DType::kFloat8E5M2)}),
              StatusCode::kInvalidModel, "got float8e5m2");
  // There is no CastLike 28: float6 stays out at any opset.
  ExpectError(KernelRunner(Library(), "CastLike", 28).Run({x, Like(DType::kFloat6E2M3)}),
              StatusCode::kInvalidModel, "got float6e2m3");
  ExpectError(KernelRunner(Library(), "CastLike", 15)
                  .Attr("saturate", int64_t{1})
                  .Run({x, Like(DType::kInt8)}),
              StatusCode::kInvalidModel, "attribute 'saturate' is not defined before opset 19");
  ExpectError(KernelRunner(Library(), "CastLike", 15).Run({x}), StatusCode::kInvalidModel,
              "expected 2 inputs, got 1");
}

}  // namespace
}  // namespace onyx::kernels::ref
