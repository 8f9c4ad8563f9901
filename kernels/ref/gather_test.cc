#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

TEST(Gather, Axis0FromTheOnnxDocs) {
  auto out = KernelRunner(Library(), "Gather", 13)
                 .Run({HostTensor::From<float>({3, 2}, {1.0f, 1.2f, 2.3f, 3.4f, 4.5f, 5.7f}),
                       HostTensor::From<int64_t>({2, 2}, {0, 1, 1, 2})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dims(), (Dims{2, 2, 2}));
  EXPECT_EQ(out.value()[0].values<float>(),
            (std::vector<float>{1.0f, 1.2f, 2.3f, 3.4f, 2.3f, 3.4f, 4.5f, 5.7f}));
}

TEST(Gather, Axis1FromTheOnnxDocs) {
  auto out = KernelRunner(Library(), "Gather", 13)
                 .Attr("axis", int64_t{1})
                 .Run({HostTensor::From<float>(
                           {3, 3}, {1.0f, 1.2f, 1.9f, 2.3f, 3.4f, 3.9f, 4.5f, 5.7f, 5.9f}),
                       HostTensor::From<int32_t>({1, 2}, {0, 2})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dims(), (Dims{3, 1, 2}));
  EXPECT_EQ(out.value()[0].values<float>(),
            (std::vector<float>{1.0f, 1.9f, 2.3f, 3.9f, 4.5f, 5.9f}));
}

TEST(Gather, NegativeIndicesAndAxis) {
  auto out = KernelRunner(Library(), "Gather", 11)
                 .Attr("axis", int64_t{-1})
                 .Run({HostTensor::From<int32_t>({2, 3}, {1, 2, 3, 4, 5, 6}),
                       HostTensor::From<int64_t>({2}, {-1, -3})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dims(), (Dims{2, 2}));
  EXPECT_EQ(out.value()[0].values<int32_t>(), (std::vector<int32_t>{3, 1, 6, 4}));
}

TEST(Gather, ScalarIndexDropsTheAxis) {
  // The shape-subgraph pattern: Gather(Shape(x), 1) is a scalar.
  auto out = KernelRunner(Library(), "Gather", 1)
                 .Run({HostTensor::From<int64_t>({4}, {8, 3, 224, 224}),
                       HostTensor::From<int64_t>({}, {1})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dims(), (Dims{}));
  EXPECT_EQ(out.value()[0].values<int64_t>(), (std::vector<int64_t>{3}));
}

TEST(Gather, EmptyIndicesAndEmptyData) {
  auto no_indices = KernelRunner(Library(), "Gather", 13)
                        .Run({HostTensor::From<float>({3, 2}, std::vector<float>(6)),
                              HostTensor::From<int64_t>({0}, {})});
  ASSERT_TRUE(no_indices.ok()) << no_indices.status().ToString();
  EXPECT_EQ(no_indices.value()[0].dims(), (Dims{0, 2}));
  auto empty_rows =
      KernelRunner(Library(), "Gather", 13)
          .Run({HostTensor::From<float>({2, 0}, {}), HostTensor::From<int64_t>({3}, {1, 0, 1})});
  ASSERT_TRUE(empty_rows.ok()) << empty_rows.status().ToString();
  EXPECT_EQ(empty_rows.value()[0].dims(), (Dims{3, 0}));
}

TEST(Gather, RandomMatchesNaiveReference) {
  std::mt19937 rng(5);
  for (int trial = 0; trial < 200; ++trial) {
    const int rank = std::uniform_int_distribution<int>(1, 4)(rng);
    Dims dims(rank);
    for (int64_t& d : dims) d = std::uniform_int_distribution<int>(1, 4)(rng);
    const int axis = std::uniform_int_distribution<int>(0, rank - 1)(rng);
    const int64_t extent = dims[axis];
    Dims idims(std::uniform_int_distribution<int>(0, 2)(rng));
    for (int64_t& d : idims) d = std::uniform_int_distribution<int>(1, 3)(rng);
    std::vector<int32_t> indices(NumElements(idims));
    for (int32_t& i : indices) i = std::uniform_int_distribution<int32_t>(-extent, extent - 1)(rng);
    std::vector<double> data(NumElements(dims));
    for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<double>(i);
    auto out =
        KernelRunner(Library(), "Gather", 13)
            .Attr("axis", int64_t{axis})
            .Run({HostTensor::From<double>(dims, data), HostTensor::From<int32_t>(idims, indices)});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    int64_t outer = 1, inner = 1;
    for (int d = 0; d < axis; ++d) outer *= dims[d];
    for (int d = axis + 1; d < rank; ++d) inner *= dims[d];
    std::vector<double> expected;
    for (int64_t o = 0; o < outer; ++o)
      for (int32_t index : indices)
        for (int64_t i = 0; i < inner; ++i)
          expected.push_back(data[(o * extent + (index < 0 ? index + extent : index)) * inner + i]);
    EXPECT_EQ(out.value()[0].values<double>(), expected) << "trial " << trial;
  }
}

TEST(Gather, OutOfRangeIndexFailsRunWithoutCrashing) {
  const HostTensor data = HostTensor::From<float>({3}, {1, 2, 3});
  testing::ExpectError(
      KernelRunner(Library(), "Gather", 13).Run({data, HostTensor::From<int64_t>({2}, {0, 3})}),
      StatusCode::kInvalidArgument,
      "indices[1] is out of range for axis 0 of extent 3 (expected [-3, 2], got 3)");
  testing::ExpectError(
      KernelRunner(Library(), "Gather", 13).Run({data, HostTensor::From<int32_t>({1}, {-4})}),
      StatusCode::kInvalidArgument, "(expected [-3, 2], got -4)");
  testing::ExpectError(
      KernelRunner(Library(), "Gather", 13)
          .Run({HostTensor::From<float>({0}, {}), HostTensor::From<int64_t>({1}, {0})}),
      StatusCode::kInvalidArgument, "of extent 0 (expected [0, -1], got 0)");
}

TEST(Gather, RejectsBadInputs) {
  const HostTensor data = HostTensor::From<float>({3}, {1, 2, 3});
  testing::ExpectError(
      KernelRunner(Library(), "Gather", 13).Run({data, HostTensor::From<float>({1}, {0})}),
      StatusCode::kInvalidArgument,
      "input 'input1' has the wrong dtype for indices (expected int32 or int64, got float)");
  testing::ExpectError(
      KernelRunner(Library(), "Gather", 13)
          .Run({HostTensor::From<float>({}, {1}), HostTensor::From<int64_t>({}, {0})}),
      StatusCode::kInvalidArgument,
      "input 'input0' is a scalar (expected rank 1 or more, got shape [])");
  testing::ExpectError(
      KernelRunner(Library(), "Gather", 13)
          .Attr("axis", int64_t{1})
          .Run({data, HostTensor::From<int64_t>({1}, {0})}),
      StatusCode::kInvalidArgument,
      "attribute 'axis' is out of range for input 'input0' of shape [3] (expected [-1, 0], got 1)");
}

}  // namespace
}  // namespace onyx::kernels::ref
