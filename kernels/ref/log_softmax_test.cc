#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <type_traits>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

using testing::ExpectError;

template <typename T>
double ToDouble(T v) {
  if constexpr (std::is_same_v<T, Float16> || std::is_same_v<T, BFloat16>) {
    return static_cast<float>(v);
  } else {
    return static_cast<double>(v);
  }
}

// log(softmax) of every group of elements that share all coordinates
// outside the dims [first, last], in long double.
template <typename T>
std::vector<double> NaiveLogSoftmax(const Dims& dims, const std::vector<T>& x, size_t first,
                                    size_t last) {
  int64_t outer = 1, len = 1, inner = 1;
  for (size_t d = 0; d < dims.size(); ++d) (d < first ? outer : d <= last ? len : inner) *= dims[d];
  std::vector<double> y(x.size());
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t s = 0; s < inner; ++s) {
      long double sum = 0;
      for (int64_t i = 0; i < len; ++i)
        sum += std::exp(static_cast<long double>(ToDouble(x[(o * len + i) * inner + s])));
      for (int64_t i = 0; i < len; ++i) {
        const int64_t at = (o * len + i) * inner + s;
        y[at] = static_cast<double>(ToDouble(x[at]) - std::log(sum));
      }
    }
  }
  return y;
}

template <typename T>
void CheckRandom(const Dims& dims, int opset, int64_t axis, double tol, std::mt19937& rng) {
  SCOPED_TRACE(StrCat(DimsToString(dims), " opset ", opset, " axis ", axis));
  std::vector<T> x = testing::Random<T>(NumElements(dims), rng, -5, 5);
  const int64_t rank = static_cast<int64_t>(dims.size());
  const size_t a = static_cast<size_t>(axis < 0 ? axis + rank : axis);
  const std::vector<double> want = NaiveLogSoftmax(dims, x, a, opset >= 13 ? a : dims.size() - 1);
  auto out = KernelRunner(Library(), "LogSoftmax", opset)
                 .Attr("axis", axis)
                 .Run({HostTensor::From<T>(dims, x)});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  ASSERT_EQ(out.value()[0].dims(), dims);
  const std::vector<T> got = out.value()[0].template values<T>();
  for (size_t i = 0; i < want.size(); ++i) {
    ASSERT_NEAR(ToDouble(got[i]), want[i], tol * std::max(1.0, std::abs(want[i]))) << "at " << i;
  }
}

TEST(LogSoftmax, RandomEveryAxisBothSemantics) {
  std::mt19937 rng(51);
  for (const Dims& d : {Dims{5}, Dims{3, 4}, Dims{2, 3, 4}, Dims{2, 1, 3, 5}}) {
    const int64_t rank = static_cast<int64_t>(d.size());
    for (int64_t axis = -rank; axis < rank; ++axis) {
      for (int opset : {1, 11, 13}) {
        CheckRandom<float>(d, opset, axis, 1e-5, rng);
        CheckRandom<double>(d, opset, axis, 1e-12, rng);
        CheckRandom<Float16>(d, opset, axis, 2e-3, rng);
      }
      CheckRandom<BFloat16>(d, 13, axis, 1e-2, rng);
    }
  }
}

TEST(LogSoftmax, OnnxDocGoldenAndLargeNumbers) {
  auto out =
      KernelRunner(Library(), "LogSoftmax", 13).Run({HostTensor::From<float>({1, 3}, {-1, 0, 1})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  testing::ExpectClose(out.value()[0].values<float>(), {-2.4076061, -1.407606, -0.40760604});
  auto large =
      KernelRunner(Library(), "LogSoftmax", 13)
          .Run({HostTensor::From<float>({2, 4}, {0, 1, 2, 3, 10000, 10001, 10002, 10003})});
  ASSERT_TRUE(large.ok()) << large.status().ToString();
  const std::vector<double> row = {-3.4401896, -2.4401896, -1.4401897, -0.44018975};
  std::vector<double> want = row;
  want.insert(want.end(), row.begin(), row.end());
  testing::ExpectClose(large.value()[0].values<float>(), want);
}

TEST(LogSoftmax, DefaultAxisDependsOnOpset) {
  const HostTensor x = HostTensor::From<double>({1, 2, 2}, {0, 0, 0, std::log(3.0)});
  auto v11 = KernelRunner(Library(), "LogSoftmax", 11).Run({x});
  ASSERT_TRUE(v11.ok()) << v11.status().ToString();
  testing::ExpectClose(v11.value()[0].values<double>(),
                       {std::log(1.0 / 6), std::log(1.0 / 6), std::log(1.0 / 6), std::log(0.5)});
  auto v13 = KernelRunner(Library(), "LogSoftmax", 13).Run({x});
  ASSERT_TRUE(v13.ok()) << v13.status().ToString();
  testing::ExpectClose(v13.value()[0].values<double>(),
                       {std::log(0.5), std::log(0.5), std::log(0.25), std::log(0.75)});
}

TEST(LogSoftmax, EmptyTensorAndErrors) {
  auto empty = KernelRunner(Library(), "LogSoftmax", 13).Run({HostTensor::From<float>({2, 0}, {})});
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_EQ(empty.value()[0].dims(), (Dims{2, 0}));
  ExpectError(KernelRunner(Library(), "LogSoftmax", 13)
                  .Attr("axis", int64_t{-3})
                  .Run({HostTensor::From<float>({2, 2}, {1, 2, 3, 4})}),
              StatusCode::kInvalidModel,
              "attribute 'axis' (expected in [-2, 1] for input 'input0' [2,2], got -3)");
  EXPECT_EQ(FindKernel(Library(), "", "LogSoftmax", 12, DType::kBFloat16), nullptr);
  EXPECT_NE(FindKernel(Library(), "", "LogSoftmax", 1, DType::kFloat16), nullptr);
}

}  // namespace
}  // namespace onyx::kernels::ref
