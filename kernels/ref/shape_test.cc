#include <gtest/gtest.h>

#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

// Shape of a float tensor of `dims` with optional start/end (nullptr: absent).
Result<std::vector<HostTensor>> RunShape(int opset, const Dims& dims,
                                         const int64_t* start = nullptr,
                                         const int64_t* end = nullptr) {
  KernelRunner runner(Library(), "Shape", opset);
  if (start) runner.Attr("start", *start);
  if (end) runner.Attr("end", *end);
  return runner.Run({HostTensor::Allocate(DType::kFloat32, dims).value()});
}

void ExpectShape(const Result<std::vector<HostTensor>>& r, const std::vector<int64_t>& expected) {
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r.value()[0].dtype(), DType::kInt64);
  EXPECT_EQ(r.value()[0].dims(), (Dims{static_cast<int64_t>(expected.size())}));
  EXPECT_EQ(r.value()[0].values<int64_t>(), expected);
}

TEST(Shape, WholeShape) {
  ExpectShape(RunShape(1, {3, 4, 5}), {3, 4, 5});
  ExpectShape(RunShape(13, {2, 0, 7}), {2, 0, 7});
  ExpectShape(RunShape(15, {}), {});
}

TEST(Shape, AnyInputDtype) {
  auto out = KernelRunner(Library(), "Shape", 13)
                 .Run({HostTensor::Allocate(DType::kBool, {4, 1}).value()});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].values<int64_t>(), (std::vector<int64_t>{4, 1}));
}

TEST(Shape, StartAndEndFromOpset15) {
  // The ONNX examples, input shape (3, 4, 5).
  const int64_t one = 1, minus_one = -1, minus_ten = -10, ten = 10, two = 2;
  ExpectShape(RunShape(15, {3, 4, 5}, &one), {4, 5});
  ExpectShape(RunShape(15, {3, 4, 5}, nullptr, &one), {3});
  ExpectShape(RunShape(15, {3, 4, 5}, &minus_one), {5});
  ExpectShape(RunShape(15, {3, 4, 5}, nullptr, &minus_one), {3, 4});
  ExpectShape(RunShape(15, {3, 4, 5}, &minus_ten), {3, 4, 5});     // Clamped to 0.
  ExpectShape(RunShape(15, {3, 4, 5}, nullptr, &ten), {3, 4, 5});  // Clamped to rank.
  ExpectShape(RunShape(15, {3, 4, 5}, &two, &one), {});            // start > end.
  ExpectShape(RunShape(21, {3, 4, 5}, &ten, &ten), {});
}

TEST(Shape, StartAndEndNeedOpset15) {
  const int64_t one = 1;
  auto out = RunShape(14, {3, 4}, &one);
  testing::ExpectError(out, StatusCode::kInvalidModel,
                       "attribute 'start' is not defined before opset 15");
}

}  // namespace
}  // namespace onyx::kernels::ref
