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

// 1 at the first maximum of every group of elements that share all
// coordinates outside the dims [first, last].
template <typename T>
std::vector<float> NaiveHardmax(const Dims& dims, const std::vector<T>& x, size_t first,
                                size_t last) {
  int64_t outer = 1, len = 1, inner = 1;
  for (size_t d = 0; d < dims.size(); ++d) (d < first ? outer : d <= last ? len : inner) *= dims[d];
  std::vector<float> y(x.size(), 0);
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t s = 0; s < inner; ++s) {
      int64_t best = 0;
      for (int64_t i = 1; i < len; ++i) {
        if (static_cast<float>(x[(o * len + i) * inner + s]) >
            static_cast<float>(x[(o * len + best) * inner + s])) {
          best = i;
        }
      }
      if (len > 0) y[(o * len + best) * inner + s] = 1;
    }
  }
  return y;
}

template <typename T>
void CheckRandom(const Dims& dims, int opset, int64_t axis, std::mt19937& rng) {
  SCOPED_TRACE(StrCat(DimsToString(dims), " opset ", opset, " axis ", axis));
  std::uniform_int_distribution<int> value(0, 3);  // Ties are common.
  std::vector<T> x(NumElements(dims));
  for (T& v : x) v = static_cast<T>(static_cast<float>(value(rng)));
  const int64_t rank = static_cast<int64_t>(dims.size());
  const size_t a = static_cast<size_t>(axis < 0 ? axis + rank : axis);
  auto out = KernelRunner(Library(), "Hardmax", opset)
                 .Attr("axis", axis)
                 .Run({HostTensor::From<T>(dims, x)});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  ASSERT_EQ(out.value()[0].dims(), dims);
  const std::vector<T> got = out.value()[0].template values<T>();
  const std::vector<float> want = NaiveHardmax(dims, x, a, opset >= 13 ? a : dims.size() - 1);
  for (size_t i = 0; i < want.size(); ++i)
    ASSERT_EQ(static_cast<float>(got[i]), want[i]) << "at " << i;
}

TEST(Hardmax, RandomEveryAxisBothSemantics) {
  std::mt19937 rng(71);
  for (const Dims& d : {Dims{5}, Dims{3, 4}, Dims{2, 3, 4}, Dims{2, 1, 3, 5}}) {
    const int64_t rank = static_cast<int64_t>(d.size());
    for (int64_t axis = -rank; axis < rank; ++axis) {
      for (int opset : {1, 11, 13}) {
        CheckRandom<float>(d, opset, axis, rng);
        CheckRandom<double>(d, opset, axis, rng);
        CheckRandom<Float16>(d, opset, axis, rng);
      }
      CheckRandom<BFloat16>(d, 13, axis, rng);
    }
  }
}

TEST(Hardmax, OnnxDocGolden) {
  // test_hardmax_example and test_hardmax_one_hot.
  auto out =
      KernelRunner(Library(), "Hardmax", 13)
          .Run({HostTensor::From<float>({4, 4}, {3, 0, 1, 2, 2, 5, 1, 0, 0, 1, 3, 2, 0, 1, 2, 3})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].values<float>(),
            (std::vector<float>{1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1}));
  auto ties = KernelRunner(Library(), "Hardmax", 13)
                  .Run({HostTensor::From<float>({1, 1, 4}, {0, 0, 0, 0})});
  ASSERT_TRUE(ties.ok()) << ties.status().ToString();
  EXPECT_EQ(ties.value()[0].values<float>(), (std::vector<float>{1, 0, 0, 0}));
}

TEST(Hardmax, NanIsTheMaximum) {
  auto out =
      KernelRunner(Library(), "Hardmax", 13).Run({HostTensor::From<float>({4}, {1, NAN, 3, NAN})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].values<float>(), (std::vector<float>{0, 1, 0, 0}));
}

TEST(Hardmax, EmptyTensorAndErrors) {
  auto empty = KernelRunner(Library(), "Hardmax", 13).Run({HostTensor::From<float>({0, 3}, {})});
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_EQ(empty.value()[0].dims(), (Dims{0, 3}));
  ExpectError(KernelRunner(Library(), "Hardmax", 11)
                  .Attr("axis", int64_t{2})
                  .Run({HostTensor::From<float>({2, 2}, {1, 2, 3, 4})}),
              StatusCode::kInvalidModel, "attribute 'axis' (expected in [-2, 1]");
  EXPECT_EQ(FindKernel(Library(), "", "Hardmax", 11, DType::kBFloat16), nullptr);
  EXPECT_EQ(FindKernel(Library(), "", "Hardmax", 13, DType::kInt32), nullptr);
}

}  // namespace
}  // namespace onyx::kernels::ref
