#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <type_traits>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

// Softmax of every group of elements that share all coordinates outside
// `axes` (a contiguous range [first, last]), computed in long double.
template <typename T>
std::vector<double> NaiveSoftmax(const Dims& dims, const std::vector<T>& x, size_t first,
                                 size_t last) {
  int64_t outer = 1, len = 1, inner = 1;
  for (size_t d = 0; d < dims.size(); ++d) {
    (d < first ? outer : d <= last ? len : inner) *= dims[d];
  }
  std::vector<double> y(x.size());
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t s = 0; s < inner; ++s) {
      long double denom = 0;
      for (int64_t i = 0; i < len; ++i)
        denom += std::exp(static_cast<long double>(x[(o * len + i) * inner + s]));
      for (int64_t i = 0; i < len; ++i) {
        const int64_t at = (o * len + i) * inner + s;
        y[at] = static_cast<double>(std::exp(static_cast<long double>(x[at])) / denom);
      }
    }
  }
  return y;
}

template <typename T>
void CheckRandom(const Dims& dims, int opset, int64_t axis, std::mt19937& rng) {
  SCOPED_TRACE(StrCat(DimsToString(dims), " opset ", opset, " axis ", axis));
  std::vector<T> x = testing::Random<T>(NumElements(dims), rng, -5, 5);
  const int64_t rank = static_cast<int64_t>(dims.size());
  const size_t a = static_cast<size_t>(axis < 0 ? axis + rank : axis);
  std::vector<double> want = NaiveSoftmax(dims, x, a, opset >= 13 ? a : dims.size() - 1);
  auto out = KernelRunner(Library(), "Softmax", opset)
                 .Attr("axis", axis)
                 .Run({HostTensor::From<T>(dims, x)});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  const HostTensor& y = out.value()[0];
  EXPECT_EQ(y.dims(), dims);
  testing::ExpectClose(y.values<T>(), want);
}

TEST(Softmax, RandomEveryAxisBothSemantics) {
  std::mt19937 rng(61);
  for (const Dims& d : {Dims{5}, Dims{3, 4}, Dims{2, 3, 4}, Dims{2, 1, 3, 5}}) {
    const int64_t rank = static_cast<int64_t>(d.size());
    for (int64_t axis = -rank; axis < rank; ++axis) {
      for (int opset : {1, 11, 13}) {
        CheckRandom<float>(d, opset, axis, rng);
        CheckRandom<double>(d, opset, axis, rng);
      }
    }
  }
}

// Float16 and bfloat16 follow ONNX's numpy reference, which rounds to T after
// each elementwise step; so the exact softmax is met only to a few of T's
// steps (`tol`), and the test also checks one row against a numpy-style
// computation written out below.
template <typename T>
void CheckHalf(const Dims& dims, int opset, int64_t axis, double tol, std::mt19937& rng) {
  SCOPED_TRACE(StrCat(DimsToString(dims), " opset ", opset, " axis ", axis));
  std::vector<T> x = testing::Random<T>(NumElements(dims), rng, -5, 5);
  std::vector<float> xf(x.begin(), x.end());
  const int64_t rank = static_cast<int64_t>(dims.size());
  const size_t a = static_cast<size_t>(axis < 0 ? axis + rank : axis);
  std::vector<double> want = NaiveSoftmax(dims, xf, a, opset >= 13 ? a : dims.size() - 1);
  auto out = KernelRunner(Library(), "Softmax", opset)
                 .Attr("axis", axis)
                 .Run({HostTensor::From<T>(dims, x)});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  const std::vector<T> got = out.value()[0].template values<T>();
  for (size_t i = 0; i < want.size(); ++i) {
    ASSERT_NEAR(static_cast<float>(got[i]), want[i], tol * std::max(1e-3, want[i])) << "at " << i;
  }
}

// numpy with T arrays: e = exp(x - max) rounded at each step, the sum in
// float rounded once (float16) or rounded after each addition (ml_dtypes'
// bfloat16), then e / sum rounded.
template <typename T>
std::vector<float> NumpyStyleSoftmax(const std::vector<float>& row) {
  float max = row[0];
  for (float v : row) max = std::max(max, v);
  std::vector<float> e;
  float sum = 0;
  for (float v : row) {
    e.push_back(static_cast<float>(T(std::exp(static_cast<float>(T(v - max))))));
    sum = std::is_same_v<T, BFloat16> ? static_cast<float>(T(sum + e.back())) : sum + e.back();
  }
  sum = static_cast<float>(T(sum));
  for (float& v : e) v = static_cast<float>(T(v / sum));
  return e;
}

template <typename T>
void CheckNumpyStyle() {
  const std::vector<float> row = {-4.25f, 0.5f, 2.75f, 3.0f, -1.125f, 2.0f, 0.0f, 1.5f};
  std::vector<T> x(row.begin(), row.end());
  auto out = KernelRunner(Library(), "Softmax", 13).Run({HostTensor::From<T>({8}, x)});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  const std::vector<T> got = out.value()[0].template values<T>();
  const std::vector<float> want = NumpyStyleSoftmax<T>(row);
  for (size_t i = 0; i < want.size(); ++i) EXPECT_EQ(static_cast<float>(got[i]), want[i]) << i;
}

TEST(Softmax, HalfTypesRoundLikeNumpy) {
  CheckNumpyStyle<Float16>();
  CheckNumpyStyle<BFloat16>();
}

TEST(Softmax, HalfTypes) {
  std::mt19937 rng(62);
  for (const Dims& d : {Dims{7}, Dims{3, 4}, Dims{2, 3, 4}}) {
    const int64_t rank = static_cast<int64_t>(d.size());
    for (int64_t axis = -rank; axis < rank; ++axis) {
      for (int opset : {1, 11, 13}) CheckHalf<Float16>(d, opset, axis, 1e-2, rng);
      CheckHalf<BFloat16>(d, 13, axis, 8e-2, rng);
    }
  }
  EXPECT_EQ(FindKernel(Library(), "", "Softmax", 12, DType::kBFloat16), nullptr);
  EXPECT_NE(FindKernel(Library(), "", "Softmax", 1, DType::kFloat16), nullptr);
}

TEST(Softmax, OnnxDocGolden) {
  auto out =
      KernelRunner(Library(), "Softmax", 13).Run({HostTensor::From<float>({1, 3}, {1, 2, 3})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  testing::ExpectClose(out.value()[0].values<float>(), {0.09003057, 0.24472847, 0.66524095});
}

// The default axis changed: 1 with 2-D coercion before opset 13, -1 after.
TEST(Softmax, DefaultAxisDependsOnOpset) {
  const HostTensor x = HostTensor::From<float>({1, 2, 2}, {0, 0, 0, std::log(3.0f)});
  auto v11 = KernelRunner(Library(), "Softmax", 11).Run({x});
  ASSERT_TRUE(v11.ok()) << v11.status().ToString();
  testing::ExpectClose(v11.value()[0].values<float>(), {1.0 / 6, 1.0 / 6, 1.0 / 6, 0.5});
  auto v13 = KernelRunner(Library(), "Softmax", 13).Run({x});
  ASSERT_TRUE(v13.ok()) << v13.status().ToString();
  testing::ExpectClose(v13.value()[0].values<float>(), {0.5, 0.5, 0.25, 0.75});
}

TEST(Softmax, LargeInputsDoNotOverflow) {
  auto out = KernelRunner(Library(), "Softmax", 13)
                 .Run({HostTensor::From<float>({4}, {1000, 1000, -1000, 999})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  const double e = std::exp(-1.0), sum = 2 + e;
  testing::ExpectClose(out.value()[0].values<float>(), {1 / sum, 1 / sum, 0, e / sum});
}

TEST(Softmax, EmptyTensors) {
  for (const Dims& d : {Dims{0, 3}, Dims{3, 0}, Dims{2, 0, 4}}) {
    auto out = KernelRunner(Library(), "Softmax", 13)
                   .Attr("axis", int64_t{1})
                   .Run({HostTensor::From<float>(d, {})});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    EXPECT_EQ(out.value()[0].dims(), d);
  }
}

TEST(Softmax, AxisOutOfRange) {
  auto out = KernelRunner(Library(), "Softmax", 13)
                 .Attr("axis", int64_t{2})
                 .Run({HostTensor::From<float>({2, 2}, {1, 2, 3, 4})});
  testing::ExpectError(out, StatusCode::kInvalidModel, "'axis' (expected in [-2, 1]");
  EXPECT_NE(out.status().message().find("got 2)"), std::string::npos) << out.status().message();
  auto scalar = KernelRunner(Library(), "Softmax", 13).Run({HostTensor::From<float>({}, {1})});
  EXPECT_EQ(scalar.status().code(), StatusCode::kInvalidModel);
}

}  // namespace
}  // namespace onyx::kernels::ref
