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

}  // namespace
}  // namespace onyx::kernels::ref
