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

HostTensor Ints(const std::vector<int64_t>& v) {
  return HostTensor::From<int64_t>({static_cast<int64_t>(v.size())}, v);
}

TEST(Split, VariablePartsFromTheSplitInput) {
  auto out = KernelRunner(Library(), "Split", 13)
                 .Attr("axis", int64_t{1})
                 .Outputs(2)
                 .Constant(1)
                 .Run({IotaTensor({2, 6}), Ints({2, 4})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dims(), (Dims{2, 2}));
  EXPECT_EQ(out.value()[0].values<float>(), (std::vector<float>{0, 1, 6, 7}));
  EXPECT_EQ(out.value()[1].dims(), (Dims{2, 4}));
  EXPECT_EQ(out.value()[1].values<float>(), (std::vector<float>{2, 3, 4, 5, 8, 9, 10, 11}));
}

TEST(Split, EqualAndUnevenParts) {
  auto equal = KernelRunner(Library(), "Split", 11).Outputs(3).Run({IotaTensor({6})});
  ASSERT_TRUE(equal.ok()) << equal.status().ToString();
  EXPECT_EQ(equal.value()[2].values<float>(), (std::vector<float>{4, 5}));
  auto uneven = KernelRunner(Library(), "Split", 18)
                    .Attr("num_outputs", int64_t{3})
                    .Attr("axis", int64_t{-1})
                    .Outputs(3)
                    .Run({IotaTensor({7})});
  ASSERT_TRUE(uneven.ok()) << uneven.status().ToString();
  EXPECT_EQ(uneven.value()[0].values<float>(), (std::vector<float>{0, 1, 2}));
  EXPECT_EQ(uneven.value()[1].values<float>(), (std::vector<float>{3, 4, 5}));
  EXPECT_EQ(uneven.value()[2].values<float>(), (std::vector<float>{6}));
}

TEST(Split, AttributeSizesZeroSizedPartsAndOpset1Input) {
  auto attr = KernelRunner(Library(), "Split", 2)
                  .Attr("split", std::vector<int64_t>{0, 3, 0})
                  .Outputs(3)
                  .Run({HostTensor::From<int64_t>({3}, {7, 8, 9})});
  ASSERT_TRUE(attr.ok()) << attr.status().ToString();
  EXPECT_EQ(attr.value()[0].dims(), (Dims{0}));
  EXPECT_EQ(attr.value()[1].values<int64_t>(), (std::vector<int64_t>{7, 8, 9}));
  EXPECT_EQ(attr.value()[2].dims(), (Dims{0}));
  auto legacy = KernelRunner(Library(), "Split", 1)
                    .Outputs(2)
                    .Constant(1)
                    .Run({IotaTensor({3}), HostTensor::From<float>({2}, {1, 2})});
  ASSERT_TRUE(legacy.ok()) << legacy.status().ToString();
  EXPECT_EQ(legacy.value()[1].values<float>(), (std::vector<float>{1, 2}));
}

TEST(Split, RandomMatchesNaiveReference) {
  std::mt19937 rng(3);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  for (int trial = 0; trial < 100; ++trial) {
    const int rank = pick(1, 4);
    Dims dims(rank);
    for (int64_t& d : dims) d = pick(0, 4);
    const int axis = pick(0, rank - 1);
    const int parts = pick(1, 3);
    std::vector<int64_t> sizes(parts, 0);
    for (int64_t k = 0; k < dims[axis]; ++k) ++sizes[pick(0, parts - 1)];
    auto out = KernelRunner(Library(), "Split", 13)
                   .Attr("axis", int64_t{axis})
                   .Outputs(parts)
                   .Constant(1)
                   .Run({IotaTensor(dims), Ints(sizes)});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    int64_t begin = 0;
    for (int i = 0; i < parts; ++i) {
      Dims part = dims;
      part[axis] = sizes[i];
      std::vector<float> expected;
      std::vector<int64_t> idx(rank, 0);
      if (NumElements(part) > 0) {
        do {
          int64_t flat = 0;
          for (int d = 0; d < rank; ++d) flat = flat * dims[d] + idx[d] + (d == axis ? begin : 0);
          expected.push_back(static_cast<float>(flat));
        } while (testing::Next(idx, part));
      }
      EXPECT_EQ(out.value()[i].dims(), part);
      EXPECT_EQ(out.value()[i].values<float>(), expected) << "trial " << trial << " part " << i;
      begin += sizes[i];
    }
  }
}

TEST(Split, RejectsBadSizes) {
  ExpectError(KernelRunner(Library(), "Split", 13)
                  .Outputs(2)
                  .Constant(1)
                  .Run({IotaTensor({5}), Ints({2, 2})}),
              StatusCode::kInvalidArgument,
              "split sizes [2,2] do not add up to axis 0 of input 'input0' of shape [5] "
              "(expected 5, got 4)");
  ExpectError(KernelRunner(Library(), "Split", 13)
                  .Outputs(3)
                  .Constant(1)
                  .Run({IotaTensor({5}), Ints({2, 3})}),
              StatusCode::kInvalidArgument, "split has 2 sizes for 3 outputs");
  ExpectError(KernelRunner(Library(), "Split", 13)
                  .Outputs(2)
                  .Constant(1)
                  .Run({IotaTensor({1}), Ints({-1, 2})}),
              StatusCode::kInvalidArgument, "split has a negative size");
  ExpectError(KernelRunner(Library(), "Split", 18).Outputs(4).Run({IotaTensor({5})}),
              StatusCode::kInvalidArgument,
              "into 4 parts of 2 (expected at most 3 outputs, got 4)");
  ExpectError(KernelRunner(Library(), "Split", 18)
                  .Attr("num_outputs", int64_t{3})
                  .Outputs(2)
                  .Run({IotaTensor({6})}),
              StatusCode::kInvalidModel,
              "attribute 'num_outputs' differs from the node's output count (expected 2, got 3)");
  ExpectError(KernelRunner(Library(), "Split", 13)
                  .Attr("num_outputs", int64_t{2})
                  .Outputs(2)
                  .Run({IotaTensor({6})}),
              StatusCode::kInvalidModel, "attribute 'num_outputs' is not defined before opset 18");
  ExpectError(KernelRunner(Library(), "Split", 13).Outputs(2).Run({IotaTensor({6}), Ints({3, 3})}),
              StatusCode::kFailedPrecondition, "must be known ahead of time");
}

// The spec allows a negative axis from opset 11, but PyTorch exports it at
// earlier opsets (the pytorch-converted GLU case) and ONNX Runtime accepts it:
// it counts from the end at every opset.
TEST(Split, NegativeAxisAtEveryOpset) {
  for (int opset : {1, 2, 11, 13, 18}) {
    SCOPED_TRACE(StrCat("opset ", opset));
    auto out = KernelRunner(Library(), "Split", opset)
                   .Attr("axis", int64_t{-1})
                   .Outputs(2)
                   .Run({IotaTensor({2, 4})});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    EXPECT_EQ(out.value()[0].dims(), (Dims{2, 2}));
    EXPECT_EQ(out.value()[0].values<float>(), (std::vector<float>{0, 1, 4, 5}));
    EXPECT_EQ(out.value()[1].values<float>(), (std::vector<float>{2, 3, 6, 7}));
    auto first = KernelRunner(Library(), "Split", opset)
                     .Attr("axis", int64_t{-2})
                     .Outputs(2)
                     .Run({IotaTensor({2, 4})});
    ASSERT_TRUE(first.ok()) << first.status().ToString();
    EXPECT_EQ(first.value()[1].values<float>(), (std::vector<float>{4, 5, 6, 7}));
    ExpectError(KernelRunner(Library(), "Split", opset)
                    .Attr("axis", int64_t{-3})
                    .Outputs(2)
                    .Run({IotaTensor({2, 4})}),
                StatusCode::kInvalidArgument,
                "attribute 'axis' is out of range for input 'input0' of shape [2,4] (expected "
                "[-2, 1], got -3)");
  }
}

}  // namespace
}  // namespace onyx::kernels::ref
