// NHWC GlobalAveragePool on XNNPACK against the reference NHWC kernel, on
// random shapes of rank 3 to 5.

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "kernels/xnnpack/conv_pool_test_util.h"

namespace onyx::kernels::xnnpack {
namespace {

using testing::Configure;
using testing::ExpectNhwcDeclines;
using testing::ExpectNhwcMatchesReference;
using testing::Pick;
using testing::RandomTensor;

TEST(XnnpackNhwcGlobalAveragePool, MatchesReferenceOnRandomShapes) {
  std::mt19937 rng(401);
  for (int trial = 0; trial < 40; ++trial) {
    Dims x{Pick(rng, 1, 3)};
    for (int d = 0; d < 1 + trial % 3; ++d) x.push_back(Pick(rng, 1, trial < 30 ? 9 : 40));
    x.push_back(Pick(rng, 1, 70));
    ExpectNhwcMatchesReference("GlobalAveragePool", 1, nullptr, {RandomTensor(x, rng)}, 1e-5,
                               StrCat("trial ", trial, " X", DimsToString(x)));
  }
}

TEST(XnnpackNhwcGlobalAveragePool, Declines) {
  std::mt19937 rng(403);
  ExpectNhwcDeclines("GlobalAveragePool", 1, nullptr, {RandomTensor({2, 3}, rng)}, "expected >= 3");
}

}  // namespace
}  // namespace onyx::kernels::xnnpack
