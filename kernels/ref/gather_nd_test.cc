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

Result<std::vector<HostTensor>> RunGatherND(const Dims& data, const Dims& idims,
                                            const std::vector<int64_t>& indices,
                                            int64_t batch_dims = 0) {
  return KernelRunner(Library(), "GatherND", 13)
      .Attr("batch_dims", batch_dims)
      .Run({IotaTensor(data), HostTensor::From<int64_t>(idims, indices)});
}

void ExpectOutput(const Result<std::vector<HostTensor>>& out, const Dims& dims,
                  const std::vector<float>& values) {
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dims(), dims);
  EXPECT_EQ(out.value()[0].values<float>(), values);
}

TEST(GatherND, ExamplesFromTheOnnxDocs) {
  ExpectOutput(RunGatherND({2, 2}, {2, 2}, {0, 0, 1, 1}), {2}, {0, 3});
  ExpectOutput(RunGatherND({2, 2}, {2, 1}, {1, 0}), {2, 2}, {2, 3, 0, 1});
  ExpectOutput(RunGatherND({2, 2, 2}, {2, 2}, {0, 1, 1, 0}), {2, 2}, {2, 3, 4, 5});
  ExpectOutput(RunGatherND({2, 2, 2}, {2, 1, 2}, {0, 1, 1, 0}), {2, 1, 2}, {2, 3, 4, 5});
  ExpectOutput(RunGatherND({2, 2, 2}, {2, 1}, {1, 0}, 1), {2, 2}, {2, 3, 4, 5});
}

TEST(GatherND, NegativeIndicesAndOpset11) {
  auto out = KernelRunner(Library(), "GatherND", 11)
                 .Run({HostTensor::From<int32_t>({3}, {7, 8, 9}),
                       HostTensor::From<int64_t>({2, 1}, {-1, -3})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].values<int32_t>(), (std::vector<int32_t>{9, 7}));
}

TEST(GatherND, RandomMatchesNaiveReference) {
  std::mt19937 rng(31);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  for (int trial = 0; trial < 150; ++trial) {
    const int r = pick(1, 4);
    Dims dims(r);
    for (int64_t& d : dims) d = pick(1, 3);
    const int b = pick(0, r - 1);
    const int m = pick(1, r - b);
    Dims idims(dims.begin(), dims.begin() + b);
    for (int extra = pick(0, 2); extra > 0; --extra) idims.push_back(pick(0, 3));
    idims.push_back(m);
    if (static_cast<int>(idims.size()) <= b) continue;
    std::vector<int64_t> indices(NumElements(idims));
    for (size_t k = 0; k < indices.size(); ++k) {
      const int64_t extent = dims[b + k % m];
      indices[k] = pick(-static_cast<int>(extent), extent - 1);
    }
    auto out = RunGatherND(dims, idims, indices, b);
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    // Walk the output: leading coordinates pick batch and tuple, the rest the slice.
    Dims out_dims(idims.begin(), idims.end() - 1);
    out_dims.insert(out_dims.end(), dims.begin() + b + m, dims.end());
    ASSERT_EQ(out.value()[0].dims(), out_dims);
    std::vector<float> expected;
    std::vector<int64_t> idx(out_dims.size(), 0);
    const size_t lead = idims.size() - 1;
    if (NumElements(out_dims) > 0) {
      do {
        int64_t tuple = 0;
        for (size_t d = 0; d < lead; ++d) tuple = tuple * idims[d] + idx[d];
        std::vector<int64_t> coord(idx.begin(), idx.begin() + b);
        for (int j = 0; j < m; ++j) {
          const int64_t v = indices[tuple * m + j];
          coord.push_back(v < 0 ? v + dims[b + j] : v);
        }
        coord.insert(coord.end(), idx.begin() + lead, idx.end());
        int64_t flat = 0;
        for (int d = 0; d < r; ++d) flat = flat * dims[d] + coord[d];
        expected.push_back(static_cast<float>(flat));
      } while (testing::Next(idx, out_dims));
    }
    EXPECT_EQ(out.value()[0].values<float>(), expected) << "trial " << trial;
  }
}

TEST(GatherND, RejectsBadInputs) {
  ExpectError(RunGatherND({2, 2}, {1, 2}, {0, 2}), StatusCode::kInvalidArgument,
              "indices[1] is out of range for axis 1 of extent 2 (expected [-2, 1], got 2)");
  ExpectError(RunGatherND({2, 2}, {1, 3}, {0, 0, 0}), StatusCode::kInvalidArgument,
              "has tuples longer than the 2 axes of input 'input0' after batch_dims (expected at "
              "most 2, got 3)");
  ExpectError(RunGatherND({2, 2}, {3, 1}, {0, 0, 0}, 1), StatusCode::kInvalidArgument,
              "batch dim 0 of indices input 'input1' differs from input 'input0' (expected 2, got "
              "3)");
  ExpectError(RunGatherND({2, 2}, {2, 1}, {0, 0}, 2), StatusCode::kInvalidArgument,
              "attribute 'batch_dims' is out of range for ranks 2 and 2 (expected [0, 1], got 2)");
  ExpectError(KernelRunner(Library(), "GatherND", 11)
                  .Attr("batch_dims", int64_t{1})
                  .Run({IotaTensor({2, 2}), HostTensor::From<int64_t>({2, 1}, {0, 0})}),
              StatusCode::kInvalidModel, "attribute 'batch_dims' is not defined before opset 12");
}

}  // namespace
}  // namespace onyx::kernels::ref
