#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

const HostTensor kAbsent;  // An omitted optional input.

TEST(Clip, MinAndMaxInputs) {
  // The ONNX Clip example: clip([-2, 0, 2], -1, 1) = [-1, 0, 1].
  auto out = KernelRunner(Library(), "Clip", 13)
                 .Run({HostTensor::From<float>({3}, {-2, 0, 2}), HostTensor::From<float>({}, {-1}),
                       HostTensor::From<float>({}, {1})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].values<float>(), (std::vector<float>{-1, 0, 1}));
}

TEST(Clip, OmittedBoundsAreOpen) {
  auto min_only =
      KernelRunner(Library(), "Clip", 11)
          .Run({HostTensor::From<float>({3}, {-5, 0, 5}), HostTensor::From<float>({}, {0})});
  ASSERT_TRUE(min_only.ok()) << min_only.status().ToString();
  EXPECT_EQ(min_only.value()[0].values<float>(), (std::vector<float>{0, 0, 5}));

  auto max_only = KernelRunner(Library(), "Clip", 11)
                      .Run({HostTensor::From<float>({3}, {-5, 0, 5}), kAbsent,
                            HostTensor::From<float>({}, {0})});
  ASSERT_TRUE(max_only.ok()) << max_only.status().ToString();
  EXPECT_EQ(max_only.value()[0].values<float>(), (std::vector<float>{-5, 0, 0}));

  auto neither = KernelRunner(Library(), "Clip", 12)
                     .Run({HostTensor::From<int64_t>({2}, {std::numeric_limits<int64_t>::min(),
                                                           std::numeric_limits<int64_t>::max()})});
  ASSERT_TRUE(neither.ok()) << neither.status().ToString();
  EXPECT_EQ(neither.value()[0].values<int64_t>(),
            (std::vector<int64_t>{std::numeric_limits<int64_t>::min(),
                                  std::numeric_limits<int64_t>::max()}));
}

TEST(Clip, InfinityMeetsTheNumericLimitsDefault) {
  // The spec's absent bounds are numeric_limits lowest()/max(), so +-inf clip
  // to the largest finite float, as in ONNX Runtime.
  const float inf = std::numeric_limits<float>::infinity();
  auto out = KernelRunner(Library(), "Clip", 13).Run({HostTensor::From<float>({2}, {-inf, inf})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].values<float>(),
            (std::vector<float>{std::numeric_limits<float>::lowest(),
                                std::numeric_limits<float>::max()}));
}

TEST(Clip, MinAboveMaxGivesMax) {
  auto out = KernelRunner(Library(), "Clip", 13)
                 .Run({HostTensor::From<int32_t>({3}, {-5, 1, 5}),
                       HostTensor::From<int32_t>({}, {3}), HostTensor::From<int32_t>({}, {2})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].values<int32_t>(), (std::vector<int32_t>{2, 2, 2}));
}

TEST(Clip, NaNStaysNaN) {
  auto out = KernelRunner(Library(), "Clip", 13)
                 .Run({HostTensor::From<double>({2}, {NAN, 7}), HostTensor::From<double>({}, {0}),
                       HostTensor::From<double>({}, {1})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  std::vector<double> v = out.value()[0].values<double>();
  EXPECT_TRUE(std::isnan(v[0]));
  EXPECT_EQ(v[1], 1);
}

TEST(Clip, EveryNumericDtypeFromOpset12) {
  auto check = [](auto tag) {
    using T = decltype(tag);
    auto out = KernelRunner(Library(), "Clip", 12)
                   .Run({HostTensor::From<T>({3}, {T(1), T(5), T(9)}),
                         HostTensor::From<T>({}, {T(3)}), HostTensor::From<T>({}, {T(7)})});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    EXPECT_EQ(out.value()[0].template values<T>(), (std::vector<T>{T(3), T(5), T(7)}));
  };
  check(float{}), check(double{}), check(int8_t{}), check(int16_t{}), check(int32_t{});
  check(int64_t{}), check(uint8_t{}), check(uint16_t{}), check(uint32_t{}), check(uint64_t{});
}

TEST(Clip, IntegersNeedOpset12) {
  testing::ExpectError(
      KernelRunner(Library(), "Clip", 11).Run({HostTensor::From<int32_t>({1}, {1})}),
      StatusCode::kNotFound, "no kernel for Clip opset 11 dtype int32");
}

TEST(Clip, Opset6AttributesAndDefaults) {
  auto out = KernelRunner(Library(), "Clip", 6)
                 .Attr("min", -1.0f)
                 .Attr("max", 1.0f)
                 .Run({HostTensor::From<float>({3}, {-2, 0.5f, 2})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].values<float>(), (std::vector<float>{-1, 0.5f, 1}));

  // Clip-6's defaults are -/+3.402823e+38 even for double.
  auto defaults =
      KernelRunner(Library(), "Clip", 6).Run({HostTensor::From<double>({2}, {-1e300, 1e300})});
  ASSERT_TRUE(defaults.ok()) << defaults.status().ToString();
  EXPECT_EQ(defaults.value()[0].values<double>(),
            (std::vector<double>{static_cast<double>(-3.402823e+38f),
                                 static_cast<double>(3.402823e+38f)}));

  auto only_min = KernelRunner(Library(), "Clip", 10)
                      .Attr("min", 0.0f)
                      .Run({HostTensor::From<float>({2}, {-3, 3})});
  ASSERT_TRUE(only_min.ok()) << only_min.status().ToString();
  EXPECT_EQ(only_min.value()[0].values<float>(), (std::vector<float>{0, 3}));
}

TEST(Clip, Opset1HasNoDefaults) {
  auto out =
      KernelRunner(Library(), "Clip", 1).Run({HostTensor::From<double>({2}, {-1e300, 1e300})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].values<double>(), (std::vector<double>{-1e300, 1e300}));
}

TEST(Clip, BoundOfShapeOneIsAccepted) {
  auto out = KernelRunner(Library(), "Clip", 13)
                 .Run({HostTensor::From<float>({2}, {-2, 2}), HostTensor::From<float>({1}, {-1})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].values<float>(), (std::vector<float>{-1, 2}));
}

TEST(Clip, EmptyAndScalarInputs) {
  auto empty = KernelRunner(Library(), "Clip", 13)
                   .Run({HostTensor::From<float>({0, 2}, {}), HostTensor::From<float>({}, {0})});
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_EQ(empty.value()[0].dims(), (Dims{0, 2}));
  auto scalar =
      KernelRunner(Library(), "Clip", 13)
          .Run({HostTensor::From<float>({}, {9}), kAbsent, HostTensor::From<float>({}, {4})});
  ASSERT_TRUE(scalar.ok()) << scalar.status().ToString();
  EXPECT_EQ(scalar.value()[0].dims(), (Dims{}));
  EXPECT_EQ(scalar.value()[0].values<float>(), (std::vector<float>{4}));
}

TEST(Clip, RejectsBadBounds) {
  testing::ExpectError(
      KernelRunner(Library(), "Clip", 13)
          .Run({HostTensor::From<float>({2}, {1, 2}), HostTensor::From<float>({2}, {0, 0})}),
      StatusCode::kInvalidArgument,
      "min input 'input1' must be a scalar (expected shape [], got [2])");
  testing::ExpectError(
      KernelRunner(Library(), "Clip", 13)
          .Run({HostTensor::From<float>({2}, {1, 2}), kAbsent, HostTensor::From<double>({}, {0})}),
      StatusCode::kInvalidArgument,
      "max input 'input2' dtype differs from input 'input0' (expected float, got double)");
  testing::ExpectError(
      KernelRunner(Library(), "Clip", 6)
          .Run({HostTensor::From<float>({1}, {1}), HostTensor::From<float>({}, {0})}),
      StatusCode::kInvalidModel, "expected 1 inputs, got 2");
  testing::ExpectError(KernelRunner(Library(), "Clip", 6)
                           .Attr("min", int64_t{0})
                           .Run({HostTensor::From<float>({1}, {1})}),
                       StatusCode::kInvalidModel, "attribute 'min' type (expected float, got int)");
}

}  // namespace
}  // namespace onyx::kernels::ref
