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

HostTensor Ints(const std::vector<int64_t>& v) {
  return HostTensor::From<int64_t>({static_cast<int64_t>(v.size())}, v);
}

Result<std::vector<HostTensor>> RunPad(const std::string& mode, const HostTensor& data,
                                       const std::vector<int64_t>& pads, int opset = 19) {
  return KernelRunner(Library(), "Pad", opset)
      .Attr("mode", mode)
      .Constant(1)
      .Run({data, Ints(pads)});
}

const HostTensor kDocData = HostTensor::From<float>({3, 2}, {1.0f, 1.2f, 2.3f, 3.4f, 4.5f, 5.7f});

TEST(Pad, ModesMatchNumpyGoldens) {
  const std::vector<int64_t> pads = {0, 2, 0, 0};
  auto reflect = RunPad("reflect", kDocData, pads);
  ASSERT_TRUE(reflect.ok()) << reflect.status().ToString();
  EXPECT_EQ(reflect.value()[0].dims(), (Dims{3, 4}));
  EXPECT_EQ(
      reflect.value()[0].values<float>(),
      (std::vector<float>{1.0f, 1.2f, 1.0f, 1.2f, 2.3f, 3.4f, 2.3f, 3.4f, 4.5f, 5.7f, 4.5f, 5.7f}));
  auto edge = RunPad("edge", kDocData, pads);
  ASSERT_TRUE(edge.ok()) << edge.status().ToString();
  EXPECT_EQ(
      edge.value()[0].values<float>(),
      (std::vector<float>{1.0f, 1.0f, 1.0f, 1.2f, 2.3f, 2.3f, 2.3f, 3.4f, 4.5f, 4.5f, 4.5f, 5.7f}));
  auto wide = RunPad("reflect", HostTensor::From<int32_t>({4}, {0, 1, 2, 3}), {5, 3});
  ASSERT_TRUE(wide.ok()) << wide.status().ToString();
  EXPECT_EQ(wide.value()[0].values<int32_t>(),
            (std::vector<int32_t>{1, 2, 3, 2, 1, 0, 1, 2, 3, 2, 1, 0}));
}

TEST(Pad, ConstantValueInputAxesAndNegativePads) {
  auto out = KernelRunner(Library(), "Pad", 18)
                 .Constant(1)
                 .Constant(3)
                 .Run({HostTensor::From<int64_t>({2, 2}, {1, 2, 3, 4}), Ints({1, -1}),
                       HostTensor::From<int64_t>({}, {9}), HostTensor::From<int32_t>({1}, {-1})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dims(), (Dims{2, 2}));
  EXPECT_EQ(out.value()[0].values<int64_t>(), (std::vector<int64_t>{9, 1, 9, 3}));
}

TEST(Pad, AttributeVersionsAndScalars) {
  auto v2 = KernelRunner(Library(), "Pad", 2)
                .Attr("pads", std::vector<int64_t>{1, 0})
                .Attr("value", 7.5f)
                .Run({HostTensor::From<double>({1}, {2})});
  ASSERT_TRUE(v2.ok()) << v2.status().ToString();
  EXPECT_EQ(v2.value()[0].values<double>(), (std::vector<double>{7.5, 2}));
  auto v1 = KernelRunner(Library(), "Pad", 1)
                .Attr("paddings", std::vector<int64_t>{0, 1})
                .Attr("mode", std::string("edge"))
                .Run({HostTensor::From<float>({1}, {3})});
  ASSERT_TRUE(v1.ok()) << v1.status().ToString();
  EXPECT_EQ(v1.value()[0].values<float>(), (std::vector<float>{3, 3}));
  auto scalar = RunPad("constant", HostTensor::From<float>({}, {4}), {});
  ASSERT_TRUE(scalar.ok()) << scalar.status().ToString();
  EXPECT_EQ(scalar.value()[0].values<float>(), (std::vector<float>{4}));
  auto empty = RunPad("constant", HostTensor::From<float>({0, 2}, {}), {1, 0, 0, 1});
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_EQ(empty.value()[0].values<float>(), (std::vector<float>{0, 0, 0}));
}

// numpy.pad's reading of mode: fold (reflect) or shift (wrap) until inside.
int64_t NaiveSource(int64_t i, int64_t n, const std::string& mode) {
  if (mode == "constant") return i >= 0 && i < n ? i : -1;
  if (mode == "edge") return i < 0 ? 0 : (i >= n ? n - 1 : i);
  while (i < 0 || i >= n) {
    if (mode == "wrap") {
      i += i < 0 ? n : -n;
    } else if (n == 1) {
      i = 0;
    } else {
      i = i < 0 ? -i : 2 * (n - 1) - i;
    }
  }
  return i;
}

TEST(Pad, RandomMatchesNaiveReference) {
  std::mt19937 rng(17);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const std::string modes[] = {"constant", "reflect", "edge", "wrap"};
  for (int trial = 0; trial < 200; ++trial) {
    const std::string mode = modes[trial % 4];
    const int rank = pick(1, 3);
    Dims dims(rank), out_dims(rank);
    std::vector<int64_t> pads(2 * rank);
    for (int d = 0; d < rank; ++d) {
      dims[d] = pick(mode == "constant" ? 0 : 1, 4);
      pads[d] = pick(-1, 6);
      pads[rank + d] = pick(-1, 6);
      if (dims[d] + pads[d] + pads[rank + d] < 0) pads[d] = 0, pads[rank + d] = 0;
      out_dims[d] = dims[d] + pads[d] + pads[rank + d];
    }
    const HostTensor data = IotaTensor(dims);
    auto out = KernelRunner(Library(), "Pad", 19)
                   .Attr("mode", mode)
                   .Constant(1)
                   .Run({data, Ints(pads), HostTensor::From<float>({}, {-1})});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    ASSERT_EQ(out.value()[0].dims(), out_dims);
    std::vector<float> expected;
    std::vector<int64_t> idx(rank, 0);
    if (NumElements(out_dims) > 0) {
      do {
        int64_t flat = 0;
        for (int d = 0; d < rank && flat >= 0; ++d) {
          const int64_t i = NaiveSource(idx[d] - pads[d], dims[d], mode);
          flat = i < 0 ? -1 : flat * dims[d] + i;
        }
        expected.push_back(static_cast<float>(flat));
      } while (testing::Next(idx, out_dims));
    }
    EXPECT_EQ(out.value()[0].values<float>(), expected) << "trial " << trial << " " << mode;
  }
}

TEST(Pad, RejectsBadAttributesAndInputs) {
  ExpectError(RunPad("wrap", kDocData, {0, 0, 0, 0}, 18), StatusCode::kInvalidModel,
              "attribute 'mode' is not supported (expected constant, reflect or edge, got 'wrap')");
  ExpectError(RunPad("constant", kDocData, {0, 0, 0}), StatusCode::kInvalidArgument,
              "pads has the wrong length for 2 padded axes (expected 2 per axis: 4, got 3)");
  ExpectError(RunPad("constant", kDocData, {-2, 0, -2, 0}), StatusCode::kInvalidArgument,
              "pads crop axis 0 of input 'input0' of shape [3,2] below zero");
  ExpectError(RunPad("reflect", HostTensor::From<float>({0}, {}), {1, 0}),
              StatusCode::kInvalidArgument, "mode 'reflect' cannot pad empty axis 0");
  ExpectError(KernelRunner(Library(), "Pad", 13).Run({kDocData, Ints({0, 0, 0, 0})}),
              StatusCode::kFailedPrecondition, "pads input 'input1' must be known ahead of time");
  ExpectError(KernelRunner(Library(), "Pad", 13)
                  .Constant(1)
                  .Run({kDocData, Ints({0, 0, 0, 0}), HostTensor::From<double>({}, {1})}),
              StatusCode::kInvalidArgument, "input 'input2' dtype (expected float");
  ExpectError(KernelRunner(Library(), "Pad", 2).Run({kDocData}), StatusCode::kInvalidModel,
              "attribute 'pads' is missing");
  ExpectError(KernelRunner(Library(), "Pad", 18)
                  .Constant(1)
                  .Constant(3)
                  .Run({kDocData, Ints({0, 0, 0, 0}), HostTensor(), Ints({1, -1})}),
              StatusCode::kInvalidArgument, "input 'axes' repeats axis 1");
}

}  // namespace
}  // namespace onyx::kernels::ref
