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

std::vector<bool> RunIsInf(KernelRunner runner, const HostTensor& x) {
  auto out = runner.Run({x});
  EXPECT_TRUE(out.ok()) << out.status().ToString();
  if (!out.ok()) return {};
  EXPECT_EQ(out.value()[0].dtype(), DType::kBool);
  EXPECT_EQ(out.value()[0].dims(), x.dims());
  return AsBools(out.value()[0]);
}

const std::vector<float> kExample = {-1.7f, NAN, INFINITY, -3.6f, -INFINITY, INFINITY};

TEST(IsInf, OnnxExamples) {
  // onnx/backend/test/case/node/isinf.py.
  const HostTensor x = HostTensor::From<float>({6}, kExample);
  EXPECT_EQ(RunIsInf(KernelRunner(Library(), "IsInf", 10), x),
            (std::vector<bool>{false, false, true, false, true, true}));
  EXPECT_EQ(RunIsInf(KernelRunner(Library(), "IsInf", 20).Attr("detect_negative", int64_t{0}), x),
            (std::vector<bool>{false, false, true, false, false, true}));
  EXPECT_EQ(RunIsInf(KernelRunner(Library(), "IsInf", 20).Attr("detect_positive", int64_t{0}), x),
            (std::vector<bool>{false, false, false, false, true, false}));
  EXPECT_EQ(RunIsInf(KernelRunner(Library(), "IsInf", 20)
                         .Attr("detect_positive", int64_t{0})
                         .Attr("detect_negative", int64_t{0}),
                     x),
            std::vector<bool>(6, false));
}

TEST(IsInf, DoubleAndHalfTypes) {
  const std::vector<bool> want = {false, false, true, false, true, true};
  const std::vector<double> d(kExample.begin(), kExample.end());
  EXPECT_EQ(RunIsInf(KernelRunner(Library(), "IsInf", 10), HostTensor::From<double>({6}, d)), want);
  const std::vector<Float16> h(kExample.begin(), kExample.end());
  EXPECT_EQ(RunIsInf(KernelRunner(Library(), "IsInf", 20), HostTensor::From<Float16>({2, 3}, h)),
            want);
  const std::vector<BFloat16> b(kExample.begin(), kExample.end());
  EXPECT_EQ(RunIsInf(KernelRunner(Library(), "IsInf", 20), HostTensor::From<BFloat16>({6}, b)),
            want);
}

TEST(IsInf, Float8ByTheirBits) {
  // Only E5M2 has infinities (0x7c, 0xfc); 0x7d is NaN, 0x7b the largest finite.
  HostTensor e5m2 = HostTensor::Allocate(DType::kFloat8E5M2, {4}).value();
  const uint8_t bits[] = {0x7c, 0xfc, 0x7d, 0x7b};
  std::memcpy(e5m2.data(), bits, 4);
  EXPECT_EQ(RunIsInf(KernelRunner(Library(), "IsInf", 20), e5m2),
            (std::vector<bool>{true, true, false, false}));
  EXPECT_EQ(RunIsInf(KernelRunner(Library(), "IsInf", 20).Attr("detect_negative", int64_t{0}),
                     e5m2),
            (std::vector<bool>{true, false, false, false}));
  HostTensor e4m3 = HostTensor::Allocate(DType::kFloat8E4M3FN, {4}).value();
  std::memcpy(e4m3.data(), bits, 4);
  EXPECT_EQ(RunIsInf(KernelRunner(Library(), "IsInf", 20), e4m3), std::vector<bool>(4, false));
}

TEST(IsInf, ScalarAndEmpty) {
  EXPECT_EQ(RunIsInf(KernelRunner(Library(), "IsInf", 20), HostTensor::From<float>({}, {INFINITY})),
            (std::vector<bool>{true}));
  EXPECT_EQ(RunIsInf(KernelRunner(Library(), "IsInf", 20), HostTensor::From<float>({0, 4}, {})),
            (std::vector<bool>{}));
}

TEST(IsInf, RejectsBadAttributes) {
  const HostTensor x = HostTensor::From<float>({1}, {1});
  ExpectError(KernelRunner(Library(), "IsInf", 20).Attr("detect_positive", int64_t{2}).Run({x}),
              StatusCode::kInvalidModel, "attribute 'detect_positive' (expected 0 or 1, got 2)");
  ExpectError(KernelRunner(Library(), "IsInf", 20).Attr("detect_negative", 1.0f).Run({x}),
              StatusCode::kInvalidModel, "attribute 'detect_negative' type");
}

TEST(IsInf, DTypesFollowTheOpset) {
  ExpectError(KernelRunner(Library(), "IsInf", 19)
                  .Run({HostTensor::From<Float16>({1}, {Float16(1.0f)})}),
              StatusCode::kNotFound, "IsInf opset 19 dtype float16");
  ExpectError(KernelRunner(Library(), "IsInf", 9).Run({HostTensor::From<float>({1}, {1})}),
              StatusCode::kNotFound, "IsInf opset 9 dtype float");
  ExpectError(KernelRunner(Library(), "IsInf", 20).Run({HostTensor::From<int64_t>({1}, {1})}),
              StatusCode::kNotFound, "IsInf opset 20 dtype int64");
}

}  // namespace
}  // namespace onyx::kernels::ref
