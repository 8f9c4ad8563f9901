#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

using testing::ExpectError;
using testing::IotaTensor;

TEST(SpaceToDepth, InvertsDepthToSpace) {
  std::mt19937 rng(67);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  for (int trial = 0; trial < 60; ++trial) {
    const int64_t bs = pick(1, 3);
    const Dims x = {pick(1, 2), pick(1, 3), bs * pick(1, 3), bs * pick(1, 2)};
    const std::string mode = trial % 2 == 0 ? "DCR" : "CRD";
    auto packed = KernelRunner(Library(), "SpaceToDepth", 28)
                      .Attr("blocksize", bs)
                      .Attr("mode", mode)
                      .Run({IotaTensor(x)});
    ASSERT_TRUE(packed.ok()) << packed.status().ToString();
    EXPECT_EQ(packed.value()[0].dims(), (Dims{x[0], x[1] * bs * bs, x[2] / bs, x[3] / bs}));
    auto unpacked = KernelRunner(Library(), "DepthToSpace", 13)
                        .Attr("blocksize", bs)
                        .Attr("mode", mode)
                        .Run({packed.value()[0]});
    ASSERT_TRUE(unpacked.ok()) << unpacked.status().ToString();
    testing::ExpectDims(unpacked, x);
  }
}

TEST(SpaceToDepth, DcrGolden) {
  // One channel, 2x2 blocks: each output channel is one position of the block.
  auto out = KernelRunner(Library(), "SpaceToDepth", 13)
                 .Attr("blocksize", int64_t{2})
                 .Run({IotaTensor({1, 1, 2, 4})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dims(), (Dims{1, 4, 1, 2}));
  EXPECT_EQ(out.value()[0].values<float>(), (std::vector<float>{0, 2, 1, 3, 4, 6, 5, 7}));
}

TEST(SpaceToDepth, RejectsBadShapes) {
  ExpectError(KernelRunner(Library(), "SpaceToDepth", 13)
                  .Attr("blocksize", int64_t{2})
                  .Run({IotaTensor({1, 1, 3, 4})}),
              StatusCode::kInvalidArgument,
              "does not split into blocks (expected height and width multiples of 2, got 3 and 4)");
  ExpectError(KernelRunner(Library(), "SpaceToDepth", 13)
                  .Attr("blocksize", int64_t{2})
                  .Attr("mode", std::string("CRD"))
                  .Run({IotaTensor({1, 1, 2, 2})}),
              StatusCode::kInvalidModel, "attribute 'mode' is not defined before opset 28");
}

}  // namespace
}  // namespace onyx::kernels::ref
