#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

using testing::BoolTensor;
using testing::ExpectError;
using testing::Iota;

std::vector<bool> BoolValues(const HostTensor& t) {
  const bool* p = static_cast<const bool*>(t.data());
  return std::vector<bool>(p, p + NumElements(t.dims()));
}

// Inference at every opset: Y = X, mask all ones (bool from opset 10, X's
// dtype before).
TEST(Dropout, InferenceIsIdentity) {
  const HostTensor x = HostTensor::From<float>({2, 3}, Iota(6, -2));
  for (int opset : {7, 10, 12, 13, 22}) {
    SCOPED_TRACE(opset);
    auto out = KernelRunner(Library(), "Dropout", opset).Outputs(2).Run({x});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    EXPECT_EQ(out.value()[0].values<float>(), Iota(6, -2));
    if (opset >= 10) {
      EXPECT_EQ(BoolValues(out.value()[1]), std::vector<bool>(6, true));
    } else {
      EXPECT_EQ(out.value()[1].values<float>(), std::vector<float>(6, 1.0f));
    }
  }
  // Opset 1 and 6 with is_test = 1; opset 12 with training_mode false.
  auto legacy = KernelRunner(Library(), "Dropout", 6).Attr("is_test", int64_t{1}).Run({x});
  ASSERT_TRUE(legacy.ok()) << legacy.status().ToString();
  EXPECT_EQ(legacy.value()[0].values<float>(), Iota(6, -2));
  auto off = KernelRunner(Library(), "Dropout", 12)
                 .Outputs(2)
                 .Run({x, HostTensor::From<float>({}, {0.75f}), BoolTensor({}, {false})});
  ASSERT_TRUE(off.ok()) << off.status().ToString();
  EXPECT_EQ(off.value()[0].values<float>(), Iota(6, -2));
  EXPECT_EQ(BoolValues(off.value()[1]), std::vector<bool>(6, true));
}

// numpy: RandomState(0).uniform(0, 1, 12) >= 0.5 and RandomState(7) ... >= 0.25.
TEST(Dropout, TrainingMatchesNumpyLegacyRandom) {
  const std::vector<bool> keep0 = {1, 1, 1, 1, 0, 1, 0, 1, 1, 0, 1, 1};
  const std::vector<bool> keep7 = {0, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1};
  const HostTensor x = HostTensor::From<float>({3, 4}, Iota(12, 1));
  auto run = [&](int64_t seed, float ratio) {
    return KernelRunner(Library(), "Dropout", 13)
        .Attr("seed", seed)
        .Outputs(2)
        .Run({x, HostTensor::From<float>({}, {ratio}), BoolTensor({}, {true})});
  };
  for (auto [seed, ratio, keep] :
       {std::make_tuple(int64_t{0}, 0.5f, keep0), std::make_tuple(int64_t{7}, 0.25f, keep7)}) {
    auto out = run(seed, ratio);
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    EXPECT_EQ(BoolValues(out.value()[1]), keep);
    const std::vector<float> y = out.value()[0].values<float>();
    const float scale = 1.0f / (1.0f - ratio);
    for (size_t i = 0; i < y.size(); ++i) EXPECT_EQ(y[i], keep[i] ? (i + 1) * scale : 0.0f) << i;
  }
  // The same seed gives the same mask every run.
  auto again = run(0, 0.5f);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(BoolValues(again.value()[1]), keep0);
  // Ratio 0 keeps everything unscaled; the default ratio is 0.5.
  auto zero = run(0, 0.0f);
  ASSERT_TRUE(zero.ok());
  EXPECT_EQ(zero.value()[0].values<float>(), Iota(12, 1));
  auto dflt = KernelRunner(Library(), "Dropout", 22)
                  .Attr("seed", int64_t{0})
                  .Outputs(2)
                  .Run({x, HostTensor(), BoolTensor({}, {true})});
  ASSERT_TRUE(dflt.ok()) << dflt.status().ToString();
  EXPECT_EQ(BoolValues(dflt.value()[1]), keep0);
}

// Opsets 1 and 6 train unless is_test = 1; their mask has X's dtype.
TEST(Dropout, LegacyTrainingMaskHasDataType) {
  const HostTensor x = HostTensor::From<double>({1000}, std::vector<double>(1000, 2.0));
  auto out = KernelRunner(Library(), "Dropout", 6).Attr("ratio", 0.2f).Outputs(2).Run({x});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  const std::vector<double> y = out.value()[0].values<double>();
  const std::vector<double> mask = out.value()[1].values<double>();
  int kept = 0;
  for (size_t i = 0; i < y.size(); ++i) {
    ASSERT_TRUE(mask[i] == 0.0 || mask[i] == 1.0);
    EXPECT_EQ(y[i], mask[i] * 2.0 / (1.0 - static_cast<double>(0.2f)));
    kept += mask[i] == 1.0;
  }
  EXPECT_GT(kept, 700);
  EXPECT_LT(kept, 900);
}

TEST(Dropout, HalfTypes) {
  const HostTensor x =
      HostTensor::From<Float16>({4}, {Float16(1.0f), Float16(2.0f), Float16(3.0f), Float16(4.0f)});
  auto out = KernelRunner(Library(), "Dropout", 12)
                 .Attr("seed", int64_t{0})
                 .Run({x, HostTensor::From<Float16>({}, {Float16(0.5f)}), BoolTensor({}, {true})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  const std::vector<Float16> y = out.value()[0].values<Float16>();
  EXPECT_EQ(float(y[0]), 2.0f);  // Draws 0.549, 0.715, 0.603, 0.545: all kept.
  EXPECT_EQ(float(y[3]), 8.0f);
  const HostTensor b = HostTensor::From<BFloat16>({2}, {BFloat16(1.0f), BFloat16(-1.0f)});
  auto id = KernelRunner(Library(), "Dropout", 13).Run({b});
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  EXPECT_EQ(float(id.value()[0].values<BFloat16>()[1]), -1.0f);
}

TEST(Dropout, Errors) {
  const HostTensor x = HostTensor::From<float>({2}, {1, 2});
  ExpectError(KernelRunner(Library(), "Dropout", 12)
                  .Run({x, HostTensor::From<float>({}, {1.0f}), BoolTensor({}, {true})}),
              StatusCode::kInvalidArgument, "ratio) value in training mode (expected in [0, 1)");
  ExpectError(
      KernelRunner(Library(), "Dropout", 12).Run({x, HostTensor::From<float>({2}, {0.1f, 0.2f})}),
      StatusCode::kInvalidArgument, "(expected a scalar, got shape [2])");
  ExpectError(KernelRunner(Library(), "Dropout", 12)
                  .Run({x, HostTensor::From<float>({}, {0.1f}), HostTensor::From<float>({}, {1})}),
              StatusCode::kUnsupported, "'input2' dtype (expected one of bool");
  ExpectError(KernelRunner(Library(), "Dropout", 12).Attr("ratio", 0.1f).Run({x}),
              StatusCode::kInvalidModel, "attribute 'ratio' is an input from opset 12 on");
  ExpectError(KernelRunner(Library(), "Dropout", 7).Attr("is_test", int64_t{1}).Run({x}),
              StatusCode::kInvalidModel, "attribute 'is_test' is not defined from opset 7 on");
  ExpectError(KernelRunner(Library(), "Dropout", 10).Attr("seed", int64_t{1}).Run({x}),
              StatusCode::kInvalidModel, "attribute 'seed' is not defined before opset 12");
  ExpectError(KernelRunner(Library(), "Dropout", 10).Attr("ratio", 1.5f).Run({x}),
              StatusCode::kInvalidModel, "attribute 'ratio' (expected in [0, 1), got 1.5)");
  ExpectError(KernelRunner(Library(), "Dropout", 10).Run({x, x}), StatusCode::kInvalidModel,
              "expected 1 inputs, got 2");
}

}  // namespace
}  // namespace onyx::kernels::ref
