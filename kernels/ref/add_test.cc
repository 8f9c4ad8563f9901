#include <gtest/gtest.h>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

TEST(Add, SameShape) {
  auto out = KernelRunner(Library(), "Add", 14).Run({HostTensor::From<float>({2, 2}, {1, 2, 3, 4}),
                                                     HostTensor::From<float>({2, 2}, {10, 20, 30, 40})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].values<float>(), (std::vector<float>{11, 22, 33, 44}));
}

TEST(Add, BroadcastsBothWays) {
  // [3,1] + [1,2] -> [3,2], as numpy does.
  auto out = KernelRunner(Library(), "Add", 14).Run({HostTensor::From<int64_t>({3, 1}, {1, 2, 3}),
                                                     HostTensor::From<int64_t>({1, 2}, {10, 20})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dims(), (Dims{3, 2}));
  EXPECT_EQ(out.value()[0].values<int64_t>(), (std::vector<int64_t>{11, 21, 12, 22, 13, 23}));
}

TEST(Add, BroadcastMiddleAxis) {
  // [2,3,2] + [3,1]: exercises the odometer path.
  std::vector<float> a(12);
  for (int i = 0; i < 12; ++i) a[i] = static_cast<float>(i);
  auto out = KernelRunner(Library(), "Add", 14).Run({HostTensor::From<float>({2, 3, 2}, a),
                                                     HostTensor::From<float>({3, 1}, {100, 200, 300})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  std::vector<float> expected;
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 2; ++k) expected.push_back(a[i * 6 + j * 2 + k] + 100.0f * (j + 1));
  EXPECT_EQ(out.value()[0].values<float>(), expected);
}

TEST(Add, IncompatibleShapesNameBoth) {
  auto out = KernelRunner(Library(), "Add", 14).Run({HostTensor::From<float>({2, 3}, std::vector<float>(6)),
                                                     HostTensor::From<float>({4}, std::vector<float>(4))});
  testing::ExpectError(out, StatusCode::kInvalidArgument, "[2,3] and [4]");
}

TEST(Add, MixedDtypesAreRejected) {
  auto out = KernelRunner(Library(), "Add", 14).Run({HostTensor::From<float>({1}, {1}),
                                                     HostTensor::From<double>({1}, {1})});
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.status().message().find("different dtypes"), std::string::npos);
}

TEST(Add, Opsets1And6BroadcastBOntoAOnlyWhenAsked) {
  const HostTensor a = HostTensor::From<float>({2, 3}, {1, 2, 3, 4, 5, 6});
  for (int opset : {1, 6}) {
    auto suffix = KernelRunner(Library(), "Add", opset)
                      .Attr("broadcast", int64_t{1})
                      .Run({a, HostTensor::From<float>({3}, {4, 5, 6})});
    ASSERT_TRUE(suffix.ok()) << suffix.status().ToString();
    EXPECT_EQ(suffix.value()[0].dims(), (Dims{2, 3}));
    EXPECT_EQ(suffix.value()[0].values<float>(), (std::vector<float>{5, 7, 9, 8, 10, 12}));
    auto axis0 = KernelRunner(Library(), "Add", opset)
                     .Attr("broadcast", int64_t{1})
                     .Attr("axis", int64_t{0})
                     .Run({a, HostTensor::From<float>({2}, {2, 4})});
    ASSERT_TRUE(axis0.ok()) << axis0.status().ToString();
    EXPECT_EQ(axis0.value()[0].values<float>(), (std::vector<float>{3, 4, 5, 8, 9, 10}));
    testing::ExpectError(
        KernelRunner(Library(), "Add", opset).Run({a, HostTensor::From<float>({3}, {4, 5, 6})}),
        StatusCode::kInvalidArgument, "without broadcast=1 (expected [2,3], got [3])");
    testing::ExpectError(KernelRunner(Library(), "Add", opset)
                             .Attr("broadcast", int64_t{1})
                             .Attr("axis", int64_t{2})
                             .Run({a, HostTensor::From<float>({2}, {2, 4})}),
                         StatusCode::kInvalidArgument, "(expected [0, 1], got 2)");
  }
  testing::ExpectError(KernelRunner(Library(), "Add", 7)
                           .Attr("broadcast", int64_t{1})
                           .Run({a, HostTensor::From<float>({3}, {4, 5, 6})}),
                       StatusCode::kInvalidModel, "attribute 'broadcast' was removed in opset 7");
  testing::ExpectError(
      KernelRunner(Library(), "Add", 1)
          .Run({HostTensor::From<int32_t>({1}, {1}), HostTensor::From<int32_t>({1}, {1})}),
      StatusCode::kNotFound, "no kernel for Add opset 1 dtype int32");
}

TEST(Add, Opset6ExpandsExtentsOfOneInB) {
  // ONNX's test_operator_add_size1_broadcast: B [2,1] at axis 0 onto A [2,3].
  auto out = KernelRunner(Library(), "Add", 6)
                 .Attr("broadcast", int64_t{1})
                 .Attr("axis", int64_t{0})
                 .Run({HostTensor::From<double>({2, 3}, {1, 2, 3, 4, 5, 6}),
                       HostTensor::From<double>({2, 1}, {10, 20})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].values<double>(), (std::vector<double>{11, 12, 13, 24, 25, 26}));
  testing::ExpectError(KernelRunner(Library(), "Add", 6)
                           .Attr("broadcast", int64_t{1})
                           .Attr("axis", int64_t{0})
                           .Run({HostTensor::From<double>({2, 3}, {1, 2, 3, 4, 5, 6}),
                                 HostTensor::From<double>({2, 2}, {1, 2, 3, 4})}),
                       StatusCode::kInvalidArgument, "(expected 3 or 1 at its dim 1, got 2)");
}

TEST(Add, HalfTypesComputeInFloatAndRound) {
  const std::vector<float> a = {1, 2, 3, 4, 5, 6}, b = {4, 5, 6};
  std::vector<Float16> ha, hb;
  std::vector<BFloat16> ba, bb;
  for (float v : a) ha.push_back(Float16(v)), ba.push_back(BFloat16(v));
  for (float v : b) hb.push_back(Float16(v)), bb.push_back(BFloat16(v));
  auto h = KernelRunner(Library(), "Add", 7)
               .Run({HostTensor::From<Float16>({2, 3}, ha), HostTensor::From<Float16>({3}, hb)});
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  auto bf = KernelRunner(Library(), "Add", 13)
                .Run({HostTensor::From<BFloat16>({2, 3}, ba), HostTensor::From<BFloat16>({3}, bb)});
  ASSERT_TRUE(bf.ok()) << bf.status().ToString();
  const std::vector<Float16> hv = h.value()[0].values<Float16>();
  const std::vector<BFloat16> bv = bf.value()[0].values<BFloat16>();
  for (int i = 0; i < 6; ++i) {
    const float want = a[i] + b[i % 3];
    EXPECT_EQ(float(hv[i]), float(Float16(want))) << i;
    EXPECT_EQ(float(bv[i]), float(BFloat16(want))) << i;
  }
  testing::ExpectError(
      KernelRunner(Library(), "Add", 12)
          .Run({HostTensor::From<BFloat16>({1}, {BFloat16(1.0f)}),
                HostTensor::From<BFloat16>({1}, {BFloat16(1.0f)})}),
      StatusCode::kNotFound, "no kernel for Add opset 12 dtype bfloat16");
}

}  // namespace
}  // namespace onyx::kernels::ref
