#include <gtest/gtest.h>

#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

using testing::ExpectError;
using testing::IotaTensor;

TEST(EyeLike, DiagonalsAndDtype) {
  auto main = KernelRunner(Library(), "EyeLike", 9)
                  .Run({HostTensor::From<int32_t>({2, 3}, std::vector<int32_t>(6, 7))});
  ASSERT_TRUE(main.ok()) << main.status().ToString();
  EXPECT_EQ(main.value()[0].values<int32_t>(), (std::vector<int32_t>{1, 0, 0, 0, 1, 0}));
  auto above = KernelRunner(Library(), "EyeLike", 22)
                   .Attr("k", int64_t{1})
                   .Attr("dtype", int64_t{11})
                   .Run({IotaTensor({3, 3})});
  ASSERT_TRUE(above.ok()) << above.status().ToString();
  EXPECT_EQ(above.value()[0].dtype(), DType::kFloat64);
  EXPECT_EQ(above.value()[0].values<double>(), (std::vector<double>{0, 1, 0, 0, 0, 1, 0, 0, 0}));
  auto below =
      KernelRunner(Library(), "EyeLike", 22).Attr("k", int64_t{-2}).Run({IotaTensor({4, 2})});
  ASSERT_TRUE(below.ok()) << below.status().ToString();
  EXPECT_EQ(below.value()[0].values<float>(), (std::vector<float>{0, 0, 0, 0, 1, 0, 0, 1}));
  auto outside =
      KernelRunner(Library(), "EyeLike", 22).Attr("k", int64_t{1} << 62).Run({IotaTensor({2, 2})});
  ASSERT_TRUE(outside.ok()) << outside.status().ToString();
  EXPECT_EQ(outside.value()[0].values<float>(), (std::vector<float>{0, 0, 0, 0}));
  auto flags =
      KernelRunner(Library(), "EyeLike", 22).Attr("dtype", int64_t{9}).Run({IotaTensor({1, 1})});
  ASSERT_TRUE(flags.ok()) << flags.status().ToString();
  EXPECT_TRUE(*static_cast<const bool*>(flags.value()[0].data()));
}

TEST(EyeLike, RejectsBadInputs) {
  ExpectError(KernelRunner(Library(), "EyeLike", 22).Run({IotaTensor({3})}),
              StatusCode::kInvalidArgument,
              "input 'input0' has rank 1 (expected 2, got shape [3])");
  ExpectError(
      KernelRunner(Library(), "EyeLike", 22).Attr("dtype", int64_t{8}).Run({IotaTensor({2, 2})}),
      StatusCode::kInvalidModel, "attribute 'dtype' is not supported (expected one of");
  ExpectError(
      KernelRunner(Library(), "EyeLike", 22).Attr("dtype", int64_t{99}).Run({IotaTensor({2, 2})}),
      StatusCode::kInvalidModel, "got an unknown type (99))");
}

}  // namespace
}  // namespace onyx::kernels::ref
