#include <gtest/gtest.h>

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

TEST(Trilu, UpperAndLowerWithK) {
  const HostTensor x = HostTensor::From<int64_t>({3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9});
  auto upper = KernelRunner(Library(), "Trilu", 14).Run({x});
  ASSERT_TRUE(upper.ok()) << upper.status().ToString();
  EXPECT_EQ(upper.value()[0].values<int64_t>(), (std::vector<int64_t>{1, 2, 3, 0, 5, 6, 0, 0, 9}));
  auto lower = KernelRunner(Library(), "Trilu", 14)
                   .Attr("upper", int64_t{0})
                   .Run({x, HostTensor::From<int64_t>({}, {-1})});
  ASSERT_TRUE(lower.ok()) << lower.status().ToString();
  EXPECT_EQ(lower.value()[0].values<int64_t>(), (std::vector<int64_t>{0, 0, 0, 4, 0, 0, 7, 8, 0}));
  auto far = KernelRunner(Library(), "Trilu", 14)
                 .Run({x, HostTensor::From<int64_t>({}, {std::numeric_limits<int64_t>::min()})});
  ASSERT_TRUE(far.ok()) << far.status().ToString();
  EXPECT_EQ(far.value()[0].values<int64_t>(), x.values<int64_t>());
}

TEST(Trilu, RandomBatchesMatchNaiveReference) {
  std::mt19937 rng(53);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  for (int trial = 0; trial < 100; ++trial) {
    Dims dims = {pick(0, 2), pick(0, 4), pick(0, 4)};
    const int64_t k = pick(-5, 5);
    const bool upper = trial % 2 == 0;
    auto out = KernelRunner(Library(), "Trilu", 14)
                   .Attr("upper", int64_t{upper})
                   .Run({IotaTensor(dims), HostTensor::From<int64_t>({1}, {k})});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    std::vector<float> expected;
    for (int64_t b = 0; b < dims[0]; ++b)
      for (int64_t i = 0; i < dims[1]; ++i)
        for (int64_t j = 0; j < dims[2]; ++j) {
          const bool keep = upper ? i + k <= j : j <= i + k;
          expected.push_back(keep ? static_cast<float>((b * dims[1] + i) * dims[2] + j) : 0.0f);
        }
    EXPECT_EQ(out.value()[0].values<float>(), expected) << "trial " << trial;
  }
}

TEST(Trilu, RejectsBadInputs) {
  ExpectError(KernelRunner(Library(), "Trilu", 14).Run({IotaTensor({3})}),
              StatusCode::kInvalidArgument, "input 'input0' has rank 1 (expected 2 to");
  ExpectError(KernelRunner(Library(), "Trilu", 14)
                  .Run({IotaTensor({2, 2}), HostTensor::From<int32_t>({}, {1})}),
              StatusCode::kInvalidArgument, "k input 'input1' has the wrong dtype (expected int64");
  ExpectError(KernelRunner(Library(), "Trilu", 14)
                  .Run({IotaTensor({2, 2}), HostTensor::From<int64_t>({2}, {1, 1})}),
              StatusCode::kInvalidArgument, "k input 'input1' must be a scalar");
  ExpectError(
      KernelRunner(Library(), "Trilu", 14).Attr("upper", int64_t{2}).Run({IotaTensor({2, 2})}),
      StatusCode::kInvalidModel, "attribute 'upper' (expected 0 or 1, got 2)");
}

}  // namespace
}  // namespace onyx::kernels::ref
