#include <gtest/gtest.h>

#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

TEST(Size, CountsElements) {
  for (const Dims& dims : {Dims{3, 4, 5}, Dims{}, Dims{2, 0}}) {
    auto out = KernelRunner(Library(), "Size", 13).Run({testing::IotaTensor(dims)});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    EXPECT_EQ(out.value()[0].dims(), (Dims{}));
    EXPECT_EQ(out.value()[0].values<int64_t>(), (std::vector<int64_t>{NumElements(dims)}));
  }
  auto flags = KernelRunner(Library(), "Size", 1).Run({testing::BoolTensor({2}, {true, false})});
  ASSERT_TRUE(flags.ok()) << flags.status().ToString();
  EXPECT_EQ(flags.value()[0].values<int64_t>(), (std::vector<int64_t>{2}));
}

TEST(Size, NarrowTypesFromTheirOpset) {
  const HostTensor x = HostTensor::Allocate(DType::kInt4, {3}).value();
  EXPECT_FALSE(KernelRunner(Library(), "Size", 20).Run({x}).ok());
  auto out = KernelRunner(Library(), "Size", 21).Run({x});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].values<int64_t>(), (std::vector<int64_t>{3}));
}

}  // namespace
}  // namespace onyx::kernels::ref
