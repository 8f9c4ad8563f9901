#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

using testing::ExpectError;

struct Expected {
  Dims y_dims;
  std::vector<float> y;
  std::vector<int64_t> indices, inverse, counts;
};

void ExpectUnique(const HostTensor& x, int64_t sorted, const int64_t* axis, const Expected& e) {
  KernelRunner runner(Library(), "Unique", 11);
  runner.Attr("sorted", sorted).Outputs(4);
  if (axis != nullptr) runner.Attr("axis", *axis);
  auto out = runner.Run({x});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dims(), e.y_dims);
  EXPECT_EQ(out.value()[0].values<float>(), e.y);
  EXPECT_EQ(out.value()[1].values<int64_t>(), e.indices);
  EXPECT_EQ(out.value()[2].values<int64_t>(), e.inverse);
  EXPECT_EQ(out.value()[3].values<int64_t>(), e.counts);
}

TEST(Unique, ExamplesFromTheOnnxDocs) {
  ExpectUnique(HostTensor::From<float>({6}, {2, 1, 1, 3, 4, 3}), 0, nullptr,
               {{4}, {2, 1, 3, 4}, {0, 1, 3, 4}, {0, 1, 1, 2, 3, 2}, {1, 2, 2, 1}});
  ExpectUnique(HostTensor::From<float>({2, 2}, {1, 3, 2, 3}), 1, nullptr,
               {{3}, {1, 2, 3}, {0, 2, 1}, {0, 2, 1, 2}, {1, 1, 2}});
  const int64_t axis0 = 0;
  ExpectUnique(HostTensor::From<float>({3, 3}, {1, 0, 0, 1, 0, 0, 2, 3, 4}), 1, &axis0,
               {{2, 3}, {1, 0, 0, 2, 3, 4}, {0, 2}, {0, 0, 1}, {2, 1}});
  const int64_t axis1 = 1;
  ExpectUnique(
      HostTensor::From<float>({2, 4, 2}, {1, 1, 0, 1, 2, 1, 0, 1, 1, 1, 0, 1, 2, 1, 0, 1}), 1,
      &axis1,
      {{2, 3, 2}, {0, 1, 1, 1, 2, 1, 0, 1, 1, 1, 2, 1}, {1, 0, 2}, {1, 0, 2, 0}, {2, 1, 1}});
}

TEST(Unique, NanCollapsesAndSortsLastAndOnlyYWhenOneOutput) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  auto out = KernelRunner(Library(), "Unique", 28)
                 .Run({HostTensor::From<float>({5}, {nan, 2, nan, -1, 2})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  const std::vector<float> y = out.value()[0].values<float>();
  ASSERT_EQ(y.size(), 3u);
  EXPECT_EQ(y[0], -1);
  EXPECT_EQ(y[1], 2);
  EXPECT_TRUE(std::isnan(y[2]));
  auto empty =
      KernelRunner(Library(), "Unique", 11).Outputs(4).Run({HostTensor::From<int32_t>({0}, {})});
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_EQ(empty.value()[0].dims(), (Dims{0}));
  EXPECT_EQ(empty.value()[3].dims(), (Dims{0}));
}

TEST(Unique, RandomMatchesNaiveReference) {
  std::mt19937 rng(89);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  for (int trial = 0; trial < 100; ++trial) {
    const bool sorted = trial % 2 == 0;
    std::vector<int64_t> x(pick(0, 12));
    for (int64_t& v : x) v = pick(-3, 3);
    // First occurrences in order, then (if sorted) ordered by value.
    std::vector<int64_t> values, first, counts;
    for (size_t i = 0; i < x.size(); ++i) {
      auto it = std::find(values.begin(), values.end(), x[i]);
      if (it == values.end()) {
        values.push_back(x[i]);
        first.push_back(static_cast<int64_t>(i));
        counts.push_back(1);
      } else {
        ++counts[it - values.begin()];
      }
    }
    std::vector<size_t> order(values.size());
    for (size_t u = 0; u < order.size(); ++u) order[u] = u;
    if (sorted)
      std::sort(order.begin(), order.end(),
                [&](size_t a, size_t b) { return values[a] < values[b]; });
    std::vector<int64_t> y, indices, cnt, inverse;
    for (size_t u : order)
      y.push_back(values[u]), indices.push_back(first[u]), cnt.push_back(counts[u]);
    for (int64_t v : x) inverse.push_back(std::find(y.begin(), y.end(), v) - y.begin());
    auto out = KernelRunner(Library(), "Unique", 11)
                   .Attr("sorted", int64_t{sorted})
                   .Outputs(4)
                   .Run({HostTensor::From<int64_t>({static_cast<int64_t>(x.size())}, x)});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    EXPECT_EQ(out.value()[0].values<int64_t>(), y) << "trial " << trial;
    EXPECT_EQ(out.value()[1].values<int64_t>(), indices) << "trial " << trial;
    EXPECT_EQ(out.value()[2].values<int64_t>(), inverse) << "trial " << trial;
    EXPECT_EQ(out.value()[3].values<int64_t>(), cnt) << "trial " << trial;
  }
}

TEST(Unique, RejectsBadAttributes) {
  const HostTensor x = HostTensor::From<float>({2}, {1, 2});
  ExpectError(KernelRunner(Library(), "Unique", 11).Attr("axis", int64_t{1}).Run({x}),
              StatusCode::kInvalidArgument, "attribute 'axis' is out of range");
  ExpectError(KernelRunner(Library(), "Unique", 11).Attr("sorted", int64_t{2}).Run({x}),
              StatusCode::kInvalidModel, "attribute 'sorted' (expected 0 or 1, got 2)");
  ExpectError(KernelRunner(Library(), "Unique", 11).Outputs(5).Run({x}), StatusCode::kInvalidModel,
              "Unique has 1 to 4 outputs (expected 1 to 4, got 5)");
}

}  // namespace
}  // namespace onyx::kernels::ref
