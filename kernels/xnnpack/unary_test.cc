// The unary elementwise kernels (unary.h and the op files using it) against
// the reference kernels: every op on many random shapes, the clamps' NaN
// behaviour, and the configurations they decline.

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <string>

#include "kernels/xnnpack/test_util.h"

namespace onyx::kernels::xnnpack {
namespace {

using testing::Configure;
using testing::ExpectDeclines;
using testing::ExpectMatchesReference;
using testing::RandomDims;
using testing::RandomTensor;

struct UnaryCase {
  const char* op;
  int opset;
  Configure configure;
  double lo, hi;  // Input range.
  double tol;
};

class UnaryTest : public ::testing::TestWithParam<UnaryCase> {};

TEST_P(UnaryTest, MatchesReferenceOnRandomShapes) {
  const UnaryCase& c = GetParam();
  std::mt19937 rng(std::hash<std::string>()(c.op) + c.opset);
  std::vector<Dims> shapes = {{1}, {7}, {3, 1000}, {2, 3, 4, 5, 6}, {1, 1, 1, 1, 1, 1, 1}, {}};
  for (int i = 0; i < 30; ++i) shapes.push_back(RandomDims(rng, 5, 9));
  for (const Dims& dims : shapes) {
    ExpectMatchesReference(c.op, c.opset, c.configure, {RandomTensor(dims, rng, c.lo, c.hi)}, c.tol,
                           std::string(c.op) + " " + DimsToString(dims));
  }
}

Configure Alpha(float alpha) {
  return [alpha](KernelRunner& r) { r.Attr("alpha", alpha); };
}

INSTANTIATE_TEST_SUITE_P(
    Ops, UnaryTest,
    ::testing::Values(UnaryCase{"Abs", 13, nullptr, -4, 4, 0}, UnaryCase{"Neg", 13, nullptr, -4, 4, 0},
                      UnaryCase{"Floor", 13, nullptr, -4, 4, 0}, UnaryCase{"Ceil", 13, nullptr, -4, 4, 0},
                      UnaryCase{"Round", 11, nullptr, -4, 4, 0}, UnaryCase{"Sqrt", 13, nullptr, 0, 100, 1e-6},
                      UnaryCase{"Sigmoid", 13, nullptr, -10, 10, 1e-6},
                      UnaryCase{"HardSwish", 14, nullptr, -5, 5, 1e-6}, UnaryCase{"Relu", 14, nullptr, -4, 4, 0},
                      UnaryCase{"Relu", 6, nullptr, -4, 4, 0}, UnaryCase{"LeakyRelu", 16, nullptr, -4, 4, 1e-7},
                      UnaryCase{"LeakyRelu", 6, Alpha(0.3f), -4, 4, 1e-7}, UnaryCase{"Elu", 6, nullptr, -4, 4, 1e-6},
                      UnaryCase{"Elu", 22, Alpha(0.25f), -4, 4, 1e-6}),
    [](const ::testing::TestParamInfo<UnaryCase>& info) {
      return std::string(info.param.op) + std::to_string(info.param.opset) + (info.param.configure ? "Alpha" : "");
    });

TEST(Round, HalvesGoToEven) {
  HostTensor x = HostTensor::From<float>({8}, {0.5f, 1.5f, 2.5f, -0.5f, -1.5f, -2.5f, 2.4999998f, 1e9f + 64});
  auto out = KernelRunner(Library(), "Round", 11).Run({x});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].values<float>(), (std::vector<float>{0, 2, 2, -0, -2, -2, 2, 1e9f + 64}));
}

TEST(Clamps, SpecialValuesAsTheReference) {
  // Infinities and signed zeros clamp as the reference's; NaN in Relu is the
  // one difference (ONNX leaves it to max(): XNNPACK gives 0, the reference
  // NaN, as numpy).
  const float inf = std::numeric_limits<float>::infinity();
  HostTensor x = HostTensor::From<float>({5}, {-inf, inf, -0.0f, 0.0f, 3.5f});
  ExpectMatchesReference("Relu", 14, nullptr, {x}, 0, "Relu of infinities");
  ExpectMatchesReference("Abs", 13, nullptr, {x}, 0, "Abs of infinities");
  ExpectMatchesReference("Sigmoid", 13, nullptr, {x}, 0, "Sigmoid of infinities");
  ExpectMatchesReference(
      "Clip", 6, [](KernelRunner& r) { r.Attr("min", -1.0f).Attr("max", 2.0f); }, {x}, 0, "Clip of infinities");
}

TEST(Clamps, NaNBecomesTheLowerBound) {
  // XNNPACK clamps with max then min instructions: NaN comes out as the
  // lower bound (0 for Relu). The reference keeps NaN (README.md).
  const HostTensor x = HostTensor::From<float>({2}, {NAN, 1});
  auto relu = KernelRunner(Library(), "Relu", 14).Run({x});
  ASSERT_TRUE(relu.ok()) << relu.status().ToString();
  EXPECT_EQ(relu.value()[0].values<float>(), (std::vector<float>{0, 1}));
  auto clip = KernelRunner(Library(), "Clip", 6).Attr("min", -2.0f).Attr("max", 0.5f).Run({x});
  ASSERT_TRUE(clip.ok()) << clip.status().ToString();
  EXPECT_EQ(clip.value()[0].values<float>(), (std::vector<float>{-2, 0.5f}));
}

TEST(Clip, AttributeBounds) {
  std::mt19937 rng(7);
  for (int i = 0; i < 20; ++i) {
    const Dims dims = RandomDims(rng, 4, 8);
    ExpectMatchesReference(
        "Clip", 6, [](KernelRunner& r) { r.Attr("min", -0.5f).Attr("max", 0.25f); }, {RandomTensor(dims, rng)}, 0,
        "Clip 6 " + DimsToString(dims));
    ExpectMatchesReference(
        "Clip", 6, [](KernelRunner& r) { r.Attr("max", 0.25f); }, {RandomTensor(dims, rng)}, 0, "Clip 6 max only");
  }
}

TEST(Clip, ConstantInputBounds) {
  std::mt19937 rng(8);
  const HostTensor lo = HostTensor::From<float>({}, {-0.3f});
  const HostTensor hi = HostTensor::From<float>({}, {0.6f});
  const HostTensor absent;
  for (int i = 0; i < 20; ++i) {
    const Dims dims = RandomDims(rng, 4, 8);
    const HostTensor x = RandomTensor(dims, rng);
    ExpectMatchesReference(
        "Clip", 13, [](KernelRunner& r) { r.Constant(1).Constant(2); }, {x, lo, hi}, 0, "Clip 13 both");
    ExpectMatchesReference(
        "Clip", 11, [](KernelRunner& r) { r.Constant(1).Constant(2); }, {x, absent, hi}, 0, "Clip 11 max only");
    ExpectMatchesReference(
        "Clip", 12, [](KernelRunner& r) { r.Constant(1); }, {x, lo}, 0, "Clip 12 min only");
    ExpectMatchesReference("Clip", 13, nullptr, {x}, 0, "Clip 13 no bounds");
  }
}

TEST(Clip, Declines) {
  const HostTensor x = HostTensor::From<float>({3}, {-1, 0, 1});
  const HostTensor lo = HostTensor::From<float>({}, {0.5f});
  const HostTensor hi = HostTensor::From<float>({}, {0.5f});
  ExpectDeclines("Clip", 13, nullptr, {x, lo, hi}, "not a constant");
  ExpectDeclines(
      "Clip", 13, [](KernelRunner& r) { r.Constant(1).Constant(2); }, {x, lo, hi}, "not increasing");
  ExpectDeclines(
      "Clip", 6, [](KernelRunner& r) { r.Attr("min", 2.0f).Attr("max", 1.0f); }, {x}, "not increasing");
}

TEST(Pow, SquareAndSquareRoot) {
  std::mt19937 rng(9);
  for (int i = 0; i < 20; ++i) {
    const Dims dims = RandomDims(rng, 4, 8);
    const HostTensor x = RandomTensor(dims, rng, 0, 10);
    auto constant = [](KernelRunner& r) { r.Constant(1); };
    ExpectMatchesReference("Pow", 15, constant, {x, HostTensor::From<float>({}, {2.0f})}, 1e-6, "x ** 2");
    if (!dims.empty()) {  // A [1] exponent would raise a scalar's rank: declined.
      ExpectMatchesReference("Pow", 15, constant, {x, HostTensor::From<int64_t>({1}, {2})}, 1e-6, "x ** int64 2");
    }
    ExpectMatchesReference("Pow", 7, constant, {x, HostTensor::From<float>({}, {0.5f})}, 1e-6, "x ** 0.5");
  }
}

TEST(Pow, DeclinesOtherExponents) {
  const HostTensor x = HostTensor::From<float>({2}, {1, 2});
  auto constant = [](KernelRunner& r) { r.Constant(1); };
  ExpectDeclines("Pow", 15, constant, {x, HostTensor::From<float>({}, {3.0f})}, "exponent 3");
  ExpectDeclines("Pow", 15, nullptr, {x, HostTensor::From<float>({}, {2.0f})}, "not a constant");
  ExpectDeclines("Pow", 15, constant, {x, HostTensor::From<float>({2}, {2, 2})}, "not a scalar");
}

TEST(Unary, Declines) {
  const HostTensor x = HostTensor::From<float>({3}, {-1, 0, 1});
  ExpectDeclines("Elu", 6, Alpha(-1.0f), {x}, "xnn_create_elu_nc_f32");
  ExpectDeclines("LeakyRelu", 6, Alpha(std::numeric_limits<float>::infinity()), {x}, "xnn_create_leaky_relu");
  ExpectDeclines(
      "Relu", 14, [](KernelRunner& r) { r.Attr("bogus", int64_t{1}); }, {x}, "attribute 'bogus'");
  ExpectDeclines(
      "LeakyRelu", 6, [](KernelRunner& r) { r.Attr("alpha", int64_t{1}); }, {x}, "attribute 'alpha'");
  ExpectDeclines("Abs", 13, nullptr, {HostTensor::From<float>({2, 0}, {})}, "non-empty");
}

TEST(Unary, OtherDTypesHaveNoXnnpackKernel) {
  auto out = KernelRunner(Library(), "Abs", 13).Run({HostTensor::From<double>({1}, {-1.0})});
  EXPECT_EQ(out.status().code(), StatusCode::kNotFound) << out.status().ToString();
}

}  // namespace
}  // namespace onyx::kernels::xnnpack
