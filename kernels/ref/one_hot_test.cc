#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

using testing::ExpectError;

const HostTensor kValues = HostTensor::From<float>({2}, {0, 1});

Result<std::vector<HostTensor>> RunOneHot(const HostTensor& indices, int64_t depth, int64_t axis,
                                          int opset = 11) {
  return KernelRunner(Library(), "OneHot", opset)
      .Attr("axis", axis)
      .Constant(1)
      .Run({indices, HostTensor::From<int64_t>({}, {depth}), kValues});
}

TEST(OneHot, AxesNegativeAndOutOfRangeIndices) {
  const HostTensor indices = HostTensor::From<int64_t>({3}, {1, -1, 7});
  auto last = RunOneHot(indices, 3, -1);
  ASSERT_TRUE(last.ok()) << last.status().ToString();
  EXPECT_EQ(last.value()[0].dims(), (Dims{3, 3}));
  EXPECT_EQ(last.value()[0].values<float>(), (std::vector<float>{0, 1, 0, 0, 0, 1, 0, 0, 0}));
  auto first = RunOneHot(indices, 3, 0);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first.value()[0].values<float>(), (std::vector<float>{0, 0, 0, 1, 0, 0, 0, 1, 0}));
  auto opset9 = RunOneHot(indices, 3, -1, 9);  // Negative indices are off before opset 11.
  ASSERT_TRUE(opset9.ok()) << opset9.status().ToString();
  EXPECT_EQ(opset9.value()[0].values<float>(), (std::vector<float>{0, 1, 0, 0, 0, 0, 0, 0, 0}));
}

TEST(OneHot, FloatIndicesFloatDepthAndIntValues) {
  auto out =
      KernelRunner(Library(), "OneHot", 11)
          .Constant(1)
          .Run({HostTensor::From<float>({2}, {1.9f, 0.0f}), HostTensor::From<float>({1}, {2.0f}),
                HostTensor::From<int32_t>({2}, {-5, 5})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].values<int32_t>(), (std::vector<int32_t>{-5, 5, 5, -5}));
}

TEST(OneHot, RandomMatchesNaiveReference) {
  std::mt19937 rng(59);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  for (int trial = 0; trial < 100; ++trial) {
    const int rank = pick(0, 3);
    Dims dims(rank);
    for (int64_t& d : dims) d = pick(0, 3);
    const int64_t depth = pick(0, 4);
    const int axis = pick(-rank - 1, rank);
    std::vector<int64_t> indices(NumElements(dims));
    for (int64_t& i : indices) i = pick(-6, 6);
    auto out = RunOneHot(HostTensor::From<int64_t>(dims, indices), depth, axis);
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    const int a = axis < 0 ? axis + rank + 1 : axis;
    Dims out_dims = dims;
    out_dims.insert(out_dims.begin() + a, depth);
    ASSERT_EQ(out.value()[0].dims(), out_dims);
    std::vector<float> expected;
    std::vector<int64_t> idx(out_dims.size(), 0);
    if (NumElements(out_dims) > 0) {
      do {
        int64_t flat = 0;
        for (int d = 0; d < static_cast<int>(out_dims.size()); ++d) {
          if (d != a) flat = flat * out_dims[d] + idx[d];
        }
        int64_t v = indices[flat];
        if (v < 0) v += depth;
        expected.push_back(v == idx[a] ? 1.0f : 0.0f);
      } while (testing::Next(idx, out_dims));
    }
    EXPECT_EQ(out.value()[0].values<float>(), expected) << "trial " << trial;
  }
}

TEST(OneHot, RejectsBadInputs) {
  const HostTensor indices = HostTensor::From<int64_t>({2}, {0, 1});
  ExpectError(RunOneHot(indices, -1, -1), StatusCode::kInvalidArgument,
              "depth input 'input1' is not a valid extent (expected >= 0, got -1)");
  ExpectError(
      RunOneHot(indices, 2, 2), StatusCode::kInvalidArgument,
      "attribute 'axis' is out of range for indices of shape [2] (expected [-2, 1], got 2)");
  ExpectError(KernelRunner(Library(), "OneHot", 11)
                  .Run({indices, HostTensor::From<int64_t>({}, {2}), kValues}),
              StatusCode::kFailedPrecondition, "depth input 'input1' must be known ahead of time");
  ExpectError(KernelRunner(Library(), "OneHot", 11)
                  .Constant(1)
                  .Run({indices, HostTensor::From<int64_t>({}, {2}),
                        HostTensor::From<float>({3}, {0, 1, 2})}),
              StatusCode::kInvalidArgument,
              "values input 'input2' must hold [off, on] (expected shape [2], got [3])");
}

}  // namespace
}  // namespace onyx::kernels::ref
