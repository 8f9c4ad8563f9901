// NHWC GlobalAveragePool against GlobalAveragePool on NCHW data (ranks 3 to
// 5), and a hand-computed case that pins down the layout.

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "kernels/ref/internal/nhwc_test_util.h"

namespace onyx::kernels::ref {
namespace {

using kernels::testing::Random;
using testing::ExpectNhwcMatchesNchw;
using testing::NhwcCase;
using testing::NhwcLibrary;

TEST(NhwcGlobalAveragePoolTest, MatchesGlobalAveragePool) {
  std::mt19937 rng(9);
  for (int trial = 0; trial < 20; ++trial) {
    Dims x{1 + trial % 2, 1 + trial % 5};
    for (int d = 0; d < 1 + trial % 3; ++d) x.push_back(1 + (trial * 7 + d * 3) % 6);
    SCOPED_TRACE(DimsToString(x));
    NhwcCase c;
    c.op = "GlobalAveragePool";
    c.opset = 1;
    c.inputs.push_back(HostTensor::From<float>(x, Random<float>(NumElements(x), rng)));
    c.channels_last = {true};
    ExpectNhwcMatchesNchw(c);
  }
}

TEST(NhwcGlobalAveragePoolTest, HandComputed) {
  KernelRunner r(NhwcLibrary(), "GlobalAveragePool", 1);
  auto out = r.Run({HostTensor::From<float>({1, 2, 1, 3}, {1, 10, 100, 3, 30, 300})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dims(), (Dims{1, 1, 1, 3}));
  EXPECT_EQ(out.value()[0].values<float>(), (std::vector<float>{2, 20, 200}));
}

}  // namespace
}  // namespace onyx::kernels::ref
