#include <gtest/gtest.h>

#include <cmath>

#include "kernels/api/kernel_runner.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

TEST(Relu, ClampsNegativesAndKeepsNaN) {
  auto out = KernelRunner(Library(), "Relu", 14).Run({HostTensor::From<float>({4}, {-1.5f, 0, 2, NAN})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  std::vector<float> v = out.value()[0].values<float>();
  EXPECT_EQ(v[0], 0);
  EXPECT_EQ(v[1], 0);
  EXPECT_EQ(v[2], 2);
  EXPECT_TRUE(std::isnan(v[3]) || v[3] == 0);  // ONNX leaves NaN handling to max(); both are seen.
}

TEST(Relu, EmptyTensor) {
  auto out = KernelRunner(Library(), "Relu", 14).Run({HostTensor::From<float>({0, 3}, {})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dims(), (Dims{0, 3}));
}

}  // namespace
}  // namespace onyx::kernels::ref
