#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

TEST(NonZero, ExampleFromTheOnnxDocsAndConstantInput) {
  const HostTensor x = testing::BoolTensor({2, 2}, {true, false, true, true});
  for (bool constant : {false, true}) {
    KernelRunner runner(Library(), "NonZero", 13);
    if (constant) runner.Constant(0);
    auto out = runner.Run({x});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    EXPECT_EQ(out.value()[0].dims(), (Dims{2, 3}));
    EXPECT_EQ(out.value()[0].values<int64_t>(), (std::vector<int64_t>{0, 1, 1, 0, 0, 1}));
  }
}

TEST(NonZero, FloatZerosNanScalarsAndEmpty) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  auto floats = KernelRunner(Library(), "NonZero", 9)
                    .Run({HostTensor::From<float>({4}, {-0.0f, nan, 0.0f, 1e-40f})});
  ASSERT_TRUE(floats.ok()) << floats.status().ToString();
  EXPECT_EQ(floats.value()[0].values<int64_t>(), (std::vector<int64_t>{1, 3}));
  auto tiny =
      KernelRunner(Library(), "NonZero", 13).Run({HostTensor::From<double>({2}, {1e-300, 0})});
  ASSERT_TRUE(tiny.ok()) << tiny.status().ToString();
  EXPECT_EQ(tiny.value()[0].values<int64_t>(), (std::vector<int64_t>{0}));
  auto scalar = KernelRunner(Library(), "NonZero", 13).Run({HostTensor::From<int32_t>({}, {5})});
  ASSERT_TRUE(scalar.ok()) << scalar.status().ToString();
  EXPECT_EQ(scalar.value()[0].dims(), (Dims{0, 1}));
  auto empty = KernelRunner(Library(), "NonZero", 13).Run({HostTensor::From<int8_t>({2, 0}, {})});
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_EQ(empty.value()[0].dims(), (Dims{2, 0}));
  auto half =
      KernelRunner(Library(), "NonZero", 13)
          .Run({HostTensor::From<Float16>({3}, {Float16(0.0f), Float16(2.0f), Float16(-0.0f)})});
  ASSERT_TRUE(half.ok()) << half.status().ToString();
  EXPECT_EQ(half.value()[0].values<int64_t>(), (std::vector<int64_t>{1}));
}

TEST(NonZero, RandomMatchesNaiveReference) {
  std::mt19937 rng(79);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  for (int trial = 0; trial < 100; ++trial) {
    const int rank = pick(1, 4);
    Dims dims(rank);
    for (int64_t& d : dims) d = pick(0, 4);
    std::vector<int32_t> x(NumElements(dims));
    for (int32_t& v : x) v = pick(0, 2) == 0 ? pick(-3, 3) : 0;
    auto out = KernelRunner(Library(), "NonZero", 13).Run({HostTensor::From<int32_t>(dims, x)});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    std::vector<std::vector<int64_t>> coords(rank);
    std::vector<int64_t> idx(rank, 0);
    int64_t k = 0;
    if (!x.empty()) {
      do {
        if (x[k++] != 0)
          for (int d = 0; d < rank; ++d) coords[d].push_back(idx[d]);
      } while (testing::Next(idx, dims));
    }
    std::vector<int64_t> expected;
    for (const auto& c : coords) expected.insert(expected.end(), c.begin(), c.end());
    EXPECT_EQ(out.value()[0].dims(), (Dims{rank, static_cast<int64_t>(coords[0].size())}));
    EXPECT_EQ(out.value()[0].values<int64_t>(), expected) << "trial " << trial;
  }
}

TEST(NonZero, RejectsNarrowTypes) {
  testing::ExpectError(
      KernelRunner(Library(), "NonZero", 13).Run({HostTensor::Allocate(DType::kInt4, {2}).value()}),
      StatusCode::kNotFound, "no kernel for NonZero");
}

}  // namespace
}  // namespace onyx::kernels::ref
