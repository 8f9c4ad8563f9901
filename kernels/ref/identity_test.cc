#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

TEST(Identity, CopiesFloatsBitForBit) {
  auto out = KernelRunner(Library(), "Identity", 14)
                 .Run({HostTensor::From<float>({2, 2}, {1.5f, -0.0f, NAN, INFINITY})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  const HostTensor& y = out.value()[0];
  EXPECT_EQ(y.dtype(), DType::kFloat32);
  EXPECT_EQ(y.dims(), (Dims{2, 2}));
  std::vector<float> v = y.values<float>();
  EXPECT_EQ(v[0], 1.5f);
  EXPECT_TRUE(std::signbit(v[1]));
  EXPECT_TRUE(std::isnan(v[2]));
  EXPECT_EQ(v[3], INFINITY);
}

TEST(Identity, EveryDtype) {
  auto check = [](auto tag) {
    using T = decltype(tag);
    auto out =
        KernelRunner(Library(), "Identity", 1).Run({HostTensor::From<T>({3}, {T(1), T(0), T(1)})});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    EXPECT_EQ(out.value()[0].template values<T>(), (std::vector<T>{T(1), T(0), T(1)}));
  };
  check(float{}), check(double{}), check(int8_t{}), check(int16_t{}), check(int32_t{});
  check(int64_t{}), check(uint8_t{}), check(uint16_t{}), check(uint32_t{}), check(uint64_t{});
  auto out =
      KernelRunner(Library(), "Identity", 1).Run({testing::BoolTensor({3}, {true, false, true})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dtype(), DType::kBool);
  EXPECT_EQ(out.value()[0].values<bool>(), (std::vector<bool>{true, false, true}));
}

TEST(Identity, MovesFloat16AndComplexAsBytes) {
  for (DType dtype : {DType::kFloat16, DType::kBFloat16, DType::kComplex128}) {
    HostTensor x = HostTensor::Allocate(dtype, {3}).value();
    for (size_t i = 0; i < x.nbytes(); ++i)
      static_cast<uint8_t*>(x.data())[i] = static_cast<uint8_t>(i * 7 + 1);
    auto out = KernelRunner(Library(), "Identity", 14).Run({x});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    ASSERT_EQ(out.value()[0].dtype(), dtype);
    ASSERT_EQ(out.value()[0].nbytes(), x.nbytes());
    EXPECT_EQ(std::memcmp(out.value()[0].data(), x.data(), x.nbytes()), 0) << DTypeName(dtype);
  }
}

TEST(Identity, ScalarAndEmpty) {
  auto scalar = KernelRunner(Library(), "Identity", 16).Run({HostTensor::From<int64_t>({}, {42})});
  ASSERT_TRUE(scalar.ok()) << scalar.status().ToString();
  EXPECT_EQ(scalar.value()[0].dims(), (Dims{}));
  EXPECT_EQ(scalar.value()[0].values<int64_t>(), (std::vector<int64_t>{42}));
  auto empty = KernelRunner(Library(), "Identity", 16).Run({HostTensor::From<float>({4, 0}, {})});
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_EQ(empty.value()[0].dims(), (Dims{4, 0}));
}

TEST(Identity, RejectsWrongInputCount) {
  auto out = KernelRunner(Library(), "Identity", 14)
                 .Run({HostTensor::From<float>({1}, {1}), HostTensor::From<float>({1}, {1})});
  testing::ExpectError(out, StatusCode::kInvalidModel, "expected 1 inputs, got 2");
}

}  // namespace
}  // namespace onyx::kernels::ref
