#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

using testing::BoolTensor;
using testing::ExpectError;
using testing::IotaTensor;

TEST(Compress, ExamplesFromTheOnnxDocs) {
  const HostTensor x = HostTensor::From<float>({3, 2}, {1, 2, 3, 4, 5, 6});
  for (bool constant : {false, true}) {
    KernelRunner axis0(Library(), "Compress", 11);
    axis0.Attr("axis", int64_t{0});
    if (constant) axis0.Constant(1);
    auto out = axis0.Run({x, BoolTensor({3}, {false, true, true})});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    EXPECT_EQ(out.value()[0].dims(), (Dims{2, 2}));
    EXPECT_EQ(out.value()[0].values<float>(), (std::vector<float>{3, 4, 5, 6}));
  }
  auto axis1 = KernelRunner(Library(), "Compress", 11)
                   .Attr("axis", int64_t{-1})
                   .Run({x, BoolTensor({2}, {false, true})});
  ASSERT_TRUE(axis1.ok()) << axis1.status().ToString();
  EXPECT_EQ(axis1.value()[0].values<float>(), (std::vector<float>{2, 4, 6}));
  auto flat = KernelRunner(Library(), "Compress", 9)
                  .Run({x, BoolTensor({5}, {false, true, false, false, true})});
  ASSERT_TRUE(flat.ok()) << flat.status().ToString();
  EXPECT_EQ(flat.value()[0].dims(), (Dims{2}));
  EXPECT_EQ(flat.value()[0].values<float>(), (std::vector<float>{2, 5}));
}

TEST(Compress, RandomMatchesNaiveReference) {
  std::mt19937 rng(83);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  for (int trial = 0; trial < 100; ++trial) {
    const int rank = pick(1, 3);
    Dims dims(rank);
    for (int64_t& d : dims) d = pick(0, 4);
    const int axis = pick(0, rank - 1);
    const int64_t length = pick(0, static_cast<int>(dims[axis]));
    HostTensor condition = HostTensor::Allocate(DType::kBool, {length}).value();
    bool* c = static_cast<bool*>(condition.data());
    for (int64_t i = 0; i < length; ++i) c[i] = pick(0, 1) == 1;
    auto out = KernelRunner(Library(), "Compress", 11)
                   .Attr("axis", int64_t{axis})
                   .Run({IotaTensor(dims), condition});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    std::vector<float> expected;
    std::vector<int64_t> idx(rank, 0);
    if (NumElements(dims) > 0) {
      do {
        if (idx[axis] < length && c[idx[axis]]) {
          int64_t flat = 0;
          for (int d = 0; d < rank; ++d) flat = flat * dims[d] + idx[d];
          expected.push_back(static_cast<float>(flat));
        }
      } while (testing::Next(idx, dims));
    }
    EXPECT_EQ(out.value()[0].values<float>(), expected) << "trial " << trial;
  }
}

TEST(Compress, RejectsBadInputs) {
  ExpectError(KernelRunner(Library(), "Compress", 11)
                  .Attr("axis", int64_t{0})
                  .Run({IotaTensor({2}), BoolTensor({3}, {false, false, true})}),
              StatusCode::kInvalidArgument,
              "condition[2] is true past the end of an axis of extent 2 (expected false beyond 1, "
              "got true)");
  ExpectError(KernelRunner(Library(), "Compress", 11)
                  .Run({IotaTensor({2}), HostTensor::From<int64_t>({2}, {1, 0})}),
              StatusCode::kInvalidArgument, "(expected bool, got int64)");
  ExpectError(KernelRunner(Library(), "Compress", 9)
                  .Attr("axis", int64_t{-1})
                  .Run({IotaTensor({2}), BoolTensor({1}, {true})}),
              StatusCode::kInvalidModel, "attribute 'axis' is negative before opset 11");
}

}  // namespace
}  // namespace onyx::kernels::ref
