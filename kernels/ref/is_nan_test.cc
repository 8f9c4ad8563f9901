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

std::vector<bool> AsBools(const HostTensor& t) {
  const bool* p = static_cast<const bool*>(t.data());
  return std::vector<bool>(p, p + NumElements(t.dims()));
}

template <typename T>
std::vector<bool> RunIsNaN(int opset, const std::vector<T>& x) {
  auto out = KernelRunner(Library(), "IsNaN", opset)
                 .Run({HostTensor::From<T>({static_cast<int64_t>(x.size())}, x)});
  EXPECT_TRUE(out.ok()) << out.status().ToString();
  if (!out.ok()) return {};
  EXPECT_EQ(out.value()[0].dtype(), DType::kBool);
  return AsBools(out.value()[0]);
}

// A tensor of the 8-bit float `dtype` holding the raw bytes `bits`.
HostTensor Float8Tensor(DType dtype, const std::vector<uint8_t>& bits) {
  HostTensor t = HostTensor::Allocate(dtype, {static_cast<int64_t>(bits.size())}).value();
  std::memcpy(t.data(), bits.data(), bits.size());
  return t;
}

TEST(IsNaN, OnnxExample) {
  // onnx/backend/test/case/node/isnan.py.
  EXPECT_EQ(RunIsNaN<float>(20, {-1.2f, NAN, INFINITY, 2.8f, -INFINITY, INFINITY}),
            (std::vector<bool>{false, true, false, false, false, false}));
}

TEST(IsNaN, EveryFloatType) {
  const std::vector<bool> want = {true, false, false, false};
  EXPECT_EQ(RunIsNaN<double>(9, {NAN, 0, -INFINITY, 1e300}), want);
  EXPECT_EQ(RunIsNaN<Float16>(9, {Float16(NAN), Float16(0.0f), Float16(INFINITY),
                                  Float16(65504.0f)}),
            want);
  EXPECT_EQ(RunIsNaN<BFloat16>(13, {BFloat16(NAN), BFloat16(0.0f), BFloat16(-INFINITY),
                                    BFloat16(1e38f)}),
            want);
}

TEST(IsNaN, Float8ByTheirBits) {
  struct Case {
    DType dtype;
    std::vector<uint8_t> bits;
    std::vector<bool> want;
  };
  const Case cases[] = {
      // E4M3FN: S.1111.111 is NaN; 0x7e is 448, the largest finite value.
      {DType::kFloat8E4M3FN, {0x7f, 0xff, 0x7e, 0x00}, {true, true, false, false}},
      // E5M2: exponent 11111 with a nonzero mantissa is NaN, 0x7c is +inf.
      {DType::kFloat8E5M2, {0x7d, 0xfe, 0x7c, 0xfc, 0x7b}, {true, true, false, false, false}},
      // FNUZ: only 0x80 (negative zero's encoding) is NaN.
      {DType::kFloat8E4M3FNUZ, {0x80, 0x7f, 0x00}, {true, false, false}},
      {DType::kFloat8E5M2FNUZ, {0x80, 0xff, 0x7c}, {true, false, false}},
  };
  for (const Case& c : cases) {
    auto out = KernelRunner(Library(), "IsNaN", 20).Run({Float8Tensor(c.dtype, c.bits)});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    EXPECT_EQ(AsBools(out.value()[0]), c.want) << DTypeName(c.dtype);
  }
}

TEST(IsNaN, ScalarAndEmpty) {
  auto scalar = KernelRunner(Library(), "IsNaN", 13).Run({HostTensor::From<float>({}, {NAN})});
  ASSERT_TRUE(scalar.ok()) << scalar.status().ToString();
  EXPECT_EQ(scalar.value()[0].dims(), (Dims{}));
  EXPECT_EQ(AsBools(scalar.value()[0]), (std::vector<bool>{true}));
  auto empty = KernelRunner(Library(), "IsNaN", 13).Run({HostTensor::From<float>({2, 0}, {})});
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_EQ(empty.value()[0].dims(), (Dims{2, 0}));
}

TEST(IsNaN, DTypesFollowTheOpset) {
  ExpectError(
      KernelRunner(Library(), "IsNaN", 12).Run({HostTensor::From<BFloat16>({1}, {BFloat16(1.0f)})}),
      StatusCode::kNotFound, "IsNaN opset 12 dtype bfloat16");
  ExpectError(KernelRunner(Library(), "IsNaN", 19).Run({Float8Tensor(DType::kFloat8E5M2, {0})}),
              StatusCode::kNotFound, "IsNaN opset 19 dtype float8e5m2");
  ExpectError(KernelRunner(Library(), "IsNaN", 20).Run({HostTensor::From<int32_t>({1}, {1})}),
              StatusCode::kNotFound, "IsNaN opset 20 dtype int32");
  ExpectError(KernelRunner(Library(), "IsNaN", 8).Run({HostTensor::From<float>({1}, {1})}),
              StatusCode::kNotFound, "IsNaN opset 8 dtype float");
}

}  // namespace
}  // namespace onyx::kernels::ref
