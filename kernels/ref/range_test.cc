#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

using testing::ExpectError;

template <typename T>
Result<std::vector<HostTensor>> RunRange(T start, T limit, T delta, int opset = 11) {
  return KernelRunner(Library(), "Range", opset)
      .Constant(0)
      .Constant(1)
      .Constant(2)
      .Run({HostTensor::From<T>({}, {start}), HostTensor::From<T>({}, {limit}),
            HostTensor::From<T>({}, {delta})});
}

TEST(Range, ExamplesFromTheOnnxDocs) {
  auto up = RunRange<int32_t>(3, 9, 3);
  ASSERT_TRUE(up.ok()) << up.status().ToString();
  EXPECT_EQ(up.value()[0].values<int32_t>(), (std::vector<int32_t>{3, 6}));
  auto down = RunRange<int64_t>(10, 4, -2);
  ASSERT_TRUE(down.ok()) << down.status().ToString();
  EXPECT_EQ(down.value()[0].values<int64_t>(), (std::vector<int64_t>{10, 8, 6}));
  auto none = RunRange<int16_t>(1, 5, -1);
  ASSERT_TRUE(none.ok()) << none.status().ToString();
  EXPECT_EQ(none.value()[0].dims(), (Dims{0}));
}

TEST(Range, FloatsAndHalves) {
  auto f = RunRange<float>(1.0f, 2.0f, 0.3f);
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  EXPECT_EQ(
      f.value()[0].values<float>(),
      (std::vector<float>{1.0f, static_cast<float>(1.0 + 0.3f), static_cast<float>(1.0 + 2 * 0.3f),
                          static_cast<float>(1.0 + 3 * static_cast<double>(0.3f))}));
  auto h = RunRange<Float16>(Float16(0.0f), Float16(2.0f), Float16(0.5f), 27);
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  std::vector<float> got;
  for (Float16 v : h.value()[0].values<Float16>()) got.push_back(v);
  EXPECT_EQ(got, (std::vector<float>{0.0f, 0.5f, 1.0f, 1.5f}));
  ExpectError(RunRange<Float16>(Float16(0.0f), Float16(2.0f), Float16(0.5f), 26),
              StatusCode::kNotFound, "no kernel for Range opset 26 dtype float16");
}

TEST(Range, RandomIntegersMatchNaiveLoop) {
  std::mt19937 rng(47);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  for (int trial = 0; trial < 200; ++trial) {
    const int64_t start = pick(-20, 20), limit = pick(-20, 20);
    int64_t delta = pick(-5, 5);
    if (delta == 0) delta = 1;
    auto out = RunRange<int64_t>(start, limit, delta);
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    std::vector<int64_t> expected;
    for (int64_t v = start; delta > 0 ? v < limit : v > limit; v += delta) expected.push_back(v);
    EXPECT_EQ(out.value()[0].values<int64_t>(), expected) << start << ":" << limit << ":" << delta;
  }
}

TEST(Range, RejectsBadInputs) {
  ExpectError(RunRange<int32_t>(0, 5, 0), StatusCode::kInvalidArgument,
              "delta input 'input2' is zero (expected a nonzero step, got 0)");
  ExpectError(RunRange<double>(0, 5, 0), StatusCode::kInvalidArgument,
              "(expected a nonzero number, got 0)");
  ExpectError(RunRange<double>(0, 1e300, 1e-300), StatusCode::kOutOfMemory,
              "(expected fewer than 2^52 elements");
  ExpectError(KernelRunner(Library(), "Range", 11)
                  .Run({HostTensor::From<float>({}, {0}), HostTensor::From<float>({}, {1}),
                        HostTensor::From<float>({}, {1})}),
              StatusCode::kFailedPrecondition, "start input 'input0' must be known ahead of time");
  ExpectError(KernelRunner(Library(), "Range", 11)
                  .Constant(0)
                  .Constant(1)
                  .Constant(2)
                  .Run({HostTensor::From<float>({}, {0}), HostTensor::From<double>({}, {1}),
                        HostTensor::From<float>({}, {1})}),
              StatusCode::kInvalidArgument, "input 'input1' dtype (expected float");
  ExpectError(KernelRunner(Library(), "Range", 11)
                  .Constant(0)
                  .Constant(1)
                  .Constant(2)
                  .Run({HostTensor::From<float>({2}, {0, 0}), HostTensor::From<float>({}, {1}),
                        HostTensor::From<float>({}, {1})}),
              StatusCode::kInvalidArgument, "start input 'input0' must be a scalar");
}

}  // namespace
}  // namespace onyx::kernels::ref
