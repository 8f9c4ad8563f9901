#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

using testing::ExpectError;
using testing::IotaTensor;

TEST(GatherElements, ExamplesFromTheOnnxDocs) {
  auto axis1 = KernelRunner(Library(), "GatherElements", 13)
                   .Attr("axis", int64_t{1})
                   .Run({HostTensor::From<float>({2, 2}, {1, 2, 3, 4}),
                         HostTensor::From<int64_t>({2, 2}, {0, 0, 1, 0})});
  ASSERT_TRUE(axis1.ok()) << axis1.status().ToString();
  EXPECT_EQ(axis1.value()[0].values<float>(), (std::vector<float>{1, 1, 4, 3}));
  auto axis0 = KernelRunner(Library(), "GatherElements", 11)
                   .Run({HostTensor::From<int32_t>({3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9}),
                         HostTensor::From<int32_t>({2, 3}, {1, 2, 0, 2, 0, -1})});
  ASSERT_TRUE(axis0.ok()) << axis0.status().ToString();
  EXPECT_EQ(axis0.value()[0].dims(), (Dims{2, 3}));
  EXPECT_EQ(axis0.value()[0].values<int32_t>(), (std::vector<int32_t>{4, 8, 3, 7, 2, 9}));
}

TEST(GatherElements, EmptyIndices) {
  auto out = KernelRunner(Library(), "GatherElements", 13)
                 .Run({IotaTensor({0, 3}), HostTensor::From<int64_t>({0, 2}, {})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dims(), (Dims{0, 2}));
}

TEST(GatherElements, RandomMatchesNaiveReference) {
  std::mt19937 rng(29);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  for (int trial = 0; trial < 150; ++trial) {
    const int rank = pick(1, 4);
    const int axis = pick(0, rank - 1);
    Dims dims(rank), idims(rank);
    for (int d = 0; d < rank; ++d) {
      dims[d] = pick(1, 4);
      idims[d] = d == axis ? pick(0, 5) : pick(0, static_cast<int>(dims[d]));
    }
    std::vector<int64_t> indices(NumElements(idims));
    for (int64_t& i : indices) i = pick(-static_cast<int>(dims[axis]), dims[axis] - 1);
    auto out = KernelRunner(Library(), "GatherElements", 13)
                   .Attr("axis", int64_t{axis - (trial % 2) * rank})
                   .Run({IotaTensor(dims), HostTensor::From<int64_t>(idims, indices)});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    std::vector<float> expected;
    std::vector<int64_t> idx(rank, 0);
    int64_t k = 0;
    if (!indices.empty()) {
      do {
        int64_t flat = 0;
        for (int d = 0; d < rank; ++d) {
          int64_t c = idx[d];
          if (d == axis) c = indices[k] < 0 ? indices[k] + dims[d] : indices[k];
          flat = flat * dims[d] + c;
        }
        expected.push_back(static_cast<float>(flat));
        ++k;
      } while (testing::Next(idx, idims));
    }
    EXPECT_EQ(out.value()[0].values<float>(), expected) << "trial " << trial;
  }
}

TEST(GatherElements, RejectsBadInputs) {
  const HostTensor data = IotaTensor({2, 3});
  ExpectError(KernelRunner(Library(), "GatherElements", 13)
                  .Run({data, HostTensor::From<int64_t>({1, 2}, {0, 2})}),
              StatusCode::kInvalidArgument,
              "indices[1] is out of range for axis 0 of extent 2 (expected [-2, 1], got 2)");
  ExpectError(KernelRunner(Library(), "GatherElements", 13)
                  .Run({data, HostTensor::From<int64_t>({2}, {0, 1})}),
              StatusCode::kInvalidArgument,
              "indices input 'input1' rank differs from input 'input0' (expected 2, got 1");
  ExpectError(KernelRunner(Library(), "GatherElements", 13)
                  .Run({data, HostTensor::From<int64_t>({1, 4}, {0, 0, 0, 0})}),
              StatusCode::kInvalidArgument,
              "is wider than input 'input0' on dim 1 off axis 0 (expected at most 3, got 4)");
  ExpectError(KernelRunner(Library(), "GatherElements", 13)
                  .Run({data, HostTensor::From<float>({1, 1}, {0})}),
              StatusCode::kInvalidArgument, "(expected int32 or int64, got float)");
  ExpectError(KernelRunner(Library(), "GatherElements", 13)
                  .Attr("axis", int64_t{2})
                  .Run({data, HostTensor::From<int64_t>({1, 1}, {0})}),
              StatusCode::kInvalidArgument, "attribute 'axis' is out of range");
}

}  // namespace
}  // namespace onyx::kernels::ref
