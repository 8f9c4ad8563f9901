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

Result<std::vector<HostTensor>> BitCast(const HostTensor& x, DType to) {
  return KernelRunner(Library(), "BitCast", 26).Attr("to", static_cast<int64_t>(to)).Run({x});
}

TEST(BitCast, KeepsTheBitsOfEachElement) {
  const std::vector<float> f = {1.0f, -2.5f, 0.0f, 3.4e38f};
  auto out = BitCast(HostTensor::From<float>({2, 2}, f), DType::kInt32);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dims(), (Dims{2, 2}));
  std::vector<int32_t> want(4);
  std::memcpy(want.data(), f.data(), 16);
  EXPECT_EQ(out.value()[0].values<int32_t>(), want);
  auto back = BitCast(out.value()[0], DType::kFloat32);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back.value()[0].values<float>(), f);
  auto u16 = BitCast(HostTensor::From<uint16_t>({2}, {0xFFFF, 0x3C00}), DType::kFloat16);
  ASSERT_TRUE(u16.ok()) << u16.status().ToString();
  EXPECT_EQ(static_cast<float>(u16.value()[0].values<Float16>()[1]), 1.0f);
  auto scalar = BitCast(HostTensor::From<double>({}, {1.0}), DType::kUInt64);
  ASSERT_TRUE(scalar.ok()) << scalar.status().ToString();
  EXPECT_EQ(scalar.value()[0].values<uint64_t>(), (std::vector<uint64_t>{0x3FF0000000000000u}));
}

TEST(BitCast, SubByteTypesKeepOnlyTheirBits) {
  HostTensor i4 = HostTensor::Allocate(DType::kInt4, {3}).value();
  const uint8_t bytes[] = {0xFF, 0x08, 0x17};  // -1, -8, 7 with junk above the low nibble.
  std::memcpy(i4.data(), bytes, 3);
  auto out = BitCast(i4, DType::kUInt4);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].values<uint8_t>(), (std::vector<uint8_t>{15, 8, 7}));
  auto f4 = BitCast(i4, DType::kFloat4E2M1);
  ASSERT_TRUE(f4.ok()) << f4.status().ToString();
  EXPECT_EQ(f4.value()[0].dtype(), DType::kFloat4E2M1);
}

TEST(BitCast, BoolAndEmpty) {
  auto b = BitCast(testing::BoolTensor({2}, {true, false}), DType::kUInt8);
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_EQ(b.value()[0].values<uint8_t>(), (std::vector<uint8_t>{1, 0}));
  auto empty = BitCast(HostTensor::From<int64_t>({0, 2}, {}), DType::kFloat64);
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_EQ(empty.value()[0].dims(), (Dims{0, 2}));
}

TEST(BitCast, RejectsOtherWidthsAndBadTargets) {
  const HostTensor x = HostTensor::From<float>({1}, {1});
  ExpectError(BitCast(x, DType::kInt64), StatusCode::kInvalidArgument,
              "(expected 32 bits, got 64)");
  ExpectError(BitCast(x, DType::kString), StatusCode::kUnsupported,
              "string tensors are not supported yet");
  ExpectError(BitCast(x, DType::kFloat6E2M3), StatusCode::kInvalidModel, "got 27");
  ExpectError(KernelRunner(Library(), "BitCast", 26).Run({x}), StatusCode::kInvalidModel,
              "attribute 'to' is required");
  ExpectError(KernelRunner(Library(), "BitCast", 25).Attr("to", int64_t{6}).Run({x}),
              StatusCode::kNotFound, "BitCast");
}

}  // namespace
}  // namespace onyx::kernels::ref
