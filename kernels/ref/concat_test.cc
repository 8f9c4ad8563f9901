#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

TEST(Concat, GoldensFromTheOnnxExamples) {
  const HostTensor a = HostTensor::From<float>({2, 2}, {1, 2, 3, 4});
  const HostTensor b = HostTensor::From<float>({2, 2}, {5, 6, 7, 8});
  auto rows = KernelRunner(Library(), "Concat", 13).Attr("axis", int64_t{0}).Run({a, b});
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(rows.value()[0].dims(), (Dims{4, 2}));
  EXPECT_EQ(rows.value()[0].values<float>(), (std::vector<float>{1, 2, 3, 4, 5, 6, 7, 8}));
  auto cols = KernelRunner(Library(), "Concat", 13).Attr("axis", int64_t{1}).Run({a, b});
  ASSERT_TRUE(cols.ok()) << cols.status().ToString();
  EXPECT_EQ(cols.value()[0].dims(), (Dims{2, 4}));
  EXPECT_EQ(cols.value()[0].values<float>(), (std::vector<float>{1, 2, 5, 6, 3, 4, 7, 8}));
  auto last = KernelRunner(Library(), "Concat", 11).Attr("axis", int64_t{-1}).Run({a, b});
  ASSERT_TRUE(last.ok()) << last.status().ToString();
  EXPECT_EQ(last.value()[0].values<float>(), cols.value()[0].values<float>());
}

TEST(Concat, RandomShapesMatchNaiveReference) {
  std::mt19937 rng(77);
  for (int trial = 0; trial < 200; ++trial) {
    const int rank = std::uniform_int_distribution<int>(1, 4)(rng);
    const int axis = std::uniform_int_distribution<int>(0, rank - 1)(rng);
    const int count = std::uniform_int_distribution<int>(1, 4)(rng);
    Dims base(rank);
    for (int64_t& d : base) d = std::uniform_int_distribution<int>(1, 3)(rng);
    std::vector<HostTensor> inputs;
    int32_t next = 0;
    for (int i = 0; i < count; ++i) {
      Dims dims = base;
      dims[axis] = std::uniform_int_distribution<int>(0, 3)(rng);  // Zero-size inputs too.
      std::vector<int32_t> values(NumElements(dims));
      for (int32_t& v : values) v = next++;
      inputs.push_back(HostTensor::From<int32_t>(dims, values));
    }
    const int64_t attr_axis = trial % 2 ? axis : axis - rank;
    auto out = KernelRunner(Library(), "Concat", 13).Attr("axis", attr_axis).Run(inputs);
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    // Naive: walk the output coordinates and find which input owns each.
    Dims expected_dims = base;
    expected_dims[axis] = 0;
    for (const HostTensor& t : inputs) expected_dims[axis] += t.dims()[axis];
    ASSERT_EQ(out.value()[0].dims(), expected_dims);
    std::vector<int32_t> got = out.value()[0].values<int32_t>();
    for (int64_t flat = 0; flat < NumElements(expected_dims); ++flat) {
      Dims coord(rank);
      for (int64_t d = rank - 1, rest = flat; d >= 0; --d) {
        coord[d] = rest % expected_dims[d];
        rest /= expected_dims[d];
      }
      size_t which = 0;
      while (coord[axis] >= inputs[which].dims()[axis]) coord[axis] -= inputs[which++].dims()[axis];
      int64_t index = 0;
      for (int d = 0; d < rank; ++d) index = index * inputs[which].dims()[d] + coord[d];
      ASSERT_EQ(got[flat], inputs[which].values<int32_t>()[index])
          << "trial " << trial << " at " << flat;
    }
  }
}

TEST(Concat, SingleInputAndEmptyOutput) {
  auto one = KernelRunner(Library(), "Concat", 13)
                 .Attr("axis", int64_t{0})
                 .Run({HostTensor::From<int64_t>({3}, {7, 8, 9})});
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  EXPECT_EQ(one.value()[0].values<int64_t>(), (std::vector<int64_t>{7, 8, 9}));
  auto empty = KernelRunner(Library(), "Concat", 13)
                   .Attr("axis", int64_t{1})
                   .Run({HostTensor::From<float>({0, 2}, {}), HostTensor::From<float>({0, 3}, {})});
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_EQ(empty.value()[0].dims(), (Dims{0, 5}));
}

TEST(Concat, AxisRulesPerOpset) {
  const HostTensor a = HostTensor::From<float>({1, 2}, {1, 2});
  // Opset 1: axis optional, default 1.
  auto legacy = KernelRunner(Library(), "Concat", 1).Run({a, a});
  ASSERT_TRUE(legacy.ok()) << legacy.status().ToString();
  EXPECT_EQ(legacy.value()[0].dims(), (Dims{1, 4}));
  testing::ExpectError(KernelRunner(Library(), "Concat", 4).Run({a, a}), StatusCode::kInvalidModel,
                       "attribute 'axis' is missing");
  testing::ExpectError(KernelRunner(Library(), "Concat", 10).Attr("axis", int64_t{-1}).Run({a, a}),
                       StatusCode::kInvalidModel,
                       "attribute 'axis' is negative before opset 11 (expected [0, 1], got -1)");
  testing::ExpectError(
      KernelRunner(Library(), "Concat", 13).Attr("axis", int64_t{2}).Run({a, a}),
      StatusCode::kInvalidArgument,
      "attribute 'axis' is out of range for input 'input0' of shape [1,2] (expected [-2, "
      "1], got 2)");
  testing::ExpectError(
      KernelRunner(Library(), "Concat", 3).Run({HostTensor::From<int32_t>({1}, {1})}),
      StatusCode::kNotFound, "Concat opset 3 dtype int32");
}

TEST(Concat, RejectsMismatchedInputs) {
  const HostTensor a = HostTensor::From<float>({2, 2}, {1, 2, 3, 4});
  testing::ExpectError(
      KernelRunner(Library(), "Concat", 13)
          .Attr("axis", int64_t{0})
          .Run({a, HostTensor::From<float>({2, 3}, std::vector<float>(6))}),
      StatusCode::kInvalidArgument,
      "input 'input1' dim 1 differs from input 'input0' off the concat axis 0 (expected 2, got 3)");
  testing::ExpectError(KernelRunner(Library(), "Concat", 13)
                           .Attr("axis", int64_t{0})
                           .Run({a, HostTensor::From<float>({4}, {1, 2, 3, 4})}),
                       StatusCode::kInvalidArgument,
                       "input 'input1' rank differs from input 'input0' (expected 2, got 1");
  testing::ExpectError(
      KernelRunner(Library(), "Concat", 13)
          .Attr("axis", int64_t{0})
          .Run({a, HostTensor::From<int32_t>({2, 2}, {1, 2, 3, 4})}),
      StatusCode::kInvalidArgument,
      "input 'input1' dtype differs from input 'input0' (expected float, got int32)");
  testing::ExpectError(
      KernelRunner(Library(), "Concat", 13)
          .Attr("axis", int64_t{0})
          .Run({HostTensor::From<float>({}, {1}), HostTensor::From<float>({}, {2})}),
      StatusCode::kInvalidArgument,
      "input 'input0' is a scalar (expected rank 1 or more, got shape [])");
  testing::ExpectError(
      KernelRunner(Library(), "Concat", 13).Attr("axis", int64_t{0}).Run({a, HostTensor()}),
      StatusCode::kInvalidModel, "input #1 is missing");
}

}  // namespace
}  // namespace onyx::kernels::ref
