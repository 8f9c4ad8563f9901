#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

using testing::ExpectClose;
using testing::ExpectError;

const long double kPiL = 3.141592653589793238462643383279502884L;

// 0.42 - 0.5 cos(2 pi n / N) + 0.08 cos(4 pi n / N).
std::vector<double> Naive(int64_t size, bool periodic) {
  std::vector<double> w;
  const long double big_n = periodic ? size : size - 1;
  for (int64_t n = 0; n < size; ++n) {
    const long double a = 2 * kPiL * n / big_n;
    w.push_back(size == 1 && !periodic ? 1.0 : static_cast<double>(0.42L - 0.5L * std::cos(a) + 0.08L * std::cos(2 * a)));
  }
  return w;
}

Result<std::vector<HostTensor>> RunWindow(const HostTensor& size, int64_t periodic,
                                          int64_t dtype = 1) {
  return KernelRunner(Library(), "BlackmanWindow", 17)
      .Attr("periodic", periodic)
      .Attr("output_datatype", dtype)
      .Constant(0)
      .Run({size});
}

TEST(BlackmanWindow, PeriodicAndSymmetricEverySize) {
  for (int64_t size = 0; size <= 33; ++size) {
    for (int64_t periodic : {0, 1}) {
      SCOPED_TRACE(StrCat("size ", size, " periodic ", periodic));
      auto f = RunWindow(HostTensor::From<int64_t>({}, {size}), periodic);
      ASSERT_TRUE(f.ok()) << f.status().ToString();
      EXPECT_EQ(f.value()[0].dims(), Dims{size});
      ExpectClose(f.value()[0].values<float>(), Naive(size, periodic));
      auto d = RunWindow(HostTensor::From<int32_t>({1}, {static_cast<int32_t>(size)}), periodic, 11);
      ASSERT_TRUE(d.ok()) << d.status().ToString();
      ExpectClose(d.value()[0].values<double>(), Naive(size, periodic));
    }
  }
}

TEST(BlackmanWindow, HandGolden) {
  auto out = RunWindow(HostTensor::From<int32_t>({}, {3}), 0);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  std::vector<float> got = out.value()[0].values<float>();
  const std::vector<double> want = {0, 1, 0};
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], want[i], 1e-6) << i;
}

TEST(BlackmanWindow, OutputTypes) {
  const HostTensor size = HostTensor::From<int64_t>({}, {9});
  auto half = RunWindow(size, 0, 10);
  ASSERT_TRUE(half.ok()) << half.status().ToString();
  std::vector<Float16> h = half.value()[0].values<Float16>();
  const std::vector<double> want = Naive(9, false);
  for (size_t i = 0; i < h.size(); ++i) EXPECT_NEAR(static_cast<float>(h[i]), want[i], 1e-3) << i;
  auto bf = RunWindow(size, 0, 16);
  ASSERT_TRUE(bf.ok()) << bf.status().ToString();
  EXPECT_EQ(bf.value()[0].dtype(), DType::kBFloat16);
  // Integer types truncate, as numpy's astype does: only the peak of 1 survives.
  auto ints = RunWindow(size, 0, 7);
  ASSERT_TRUE(ints.ok()) << ints.status().ToString();
  std::vector<int64_t> i64 = ints.value()[0].values<int64_t>();
  for (size_t i = 0; i < i64.size(); ++i) EXPECT_EQ(i64[i], i == 4 ? 1 : 0) << i;
}

TEST(BlackmanWindow, Errors) {
  ExpectError(RunWindow(HostTensor::From<int64_t>({}, {-1}), 1), StatusCode::kInvalidArgument,
              "size input 'input0' (expected 0 or more, got -1)");
  ExpectError(RunWindow(HostTensor::From<int64_t>({2}, {3, 4}), 1), StatusCode::kInvalidArgument,
              "size input 'input0' shape (expected a scalar, got [2])");
  ExpectError(RunWindow(HostTensor::From<int64_t>({}, {4}), 1, 9), StatusCode::kInvalidModel,
              "attribute 'output_datatype' (expected one of float, ");
  ExpectError(RunWindow(HostTensor::From<int64_t>({}, {4}), 2), StatusCode::kInvalidModel,
              "attribute 'periodic' (expected 0 or 1, got 2)");
  ExpectError(KernelRunner(Library(), "BlackmanWindow", 17).Run({HostTensor::From<int64_t>({}, {4})}),
              StatusCode::kFailedPrecondition, "size input 'input0' must be known ahead of time");
  EXPECT_EQ(KernelRunner(Library(), "BlackmanWindow", 17)
                .Constant(0)
                .Run({HostTensor::From<float>({}, {4})})
                .status()
                .code(),
            StatusCode::kNotFound);
}

}  // namespace
}  // namespace onyx::kernels::ref
