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

TEST(CenterCropPad, CropPadAndOddDifferences) {
  auto crop =
      KernelRunner(Library(), "CenterCropPad", 18).Constant(1).Run({IotaTensor({5}), Ints({2})});
  ASSERT_TRUE(crop.ok()) << crop.status().ToString();
  EXPECT_EQ(crop.value()[0].values<float>(),
            (std::vector<float>{1, 2}));  // Window starts at 3 // 2.
  auto pad =
      KernelRunner(Library(), "CenterCropPad", 18).Constant(1).Run({IotaTensor({2}), Ints({5})});
  ASSERT_TRUE(pad.ok()) << pad.status().ToString();
  EXPECT_EQ(pad.value()[0].values<float>(), (std::vector<float>{0, 0, 1, 0, 0}));
  auto hwc = KernelRunner(Library(), "CenterCropPad", 18)
                 .Attr("axes", std::vector<int64_t>{-2})
                 .Constant(1)
                 .Run({IotaTensor({1, 3, 2}), HostTensor::From<int32_t>({1}, {1})});
  ASSERT_TRUE(hwc.ok()) << hwc.status().ToString();
  EXPECT_EQ(hwc.value()[0].dims(), (Dims{1, 1, 2}));
  EXPECT_EQ(hwc.value()[0].values<float>(), (std::vector<float>{2, 3}));
}

TEST(CenterCropPad, RandomMatchesTheOnnxReference) {
  std::mt19937 rng(73);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  for (int trial = 0; trial < 100; ++trial) {
    const int rank = pick(1, 3);
    Dims dims(rank), target(rank);
    for (int d = 0; d < rank; ++d) dims[d] = pick(0, 5), target[d] = pick(0, 6);
    auto out =
        KernelRunner(Library(), "CenterCropPad", 18)
            .Constant(1)
            .Run({IotaTensor(dims), Ints(std::vector<int64_t>(target.begin(), target.end()))});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    ASSERT_EQ(out.value()[0].dims(), target);
    // The reference: crop slices [d//2, ...) where larger, pad slices [d//2, ...) where smaller.
    std::vector<float> expected;
    std::vector<int64_t> idx(rank, 0);
    if (NumElements(target) > 0) {
      do {
        int64_t flat = 0;
        for (int d = 0; d < rank && flat >= 0; ++d) {
          const int64_t i = dims[d] >= target[d] ? idx[d] + (dims[d] - target[d]) / 2
                                                 : idx[d] - (target[d] - dims[d]) / 2;
          flat = i < 0 || i >= dims[d] ? -1 : flat * dims[d] + i;
        }
        expected.push_back(flat < 0 ? 0.0f : static_cast<float>(flat));
      } while (testing::Next(idx, target));
    }
    EXPECT_EQ(out.value()[0].values<float>(), expected) << "trial " << trial;
  }
}

TEST(CenterCropPad, RejectsBadInputs) {
  ExpectError(
      KernelRunner(Library(), "CenterCropPad", 18).Constant(1).Run({IotaTensor({2, 2}), Ints({2})}),
      StatusCode::kInvalidArgument,
      "shape input 'input1' needs one extent per axis in [0,1] (expected 2, got [2])");
  ExpectError(
      KernelRunner(Library(), "CenterCropPad", 18).Constant(1).Run({IotaTensor({2}), Ints({-1})}),
      StatusCode::kInvalidArgument, "has a negative extent");
  ExpectError(KernelRunner(Library(), "CenterCropPad", 18).Run({IotaTensor({2}), Ints({1})}),
              StatusCode::kFailedPrecondition, "shape input 'input1' must be known ahead of time");
  ExpectError(KernelRunner(Library(), "CenterCropPad", 18)
                  .Attr("axes", std::vector<int64_t>{0, -2})
                  .Constant(1)
                  .Run({IotaTensor({2, 2}), Ints({1, 1})}),
              StatusCode::kInvalidArgument, "attribute 'axes' repeats axis 0");
}

}  // namespace
}  // namespace onyx::kernels::ref
