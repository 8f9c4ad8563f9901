#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "kernels/ref/internal/binary_test_util.h"

namespace onyx::kernels::ref {
namespace {

TEST(Equal, RandomBroadcastMatchesNaiveReference) {
  testing::CheckBinaryRandom<int32_t, bool>("Equal", 13, 1, testing::IntsIn<int32_t>(-2, 2),
                                            [](int32_t a, int32_t b) { return a == b; });
  testing::CheckBinaryRandom<uint64_t, bool>("Equal", 13, 2, testing::IntsIn<uint64_t>(0, 2),
                                             [](uint64_t a, uint64_t b) { return a == b; });
  testing::CheckBinaryRandom<bool, bool>("Equal", 13, 3, testing::IntsIn<bool>(0, 1),
                                         [](bool a, bool b) { return a == b; });
}

TEST(Equal, FloatsHalvesAndNaN) {
  const std::vector<double> a = {1.5, NAN, -0.0, 3}, b = {1.5, NAN, 0.0, 3.0001};
  const std::vector<uint8_t> want = {1, 0, 1, 0};
  auto run = [&](HostTensor x, HostTensor y, std::vector<uint8_t> expected) {
    auto out = KernelRunner(Library(), "Equal", 13).Run({x, y});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    EXPECT_EQ(out.value()[0].dtype(), DType::kBool);
    EXPECT_EQ(out.value()[0].values<uint8_t>(), expected);
  };
  run(testing::Tensor<float>({4}, a), testing::Tensor<float>({4}, b), want);
  run(testing::Tensor<double>({4}, a), testing::Tensor<double>({4}, b), want);
  // 3.0001 rounds to 3 in both 16-bit formats.
  run(testing::Tensor<Float16>({4}, a), testing::Tensor<Float16>({4}, b), {1, 0, 1, 1});
  run(testing::Tensor<BFloat16>({4}, a), testing::Tensor<BFloat16>({4}, b), {1, 0, 1, 1});
}

TEST(Equal, Opset1BroadcastsOnlyWithTheAttribute) {
  const HostTensor a = testing::Tensor<int32_t>({2, 3}, {1, 2, 3, 4, 5, 6});
  auto suffix = KernelRunner(Library(), "Equal", 1)
                    .Attr("broadcast", int64_t{1})
                    .Run({a, testing::Tensor<int32_t>({3}, {1, 5, 6})});
  ASSERT_TRUE(suffix.ok()) << suffix.status().ToString();
  EXPECT_EQ(suffix.value()[0].values<uint8_t>(), (std::vector<uint8_t>{1, 0, 0, 0, 1, 1}));
  auto axis0 = KernelRunner(Library(), "Equal", 1)
                   .Attr("broadcast", int64_t{1})
                   .Attr("axis", int64_t{0})
                   .Run({a, testing::Tensor<int32_t>({2}, {2, 4})});
  ASSERT_TRUE(axis0.ok()) << axis0.status().ToString();
  EXPECT_EQ(axis0.value()[0].values<uint8_t>(), (std::vector<uint8_t>{0, 1, 0, 1, 0, 0}));
  testing::ExpectError(
      KernelRunner(Library(), "Equal", 1).Run({a, testing::Tensor<int32_t>({3}, {1, 2, 3})}),
      StatusCode::kInvalidArgument, "without broadcast=1 (expected [2,3], got [3])");
}

TEST(Equal, TypesFollowTheOpset) {
  const HostTensor f = testing::Tensor<float>({1}, {1});
  testing::ExpectError(KernelRunner(Library(), "Equal", 7).Run({f, f}), StatusCode::kNotFound,
                       "no kernel for Equal opset 7 dtype float");
  ASSERT_TRUE(KernelRunner(Library(), "Equal", 11).Run({f, f}).ok());
  const HostTensor bf = testing::Tensor<BFloat16>({1}, {1});
  testing::ExpectError(KernelRunner(Library(), "Equal", 12).Run({bf, bf}), StatusCode::kNotFound,
                       "dtype bfloat16");
  testing::ExpectError(
      KernelRunner(Library(), "Equal", 13).Run({f, testing::Tensor<double>({1}, {1})}),
      StatusCode::kInvalidArgument, "different dtypes (expected float");
  testing::ExpectError(
      KernelRunner(Library(), "Equal", 13).Attr("broadcast", int64_t{1}).Run({f, f}),
      StatusCode::kInvalidModel, "attribute 'broadcast' was removed in opset 7");
}

TEST(Equal, StringsFromOpset19) {
  HostTensor a = HostTensor::FromStrings({2, 2}, {"a", "b", "", std::string("a\0", 2)});
  HostTensor b = HostTensor::FromStrings({2}, {"a", ""});
  auto out = KernelRunner(Library(), "Equal", 19).Run({a, b});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].values<uint8_t>(), (std::vector<uint8_t>{1, 0, 0, 0}));
  EXPECT_FALSE(KernelRunner(Library(), "Equal", 13).Run({a, b}).ok());  // Not a type of Equal 13.
}

}  // namespace
}  // namespace onyx::kernels::ref
