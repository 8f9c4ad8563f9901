#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
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

// Opset 1 takes k as an attribute, later opsets as a constant input K.
Result<std::vector<HostTensor>> TopK(int opset, const HostTensor& x, int64_t k, int64_t axis = -1,
                                     bool largest = true) {
  KernelRunner runner(Library(), "TopK", opset);
  runner.Attr("axis", axis).Outputs(2);
  if (opset >= 11) runner.Attr("largest", int64_t{largest});
  if (opset < 10) return runner.Attr("k", k).Run({x});
  return runner.Constant(1).Run({x, HostTensor::From<int64_t>({1}, {k})});
}

template <typename T>
void CheckRandom(int opset, std::mt19937& rng) {
  std::uniform_int_distribution<int> rank_dist(1, 4), extent(1, 5), coin(0, 1), value(0, 6);
  for (int trial = 0; trial < 100; ++trial) {
    Dims dims(rank_dist(rng));
    for (int64_t& d : dims) d = extent(rng);
    const int rank = static_cast<int>(dims.size());
    const int axis = std::uniform_int_distribution<int>(0, rank - 1)(rng);
    const int64_t k = std::uniform_int_distribution<int64_t>(0, dims[axis])(rng);
    const bool largest = opset < 11 || coin(rng);
    SCOPED_TRACE(StrCat(DimsToString(dims), " axis ", axis, " k ", k, " largest ", largest,
                        " opset ", opset));
    std::vector<T> x(NumElements(dims));
    for (T& v : x) v = static_cast<T>(static_cast<float>(value(rng)));  // Ties are common.
    auto out =
        TopK(opset, HostTensor::From<T>(dims, x), k, coin(rng) ? axis - rank : axis, largest);
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    Dims want_dims = dims;
    want_dims[axis] = k;
    ASSERT_EQ(out.value()[0].dims(), want_dims);
    ASSERT_EQ(out.value()[1].dims(), want_dims);
    const std::vector<T> values = out.value()[0].template values<T>();
    const std::vector<int64_t> indices = out.value()[1].template values<int64_t>();
    int64_t outer = 1, len = dims[axis], inner = 1;
    for (int d = 0; d < axis; ++d) outer *= dims[d];
    for (int d = axis + 1; d < rank; ++d) inner *= dims[d];
    for (int64_t o = 0; o < outer; ++o) {
      for (int64_t s = 0; s < inner; ++s) {
        auto at = [&](int64_t i) { return ToDouble(x[(o * len + i) * inner + s]); };
        std::vector<int64_t> order(len);
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
          return largest ? at(a) > at(b) : at(a) < at(b);
        });
        for (int64_t j = 0; j < k; ++j) {
          const int64_t out_at = (o * k + j) * inner + s;
          ASSERT_EQ(indices[out_at], order[j]) << "o " << o << " s " << s << " j " << j;
          ASSERT_EQ(ToDouble(values[out_at]), at(order[j]));
        }
      }
    }
  }
}

TEST(TopK, RandomShapesAxesAndTies) {
  std::mt19937 rng(41);
  for (int opset : {1, 10, 11, 24}) {
    CheckRandom<float>(opset, rng);
    CheckRandom<double>(opset, rng);
    CheckRandom<Float16>(opset, rng);
  }
  CheckRandom<int32_t>(11, rng);
  CheckRandom<uint64_t>(11, rng);
  CheckRandom<int8_t>(24, rng);
  CheckRandom<BFloat16>(24, rng);
}

TEST(TopK, OnnxDocGolden) {
  auto out = TopK(24, testing::IotaTensor({3, 4}), 3);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].values<float>(), (std::vector<float>{3, 2, 1, 7, 6, 5, 11, 10, 9}));
  EXPECT_EQ(out.value()[1].values<int64_t>(), (std::vector<int64_t>{3, 2, 1, 3, 2, 1, 3, 2, 1}));
  auto smallest = TopK(11, testing::IotaTensor({3, 4}), 2, 0, /*largest=*/false);
  ASSERT_TRUE(smallest.ok()) << smallest.status().ToString();
  EXPECT_EQ(smallest.value()[1].values<int64_t>(), (std::vector<int64_t>{0, 0, 0, 0, 1, 1, 1, 1}));
}

TEST(TopK, NanSortsAboveNumbers) {
  const HostTensor x = HostTensor::From<float>({4}, {1, NAN, 3, NAN});
  auto largest = TopK(11, x, 3);
  ASSERT_TRUE(largest.ok()) << largest.status().ToString();
  EXPECT_EQ(largest.value()[1].values<int64_t>(), (std::vector<int64_t>{1, 3, 2}));
  auto smallest = TopK(11, x, 3, -1, false);
  ASSERT_TRUE(smallest.ok()) << smallest.status().ToString();
  EXPECT_EQ(smallest.value()[1].values<int64_t>(), (std::vector<int64_t>{0, 2, 1}));
}

TEST(TopK, ValuesOnly) {
  auto out =
      KernelRunner(Library(), "TopK", 11)
          .Constant(1)
          .Run({HostTensor::From<float>({3}, {2, 9, 4}), HostTensor::From<int64_t>({1}, {1})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].values<float>(), std::vector<float>{9});
}

TEST(TopK, Errors) {
  const HostTensor x = testing::IotaTensor({2, 3});
  ExpectError(TopK(11, x, 4), StatusCode::kInvalidArgument,
              "k is out of range for axis 1 of input 'input0' with shape [2,3] (expected [0, 3], "
              "got 4)");
  ExpectError(TopK(1, x, -1), StatusCode::kInvalidArgument, "(expected [0, 3], got -1)");
  ExpectError(TopK(11, x, 1, 2), StatusCode::kInvalidArgument, "attribute 'axis' is out of range");
  ExpectError(KernelRunner(Library(), "TopK", 11).Run({x, HostTensor::From<int64_t>({1}, {1})}),
              StatusCode::kFailedPrecondition, "K input 'input1' must be known ahead of time");
  ExpectError(KernelRunner(Library(), "TopK", 11)
                  .Constant(1)
                  .Run({x, HostTensor::From<int64_t>({2}, {1, 2})}),
              StatusCode::kInvalidArgument, "must hold one value (expected shape [1], got [2])");
  ExpectError(KernelRunner(Library(), "TopK", 1).Run({x}), StatusCode::kInvalidModel,
              "attribute 'k' is required before opset 10");
  ExpectError(KernelRunner(Library(), "TopK", 10)
                  .Attr("largest", int64_t{0})
                  .Constant(1)
                  .Run({x, HostTensor::From<int64_t>({1}, {1})}),
              StatusCode::kInvalidModel, "'largest' is not defined before opset 11");
  EXPECT_EQ(FindKernel(Library(), "", "TopK", 10, DType::kInt32), nullptr);
  EXPECT_EQ(FindKernel(Library(), "", "TopK", 23, DType::kBFloat16), nullptr);
}

}  // namespace
}  // namespace onyx::kernels::ref
