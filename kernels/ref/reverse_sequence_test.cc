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

TEST(ReverseSequence, ExamplesFromTheOnnxDocs) {
  auto time0 =
      KernelRunner(Library(), "ReverseSequence", 10).Run({IotaTensor({4, 4}), Ints({4, 3, 2, 1})});
  ASSERT_TRUE(time0.ok()) << time0.status().ToString();
  // The docs' input is the transpose of Iota; this is the same example on Iota.
  EXPECT_EQ(time0.value()[0].values<float>(),
            (std::vector<float>{12, 9, 6, 3, 8, 5, 2, 7, 4, 1, 10, 11, 0, 13, 14, 15}));
  auto time1 = KernelRunner(Library(), "ReverseSequence", 28)
                   .Attr("batch_axis", int64_t{0})
                   .Attr("time_axis", int64_t{1})
                   .Run({IotaTensor({4, 4}), Ints({1, 2, 3, 4})});
  ASSERT_TRUE(time1.ok()) << time1.status().ToString();
  EXPECT_EQ(time1.value()[0].values<float>(),
            (std::vector<float>{0, 1, 2, 3, 5, 4, 6, 7, 10, 9, 8, 11, 15, 14, 13, 12}));
}

TEST(ReverseSequence, RandomMatchesNaiveReference) {
  std::mt19937 rng(71);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  for (int trial = 0; trial < 60; ++trial) {
    const int batch_axis = trial % 2, time_axis = 1 - batch_axis;
    Dims dims = {pick(1, 4), pick(1, 4), pick(1, 3)};
    std::vector<int64_t> lens(dims[batch_axis]);
    for (int64_t& l : lens) l = pick(0, static_cast<int>(dims[time_axis]));
    auto out = KernelRunner(Library(), "ReverseSequence", 10)
                   .Attr("batch_axis", int64_t{batch_axis})
                   .Attr("time_axis", int64_t{time_axis})
                   .Run({IotaTensor(dims), Ints(lens)});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    std::vector<float> expected;
    std::vector<int64_t> idx(3, 0);
    do {
      std::vector<int64_t> src = idx;
      const int64_t b = idx[batch_axis], t = idx[time_axis];
      if (t < lens[b]) src[time_axis] = lens[b] - 1 - t;
      expected.push_back(static_cast<float>((src[0] * dims[1] + src[1]) * dims[2] + src[2]));
    } while (testing::Next(idx, dims));
    EXPECT_EQ(out.value()[0].values<float>(), expected) << "trial " << trial;
  }
}

TEST(ReverseSequence, RejectsBadInputs) {
  ExpectError(
      KernelRunner(Library(), "ReverseSequence", 10).Run({IotaTensor({2, 2}), Ints({3, 1})}),
      StatusCode::kInvalidArgument,
      "sequence_lens[0] is out of range for a time axis of extent 2 (expected [0, 2], got 3)");
  ExpectError(KernelRunner(Library(), "ReverseSequence", 10).Run({IotaTensor({2, 2}), Ints({1})}),
              StatusCode::kInvalidArgument,
              "needs one length per batch entry (expected [2], got [1])");
  ExpectError(KernelRunner(Library(), "ReverseSequence", 10)
                  .Attr("batch_axis", int64_t{0})
                  .Run({IotaTensor({2, 2}), Ints({1, 1})}),
              StatusCode::kInvalidModel,
              "must be 0 and 1 in some order (expected {0, 1}, got 0 and 0)");
  ExpectError(KernelRunner(Library(), "ReverseSequence", 10).Run({IotaTensor({2}), Ints({1, 1})}),
              StatusCode::kInvalidArgument, "has rank 1");
}

}  // namespace
}  // namespace onyx::kernels::ref
