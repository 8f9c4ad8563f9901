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

// y[n, c, h, w] per the ONNX docs' reshape-transpose formulas, written as
// index arithmetic: which input element lands there.
int64_t SourceOf(const Dims& x, int64_t bs, bool dcr, int64_t n, int64_t c, int64_t h, int64_t w) {
  const int64_t depth = x[1] / (bs * bs);
  const int64_t bh = h % bs, bw = w % bs;
  const int64_t channel = dcr ? (bh * bs + bw) * depth + c : (c * bs + bh) * bs + bw;
  return ((n * x[1] + channel) * x[2] + h / bs) * x[3] + w / bs;
}

TEST(DepthToSpace, DcrAndCrdMatchTheDocsFormulas) {
  std::mt19937 rng(61);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  for (int trial = 0; trial < 60; ++trial) {
    const int64_t bs = pick(1, 3);
    const Dims x = {pick(1, 2), bs * bs * pick(1, 3), pick(1, 3), pick(1, 3)};
    const bool dcr = trial % 2 == 0;
    auto out = KernelRunner(Library(), "DepthToSpace", 13)
                   .Attr("blocksize", bs)
                   .Attr("mode", std::string(dcr ? "DCR" : "CRD"))
                   .Run({IotaTensor(x)});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    const Dims y = {x[0], x[1] / (bs * bs), x[2] * bs, x[3] * bs};
    ASSERT_EQ(out.value()[0].dims(), y);
    std::vector<float> expected;
    for (int64_t n = 0; n < y[0]; ++n)
      for (int64_t c = 0; c < y[1]; ++c)
        for (int64_t h = 0; h < y[2]; ++h)
          for (int64_t w = 0; w < y[3]; ++w)
            expected.push_back(static_cast<float>(SourceOf(x, bs, dcr, n, c, h, w)));
    EXPECT_EQ(out.value()[0].values<float>(), expected) << "trial " << trial;
  }
}

TEST(DepthToSpace, CrdGoldenFromTheOnnxCase) {
  auto out = KernelRunner(Library(), "DepthToSpace", 11)
                 .Attr("blocksize", int64_t{2})
                 .Attr("mode", std::string("CRD"))
                 .Run({IotaTensor({1, 4, 1, 2})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].values<float>(), (std::vector<float>{0, 2, 1, 3, 4, 6, 5, 7}));
}

TEST(DepthToSpace, RejectsBadAttributesAndShapes) {
  ExpectError(KernelRunner(Library(), "DepthToSpace", 13)
                  .Attr("blocksize", int64_t{2})
                  .Run({IotaTensor({1, 6, 1, 1})}),
              StatusCode::kInvalidArgument,
              "has channels that do not split into blocks (expected a multiple of 4, got 6)");
  ExpectError(KernelRunner(Library(), "DepthToSpace", 13).Run({IotaTensor({1, 4, 1, 1})}),
              StatusCode::kInvalidModel, "attribute 'blocksize' is missing");
  ExpectError(KernelRunner(Library(), "DepthToSpace", 1)
                  .Attr("blocksize", int64_t{2})
                  .Attr("mode", std::string("CRD"))
                  .Run({IotaTensor({1, 4, 1, 1})}),
              StatusCode::kInvalidModel, "attribute 'mode' is not defined before opset 11");
  ExpectError(KernelRunner(Library(), "DepthToSpace", 13)
                  .Attr("blocksize", int64_t{0})
                  .Run({IotaTensor({1, 4, 1, 1})}),
              StatusCode::kInvalidModel, "attribute 'blocksize' is not positive");
  ExpectError(KernelRunner(Library(), "DepthToSpace", 13)
                  .Attr("blocksize", int64_t{1})
                  .Run({IotaTensor({4, 1, 1})}),
              StatusCode::kInvalidArgument, "has rank 3 (expected 4");
}

}  // namespace
}  // namespace onyx::kernels::ref
