#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

// Y = (X - mean) / sqrt(var + eps) * scale + B, the formula of the ONNX docs,
// with parameters indexed per channel or (spatial = false) per sample element.
template <typename T, typename P, typename S>
std::vector<double> NaiveBn(const Dims& dims, const std::vector<T>& x, const std::vector<P>& scale,
                            const std::vector<P>& bias, const std::vector<S>& mean,
                            const std::vector<S>& var, double eps, bool spatial) {
  int64_t inner = 1;
  for (size_t d = 2; d < dims.size(); ++d) inner *= dims[d];
  std::vector<double> y(x.size());
  for (size_t i = 0; i < x.size(); ++i) {
    const int64_t c = static_cast<int64_t>(i) / inner % dims[1];
    const int64_t k = spatial ? c : c * inner + static_cast<int64_t>(i) % inner;
    y[i] = (static_cast<double>(x[i]) - static_cast<double>(mean[k])) /
               std::sqrt(static_cast<double>(var[k]) + eps) * static_cast<double>(scale[k]) +
           static_cast<double>(bias[k]);
  }
  return y;
}

template <typename T, typename P = T, typename S = T>
void CheckRandom(const Dims& dims, int opset, bool spatial, std::mt19937& rng) {
  SCOPED_TRACE(StrCat(DimsToString(dims), " opset ", opset, spatial ? "" : " non-spatial"));
  const int64_t total = NumElements(dims);
  const Dims pdims = spatial ? Dims{dims[1]} : Dims(dims.begin() + 1, dims.end());
  const size_t np = static_cast<size_t>(total / dims[0]);
  const size_t count = spatial ? static_cast<size_t>(dims[1]) : np;
  std::vector<T> x = testing::Random<T>(total, rng, -3, 3);
  std::vector<P> scale = testing::Random<P>(count, rng, -2, 2),
                 bias = testing::Random<P>(count, rng, -1, 1);
  std::vector<S> mean = testing::Random<S>(count, rng, -1, 1),
                 var = testing::Random<S>(count, rng, 0.1, 2);
  const float eps = 1e-3f;
  std::vector<double> want =
      NaiveBn(dims, x, scale, bias, mean, var, static_cast<double>(eps), spatial);
  KernelRunner r(Library(), "BatchNormalization", opset);
  r.Attr("epsilon", eps);
  if (opset < 7) r.Attr("is_test", int64_t{1});  // Opsets 1 and 6 default to training.
  if (!spatial) r.Attr("spatial", int64_t{0});
  auto out = r.Run({HostTensor::From<T>(dims, x), HostTensor::From<P>(pdims, scale),
                    HostTensor::From<P>(pdims, bias), HostTensor::From<S>(pdims, mean),
                    HostTensor::From<S>(pdims, var)});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  const HostTensor& y = out.value()[0];
  EXPECT_EQ(y.dims(), dims);
  testing::ExpectClose(y.values<T>(), want);
}

TEST(BatchNormalization, RandomMatchesFormula) {
  std::mt19937 rng(51);
  for (int opset : {1, 6, 7, 9, 14, 15}) {
    for (const Dims& d : {Dims{2, 3}, Dims{2, 3, 5}, Dims{1, 4, 3, 3}, Dims{2, 2, 2, 3, 2}}) {
      CheckRandom<float>(d, opset, true, rng);
      CheckRandom<double>(d, opset, true, rng);
    }
  }
}

TEST(BatchNormalization, NonSpatialHasOneParameterPerElement) {
  std::mt19937 rng(52);
  for (int opset : {1, 6, 7}) {
    CheckRandom<float>({2, 3, 4}, opset, false, rng);
    CheckRandom<double>({3, 2, 2, 2}, opset, false, rng);
    CheckRandom<float>({2, 3}, opset, false, rng);
  }
}

TEST(BatchNormalization, MixedParameterTypes) {
  std::mt19937 rng(53);
  CheckRandom<float, float, double>({2, 3, 4}, 14, true, rng);   // U differs from T.
  CheckRandom<float, double, double>({2, 3, 4}, 15, true, rng);  // T1 and T2 differ from T.
  CheckRandom<double, float, double>({1, 2, 3}, 15, true, rng);
  auto v14 = KernelRunner(Library(), "BatchNormalization", 14)
                 .Run({HostTensor::From<float>({1, 1}, {1}), HostTensor::From<double>({1}, {1}),
                       HostTensor::From<double>({1}, {1}), HostTensor::From<float>({1}, {0}),
                       HostTensor::From<float>({1}, {1})});
  testing::ExpectError(v14, StatusCode::kInvalidArgument, "dtype (expected float");
  auto v9 = KernelRunner(Library(), "BatchNormalization", 9)
                .Run({HostTensor::From<float>({1, 1}, {1}), HostTensor::From<float>({1}, {1}),
                      HostTensor::From<float>({1}, {1}), HostTensor::From<double>({1}, {0}),
                      HostTensor::From<float>({1}, {1})});
  EXPECT_EQ(v9.status().code(), StatusCode::kInvalidArgument);
}

// The example in the ONNX operator docs.
TEST(BatchNormalization, OnnxDocGolden) {
  auto out =
      KernelRunner(Library(), "BatchNormalization", 15)
          .Run({HostTensor::From<float>({1, 2, 1, 3}, {-1, 0, 1, 2, 3, 4}),
                HostTensor::From<float>({2}, {1, 1.5}), HostTensor::From<float>({2}, {0, 1}),
                HostTensor::From<float>({2}, {0, 3}), HostTensor::From<float>({2}, {1, 1.5})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  testing::ExpectClose(out.value()[0].values<float>(),
                       {-0.999995, 0, 0.999995, -0.22474074, 1, 2.2247407});
}

TEST(BatchNormalization, EmptyBatch) {
  auto out = KernelRunner(Library(), "BatchNormalization", 15)
                 .Run({HostTensor::From<float>({0, 2, 3}, {}), HostTensor::From<float>({2}, {1, 1}),
                       HostTensor::From<float>({2}, {0, 0}), HostTensor::From<float>({2}, {0, 0}),
                       HostTensor::From<float>({2}, {1, 1})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dims(), (Dims{0, 2, 3}));
}

std::vector<HostTensor> SmallInputs() {
  return {HostTensor::From<float>({1, 2, 2}, {1, 2, 3, 4}), HostTensor::From<float>({2}, {1, 1}),
          HostTensor::From<float>({2}, {0, 0}), HostTensor::From<float>({2}, {0.5, 1.5}),
          HostTensor::From<float>({2}, {1, 4})};
}

// Training mode: channel 0 holds {1, 2}, channel 1 {3, 4}; batch means 1.5
// and 3.5, population variances 0.25; running = input * 0.9 + batch * 0.1.
TEST(BatchNormalization, TrainingModeUsesBatchStatistics) {
  auto out = KernelRunner(Library(), "BatchNormalization", 15)
                 .Attr("training_mode", int64_t{1})
                 .Attr("epsilon", 0.0f)
                 .Outputs(3)
                 .Run(SmallInputs());
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  testing::ExpectClose(out.value()[0].values<float>(), {-1, 1, -1, 1});
  testing::ExpectClose(out.value()[1].values<float>(),
                       {0.5 * 0.9 + 1.5 * 0.1, 1.5 * 0.9 + 3.5 * 0.1});
  testing::ExpectClose(out.value()[2].values<float>(),
                       {1 * 0.9 + 0.25 * 0.1, 4 * 0.9 + 0.25 * 0.1});
}

TEST(BatchNormalization, LegacyTrainingOutputsAreUnsupported) {
  auto v9 = KernelRunner(Library(), "BatchNormalization", 9).Outputs(5).Run(SmallInputs());
  testing::ExpectError(v9.status(), StatusCode::kUnsupported,
                       "select training mode, which is not supported (expected 1 output, got 5)");
  auto v13 = KernelRunner(Library(), "BatchNormalization", 13)
                 .Attr("training_mode", int64_t{0})
                 .Run(SmallInputs());
  testing::ExpectError(v13.status(), StatusCode::kInvalidModel,
                       "'training_mode' is not defined before opset 14");
}

// In inference the running statistics are the inputs, unchanged.
TEST(BatchNormalization, InferenceFillsDeclaredRunningStats) {
  auto out = KernelRunner(Library(), "BatchNormalization", 14)
                 .Attr("epsilon", 0.0f)
                 .Outputs(3)
                 .Run(SmallInputs());
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].values<float>(), (std::vector<float>{0.5, 1.5, 0.75, 1.25}));
  EXPECT_EQ(out.value()[1].values<float>(), (std::vector<float>{0.5, 1.5}));
  EXPECT_EQ(out.value()[2].values<float>(), (std::vector<float>{1, 4}));
}

// Opsets 1 and 6 in test mode, by hand: (x - mean) / sqrt(var) with scale 1
// and B 0 gives (1 - 0.5) / 1, (2 - 0.5) / 1, (3 - 1.5) / 2, (4 - 1.5) / 2.
TEST(BatchNormalization, LegacyTestModeGolden) {
  for (int opset : {1, 6}) {
    KernelRunner r(Library(), "BatchNormalization", opset);
    r.Attr("epsilon", 0.0f).Attr("is_test", int64_t{1}).Attr("momentum", 0.5f);
    if (opset == 1) r.Attr("consumed_inputs", std::vector<int64_t>{0, 0, 0, 1, 1});
    auto out = r.Run(SmallInputs());
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    EXPECT_EQ(out.value()[0].values<float>(), (std::vector<float>{0.5, 1.5, 0.75, 1.25}));
  }
}

// is_test = 0, the default of opsets 1 and 6, is training: channel 0 holds
// {1, 2}, channel 1 {3, 4}, so the batch means are 1.5 and 3.5 and both
// population variances 0.25; running = input * 0.9 + batch * 0.1; saved_mean
// and saved_var are the batch's.
TEST(BatchNormalization, LegacyTrainingOutputsBatchStatistics) {
  for (int opset : {1, 6}) {
    SCOPED_TRACE(opset);
    auto out = KernelRunner(Library(), "BatchNormalization", opset)
                   .Attr("epsilon", 0.0f)
                   .Outputs(5)
                   .Run(SmallInputs());
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    testing::ExpectClose(out.value()[0].values<float>(), {-1, 1, -1, 1});
    testing::ExpectClose(out.value()[1].values<float>(),
                         {0.5 * 0.9 + 1.5 * 0.1, 1.5 * 0.9 + 3.5 * 0.1});
    testing::ExpectClose(out.value()[2].values<float>(),
                         {1 * 0.9 + 0.25 * 0.1, 4 * 0.9 + 0.25 * 0.1});
    testing::ExpectClose(out.value()[3].values<float>(), {1.5, 3.5});
    testing::ExpectClose(out.value()[4].values<float>(), {0.25, 0.25});
  }
  // Y alone is still normalized with the batch's statistics.
  auto y_only = KernelRunner(Library(), "BatchNormalization", 6)
                    .Attr("epsilon", 0.0f)
                    .Attr("is_test", int64_t{0})
                    .Run(SmallInputs());
  ASSERT_TRUE(y_only.ok()) << y_only.status().ToString();
  testing::ExpectClose(y_only.value()[0].values<float>(), {-1, 1, -1, 1});
}

// Training with spatial = 0: statistics per element of a sample, over N.
// X [2, 2, 2] holds n0 = {1, 2 | 3, 4}, n1 = {3, 6 | 5, 0}: batch means
// {2, 4, 4, 2}, population variances {1, 4, 1, 4}; with scale {1, 2, 1, 1},
// B {0, 0, 0, 10}: Y = n0 {-1, -2, -1, 11}, n1 {1, 2, 1, 9}. Momentum 0.5 from
// mean 0 and var 1 gives running mean {1, 2, 2, 1}, var {1, 2.5, 1, 2.5}.
TEST(BatchNormalization, LegacyNonSpatialTraining) {
  const Dims p{2, 2};
  auto out = KernelRunner(Library(), "BatchNormalization", 6)
                 .Attr("epsilon", 0.0f)
                 .Attr("spatial", int64_t{0})
                 .Attr("momentum", 0.5f)
                 .Outputs(5)
                 .Run({HostTensor::From<double>({2, 2, 2}, {1, 2, 3, 4, 3, 6, 5, 0}),
                       HostTensor::From<double>(p, {1, 2, 1, 1}),
                       HostTensor::From<double>(p, {0, 0, 0, 10}),
                       HostTensor::From<double>(p, {0, 0, 0, 0}),
                       HostTensor::From<double>(p, {1, 1, 1, 1})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  const std::vector<HostTensor>& o = out.value();
  EXPECT_EQ(o[0].dims(), (Dims{2, 2, 2}));
  testing::ExpectClose(o[0].values<double>(), {-1, -2, -1, 11, 1, 2, 1, 9});
  for (size_t i = 1; i < 5; ++i) EXPECT_EQ(o[i].dims(), p);
  testing::ExpectClose(o[1].values<double>(), {1, 2, 2, 1});
  testing::ExpectClose(o[2].values<double>(), {1, 2.5, 1, 2.5});
  testing::ExpectClose(o[3].values<double>(), {2, 4, 4, 2});
  testing::ExpectClose(o[4].values<double>(), {1, 4, 1, 4});
}

TEST(BatchNormalization, LegacyAttributeErrors) {
  testing::ExpectError(KernelRunner(Library(), "BatchNormalization", 6)
                           .Attr("is_test", int64_t{1})
                           .Outputs(3)
                           .Run(SmallInputs())
                           .status(),
                       StatusCode::kUnsupported,
                       "output #1 is a training output, undefined when is_test = 1");
  testing::ExpectError(KernelRunner(Library(), "BatchNormalization", 6)
                           .Attr("is_test", int64_t{2})
                           .Run(SmallInputs())
                           .status(),
                       StatusCode::kInvalidModel, "attribute 'is_test' (expected 0 or 1, got 2)");
  testing::ExpectError(KernelRunner(Library(), "BatchNormalization", 6)
                           .Outputs(6)
                           .Run(SmallInputs())
                           .status(),
                       StatusCode::kInvalidModel, "number of outputs (expected at most 5, got 6)");
  testing::ExpectError(KernelRunner(Library(), "BatchNormalization", 7)
                           .Attr("is_test", int64_t{1})
                           .Run(SmallInputs())
                           .status(),
                       StatusCode::kInvalidModel, "attribute 'is_test' was removed in opset 7");
  testing::ExpectError(KernelRunner(Library(), "BatchNormalization", 6)
                           .Attr("is_test", int64_t{1})
                           .Attr("consumed_inputs", std::vector<int64_t>{0, 0, 0, 1, 1})
                           .Run(SmallInputs())
                           .status(),
                       StatusCode::kInvalidModel,
                       "attribute 'consumed_inputs' was removed in opset 6");
  testing::ExpectError(KernelRunner(Library(), "BatchNormalization", 1)
                           .Attr("is_test", int64_t{1})
                           .Attr("consumed_inputs", int64_t{1})
                           .Run(SmallInputs())
                           .status(),
                       StatusCode::kInvalidModel,
                       "attribute 'consumed_inputs' type (expected ints, got int)");
  // spatial = 0 wants [C, D1...] parameters, here [2, 2].
  testing::ExpectError(KernelRunner(Library(), "BatchNormalization", 6)
                           .Attr("is_test", int64_t{1})
                           .Attr("spatial", int64_t{0})
                           .Run(SmallInputs())
                           .status(),
                       StatusCode::kInvalidArgument,
                       "shape (expected [2,2], X's dims after N, got [2])");
}

TEST(BatchNormalization, ShapeAndAttributeErrors) {
  std::vector<HostTensor> in = SmallInputs();
  in[1] = HostTensor::From<float>({3}, {1, 1, 1});
  testing::ExpectError(KernelRunner(Library(), "BatchNormalization", 15).Run(in).status(),
                       StatusCode::kInvalidArgument, "shape (expected [2], [C], got [3])");
  testing::ExpectError(KernelRunner(Library(), "BatchNormalization", 9)
                           .Attr("spatial", int64_t{1})
                           .Run(SmallInputs())
                           .status(),
                       StatusCode::kInvalidModel, "'spatial' was removed in opset 9");
  testing::ExpectError(KernelRunner(Library(), "BatchNormalization", 7)
                           .Attr("spatial", int64_t{0})
                           .Run(SmallInputs())
                           .status(),
                       StatusCode::kInvalidArgument,
                       "shape (expected [2,2], X's dims after N, got [2])");
  testing::ExpectError(KernelRunner(Library(), "BatchNormalization", 15)
                           .Attr("epsilon", int64_t{1})
                           .Run(SmallInputs())
                           .status(),
                       StatusCode::kInvalidModel, "'epsilon' type (expected float, got int)");
  in = SmallInputs();
  in.pop_back();
  testing::ExpectError(KernelRunner(Library(), "BatchNormalization", 15).Run(in).status(),
                       StatusCode::kInvalidModel, "expected 5 inputs, got 4");
  in = SmallInputs();
  in[0] = HostTensor::From<float>({4}, {1, 2, 3, 4});
  testing::ExpectError(KernelRunner(Library(), "BatchNormalization", 15).Run(in).status(),
                       StatusCode::kInvalidArgument, "rank (expected >= 2");
}

}  // namespace
}  // namespace onyx::kernels::ref
