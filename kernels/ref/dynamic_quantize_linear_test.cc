#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

TEST(DynamicQuantizeLinear, GoldenAndRange) {
  // Range [-1, 2] (0 included): scale 3/255, zero point round(255/3) = 85.
  auto out = KernelRunner(Library(), "DynamicQuantizeLinear", 11)
                 .Outputs(3)
                 .Run({HostTensor::From<float>({4}, {-1, 0, 1, 2})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  const float scale = 3.0f / 255.0f;
  EXPECT_EQ(out.value()[1].values<float>(), (std::vector<float>{scale}));
  EXPECT_EQ(out.value()[2].values<uint8_t>(), (std::vector<uint8_t>{85}));
  EXPECT_EQ(out.value()[0].values<uint8_t>(), (std::vector<uint8_t>{0, 85, 170, 255}));
  // All positive: the range still starts at 0, so the zero point is 0.
  auto pos = KernelRunner(Library(), "DynamicQuantizeLinear", 11)
                 .Outputs(3)
                 .Run({HostTensor::From<float>({2}, {0.5f, 5.1f})});
  ASSERT_TRUE(pos.ok()) << pos.status().ToString();
  EXPECT_EQ(pos.value()[2].values<uint8_t>(), (std::vector<uint8_t>{0}));
  EXPECT_EQ(pos.value()[0].values<uint8_t>(), (std::vector<uint8_t>{25, 255}));
  testing::ExpectError(KernelRunner(Library(), "DynamicQuantizeLinear", 11)
                           .Run({HostTensor::From<double>({1}, {1})}),
                       StatusCode::kNotFound, "no kernel");
}

}  // namespace
}  // namespace onyx::kernels::ref
