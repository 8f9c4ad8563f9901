#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

using testing::ExpectError;
using testing::IotaTensor;

TEST(TensorScatter, LinearExampleFromTheOnnxCases) {
  // Cache [2, 1, 4, 2]; batch 0 writes at 1, batch 1 at 2.
  auto out =
      KernelRunner(Library(), "TensorScatter", 24)
          .Run({IotaTensor({2, 1, 4, 2}), HostTensor::From<float>({2, 1, 1, 2}, {-1, -2, -3, -4}),
                HostTensor::From<int64_t>({2}, {1, 2})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].values<float>(),
            (std::vector<float>{0, 1, -1, -2, 4, 5, 6, 7, 8, 9, 10, 11, -3, -4, 14, 15}));
}

TEST(TensorScatter, CircularWrapsAndDefaultsToZero) {
  auto circular = KernelRunner(Library(), "TensorScatter", 24)
                      .Attr("mode", std::string("circular"))
                      .Attr("axis", int64_t{1})
                      .Run({IotaTensor({1, 3}), HostTensor::From<float>({1, 2}, {-1, -2}),
                            HostTensor::From<int64_t>({1}, {5})});
  ASSERT_TRUE(circular.ok()) << circular.status().ToString();
  EXPECT_EQ(circular.value()[0].values<float>(), (std::vector<float>{-2, 1, -1}));
  auto prefill = KernelRunner(Library(), "TensorScatter", 24)
                     .Attr("axis", int64_t{-1})
                     .Run({IotaTensor({2, 3}), HostTensor::From<float>({2, 1}, {-1, -2})});
  ASSERT_TRUE(prefill.ok()) << prefill.status().ToString();
  EXPECT_EQ(prefill.value()[0].values<float>(), (std::vector<float>{-1, 1, 2, -2, 4, 5}));
}

TEST(TensorScatter, RandomMatchesTheSpecPseudocode) {
  std::mt19937 rng(43);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  for (int trial = 0; trial < 100; ++trial) {
    const bool circular = trial % 2 == 1;
    const int rank = pick(2, 4);
    const int axis = pick(1, rank - 1);
    Dims dims(rank);
    for (int64_t& d : dims) d = pick(1, 3);
    Dims udims = dims;
    udims[axis] = pick(0, static_cast<int>(dims[axis]));
    std::vector<int64_t> write(dims[0]);
    for (int64_t& w : write) w = circular ? pick(0, 7) : pick(0, dims[axis] - udims[axis]);
    std::vector<float> update(NumElements(udims));
    for (size_t i = 0; i < update.size(); ++i) update[i] = -1.0f - static_cast<float>(i);
    auto out = KernelRunner(Library(), "TensorScatter", 24)
                   .Attr("axis", int64_t{axis})
                   .Attr("mode", std::string(circular ? "circular" : "linear"))
                   .Run({IotaTensor(dims), HostTensor::From<float>(udims, update),
                         HostTensor::From<int64_t>({dims[0]}, write)});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    std::vector<float> expected = testing::Iota(NumElements(dims));
    std::vector<int64_t> idx(rank, 0);
    int64_t k = 0;
    if (!update.empty()) {
      do {
        std::vector<int64_t> at = idx;
        at[axis] = write[idx[0]] + idx[axis];
        if (circular) at[axis] %= dims[axis];
        int64_t flat = 0;
        for (int d = 0; d < rank; ++d) flat = flat * dims[d] + at[d];
        expected[flat] = update[k++];
      } while (testing::Next(idx, udims));
    }
    EXPECT_EQ(out.value()[0].values<float>(), expected) << "trial " << trial;
  }
}

TEST(TensorScatter, RejectsBadInputs) {
  const HostTensor cache = IotaTensor({2, 3});
  const HostTensor update = HostTensor::From<float>({2, 2}, {0, 0, 0, 0});
  ExpectError(KernelRunner(Library(), "TensorScatter", 24)
                  .Attr("axis", int64_t{1})
                  .Run({cache, update, HostTensor::From<int64_t>({2}, {0, 2})}),
              StatusCode::kInvalidArgument,
              "write_indices[1] leaves no room for the update of 2 positions in linear mode "
              "(expected [0, 1], got 2)");
  ExpectError(KernelRunner(Library(), "TensorScatter", 24)
                  .Attr("mode", std::string("circular"))
                  .Attr("axis", int64_t{1})
                  .Run({cache, update, HostTensor::From<int64_t>({2}, {0, -1})}),
              StatusCode::kInvalidArgument, "write_indices[1] is negative");
  ExpectError(KernelRunner(Library(), "TensorScatter", 24)
                  .Attr("axis", int64_t{1})
                  .Run({cache, HostTensor::From<float>({2, 4}, std::vector<float>(8))}),
              StatusCode::kInvalidArgument,
              "update input 'input1' does not fit input 'input0' (expected the shape [2,3] with "
              "at most 3 on axis 1, got [2,4])");
  ExpectError(KernelRunner(Library(), "TensorScatter", 24).Run({cache, update}),
              StatusCode::kInvalidArgument,
              "attribute 'axis' names the batch axis of input 'input0' of shape [2,3] (expected an "
              "axis after 0, got -2)");
  ExpectError(KernelRunner(Library(), "TensorScatter", 24)
                  .Attr("mode", std::string("ring"))
                  .Run({cache, update}),
              StatusCode::kInvalidModel,
              "attribute 'mode' is not supported (expected linear or circular, got 'ring')");
  ExpectError(KernelRunner(Library(), "TensorScatter", 24)
                  .Attr("axis", int64_t{1})
                  .Run({cache, update, HostTensor::From<int64_t>({3}, {0, 0, 0})}),
              StatusCode::kInvalidArgument,
              "needs one index per batch entry (expected [2], got [3])");
}

}  // namespace
}  // namespace onyx::kernels::ref
