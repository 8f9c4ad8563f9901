#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

using testing::ExpectError;
using testing::IotaTensor;

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

HostTensor Ints(const std::vector<int64_t>& v) {
  return HostTensor::From<int64_t>({static_cast<int64_t>(v.size())}, v);
}

Result<std::vector<HostTensor>> RunSlice(const HostTensor& data, const std::vector<int64_t>& starts,
                                         const std::vector<int64_t>& ends,
                                         const std::vector<int64_t>& axes,
                                         const std::vector<int64_t>& steps, int opset = 13) {
  HostTensor absent;
  std::vector<HostTensor> inputs = {data, Ints(starts), Ints(ends),
                                    axes.empty() ? absent : Ints(axes),
                                    steps.empty() ? absent : Ints(steps)};
  return KernelRunner(Library(), "Slice", opset)
      .Constant(1)
      .Constant(2)
      .Constant(3)
      .Constant(4)
      .Run(inputs);
}

// The positions start:end:step picks on an axis of extent n, as the ONNX spec
// words it (unlike numpy, a start below -n with a negative step clamps to 0).
std::vector<int64_t> SpecSlice(int64_t start, int64_t end, int64_t step, int64_t n) {
  if (n == 0) return {};
  if (start < 0) start += n;
  if (end < 0) end += n;
  auto clamp = [](int64_t v, int64_t lo, int64_t hi) { return v < lo ? lo : (v > hi ? hi : v); };
  start = step > 0 ? clamp(start, 0, n) : clamp(start, 0, n - 1);
  end = step > 0 ? clamp(end, 0, n) : clamp(end, -1, n - 1);
  std::vector<int64_t> picked;
  for (int64_t i = start; step > 0 ? i < end : i > end; i += step) picked.push_back(i);
  return picked;
}

TEST(Slice, ExamplesFromTheOnnxDocs) {
  const HostTensor data = HostTensor::From<float>({2, 4}, {1, 2, 3, 4, 5, 6, 7, 8});
  auto a = RunSlice(data, {1, 0}, {2, 3}, {0, 1}, {1, 2});
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a.value()[0].dims(), (Dims{1, 2}));
  EXPECT_EQ(a.value()[0].values<float>(), (std::vector<float>{5, 7}));
  auto b = RunSlice(data, {0, 1}, {-1, 1000}, {}, {});
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_EQ(b.value()[0].dims(), (Dims{1, 3}));
  EXPECT_EQ(b.value()[0].values<float>(), (std::vector<float>{2, 3, 4}));
}

TEST(Slice, NegativeStepsAndExtremeBounds) {
  const HostTensor data = HostTensor::From<int32_t>({5}, {0, 1, 2, 3, 4});
  auto reversed = RunSlice(data, {-1}, {kMin}, {0}, {-1});
  ASSERT_TRUE(reversed.ok()) << reversed.status().ToString();
  EXPECT_EQ(reversed.value()[0].values<int32_t>(), (std::vector<int32_t>{4, 3, 2, 1, 0}));
  auto every_other = RunSlice(data, {kMax}, {kMin}, {-1}, {-2});
  ASSERT_TRUE(every_other.ok()) << every_other.status().ToString();
  EXPECT_EQ(every_other.value()[0].values<int32_t>(), (std::vector<int32_t>{4, 2, 0}));
  auto huge_step = RunSlice(data, {1}, {kMax}, {0}, {kMax});
  ASSERT_TRUE(huge_step.ok()) << huge_step.status().ToString();
  EXPECT_EQ(huge_step.value()[0].values<int32_t>(), (std::vector<int32_t>{1}));
  auto min_step = RunSlice(data, {3}, {kMin}, {0}, {kMin});
  ASSERT_TRUE(min_step.ok()) << min_step.status().ToString();
  EXPECT_EQ(min_step.value()[0].values<int32_t>(), (std::vector<int32_t>{3}));
  auto below = RunSlice(data, {-10}, {kMin}, {0}, {-1});  // The spec clamps start to 0.
  ASSERT_TRUE(below.ok()) << below.status().ToString();
  EXPECT_EQ(below.value()[0].values<int32_t>(), (std::vector<int32_t>{0}));
  auto empty = RunSlice(data, {10}, {20}, {0}, {1});
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_EQ(empty.value()[0].dims(), (Dims{0}));
}

TEST(Slice, Opset1AttributesAndInt32Inputs) {
  auto out = KernelRunner(Library(), "Slice", 1)
                 .Attr("starts", std::vector<int64_t>{1})
                 .Attr("ends", std::vector<int64_t>{kMax})
                 .Attr("axes", std::vector<int64_t>{1})
                 .Run({IotaTensor({2, 3})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dims(), (Dims{2, 2}));
  EXPECT_EQ(out.value()[0].values<float>(), (std::vector<float>{1, 2, 4, 5}));
  auto int32 = KernelRunner(Library(), "Slice", 13)
                   .Constant(1)
                   .Constant(2)
                   .Run({IotaTensor({4}), HostTensor::From<int32_t>({1}, {-3}),
                         HostTensor::From<int32_t>({1}, {-1})});
  ASSERT_TRUE(int32.ok()) << int32.status().ToString();
  EXPECT_EQ(int32.value()[0].values<float>(), (std::vector<float>{1, 2}));
}

TEST(Slice, EmptyDataAndBool) {
  auto empty = RunSlice(HostTensor::From<float>({0, 3}, {}), {0, -1}, {5, kMin}, {0, 1}, {1, -1});
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_EQ(empty.value()[0].dims(), (Dims{0, 3}));
  auto flags = RunSlice(testing::BoolTensor({3}, {true, false, true}), {0}, {3}, {0}, {2});
  ASSERT_TRUE(flags.ok()) << flags.status().ToString();
  EXPECT_EQ(flags.value()[0].dims(), (Dims{2}));
  EXPECT_EQ(static_cast<const bool*>(flags.value()[0].data())[1], true);
}

TEST(Slice, RandomMatchesTheSpec) {
  std::mt19937 rng(11);
  auto pick = [&](int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
  };
  for (int trial = 0; trial < 300; ++trial) {
    const int rank = static_cast<int>(pick(1, 4));
    Dims dims(rank);
    for (int64_t& d : dims) d = pick(0, 5);
    std::vector<int64_t> starts, ends, axes, steps;
    std::vector<std::vector<int64_t>> picked(rank);
    for (int d = 0; d < rank; ++d) picked[d] = SpecSlice(0, dims[d], 1, dims[d]);
    for (int d = 0; d < rank; ++d) {
      if (pick(0, 2) == 0) continue;
      axes.push_back(pick(0, 1) ? d : d - rank);
      starts.push_back(pick(-8, 8));
      ends.push_back(pick(0, 5) == 0 ? (pick(0, 1) ? kMax : kMin) : pick(-8, 8));
      steps.push_back(pick(0, 1) ? pick(1, 3) : -pick(1, 3));
      picked[d] = SpecSlice(starts.back(), ends.back(), steps.back(), dims[d]);
    }
    if (axes.empty()) continue;
    std::vector<double> data(NumElements(dims));
    for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<double>(i);
    auto out = RunSlice(HostTensor::From<double>(dims, data), starts, ends, axes, steps);
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    Dims expected_dims(rank);
    for (int d = 0; d < rank; ++d) expected_dims[d] = static_cast<int64_t>(picked[d].size());
    ASSERT_EQ(out.value()[0].dims(), expected_dims) << "trial " << trial;
    std::vector<double> expected;
    std::vector<int64_t> idx(rank, 0);
    if (NumElements(expected_dims) > 0) {
      do {
        int64_t offset = 0;
        for (int d = 0; d < rank; ++d) offset = offset * dims[d] + picked[d][idx[d]];
        expected.push_back(data[offset]);
      } while (testing::Next(idx, expected_dims));
    }
    EXPECT_EQ(out.value()[0].values<double>(), expected) << "trial " << trial;
  }
}

TEST(Slice, RejectsBadSpecs) {
  const HostTensor data = IotaTensor({2, 3});
  ExpectError(RunSlice(data, {0}, {1}, {0}, {0}), StatusCode::kInvalidArgument,
              "input 'steps' has a zero at position 0 (expected a nonzero step, got [0])");
  ExpectError(RunSlice(data, {0, 0}, {1, 1}, {1, -1}, {}), StatusCode::kInvalidArgument,
              "input 'axes' repeats axis 1 (expected distinct axes, got [1,1])");
  ExpectError(RunSlice(data, {0}, {1}, {2}, {}), StatusCode::kInvalidArgument,
              "has axis 2 out of range (expected [-2, 1], got 2)");
  ExpectError(RunSlice(data, {0}, {1}, {-1}, {}, 10), StatusCode::kInvalidArgument,
              "(expected [0, 1], got -1)");
  ExpectError(RunSlice(data, {0, 0}, {1}, {}, {}), StatusCode::kInvalidArgument,
              "(expected 2 each like starts, got 1, 2 and 2)");
  ExpectError(KernelRunner(Library(), "Slice", 1).Attr("ends", std::vector<int64_t>{1}).Run({data}),
              StatusCode::kInvalidModel, "attribute 'starts' is missing");
  ExpectError(KernelRunner(Library(), "Slice", 13)
                  .Constant(1)
                  .Constant(2)
                  .Run({data, HostTensor::From<float>({1}, {0}), Ints({1})}),
              StatusCode::kInvalidArgument,
              "starts input 'input1' has the wrong dtype (expected int32 or int64, got float)");
  ExpectError(KernelRunner(Library(), "Slice", 13).Run({data, Ints({0}), Ints({1})}),
              StatusCode::kFailedPrecondition, "starts input 'input1' must be known ahead of time");
}

}  // namespace
}  // namespace onyx::kernels::ref
