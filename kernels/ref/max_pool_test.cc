#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

template <typename T>
void NaiveMaxPool(const testing::PoolCase& c, const std::vector<T>& x, std::vector<T>* y,
                  std::vector<int64_t>* ind) {
  const size_t nsp = c.kernel.size();
  const Dims in(c.x.begin() + 2, c.x.end()), out = testing::PoolOutDims(c);
  const int64_t plane = NumElements(in);
  for (int64_t p = 0; p < c.x[0] * c.x[1]; ++p) {
    std::vector<int64_t> o(nsp, 0);
    do {
      bool found = false;
      T best{};
      int64_t best_index = -1;
      std::vector<int64_t> k(nsp, 0);
      do {
        int64_t row = 0, col = 0, col_stride = 1;
        bool inside = true;
        for (size_t d = 0; d < nsp; ++d) {
          const int64_t pos = o[d] * c.strides[d] - c.pads[d] + k[d] * c.dilations[d];
          inside = inside && pos >= 0 && pos < in[d];
          row = row * in[d] + pos;
          col += pos * col_stride;
          col_stride *= in[d];
        }
        if (!inside) continue;
        if (!found || x[p * plane + row] > best) {
          found = true;
          best = x[p * plane + row];
          best_index = p * plane + (c.column_major ? col : row);
        }
      } while (testing::Next(k, c.kernel));
      y->push_back(best);
      ind->push_back(best_index);
    } while (testing::Next(o, out));
  }
}

template <typename T>
void CheckCase(const testing::PoolCase& c, int opset, std::mt19937& rng) {
  SCOPED_TRACE(StrCat(testing::PoolCaseString(c), " column_major ", c.column_major));
  // Few repeats; where values tie, both sides keep the first in kernel order.
  std::vector<T> x(NumElements(c.x));
  for (size_t i = 0; i < x.size(); ++i) x[i] = static_cast<T>(i % 100) - static_cast<T>(50);
  std::shuffle(x.begin(), x.end(), rng);
  std::vector<T> want;
  std::vector<int64_t> want_ind;
  NaiveMaxPool(c, x, &want, &want_ind);
  auto out = KernelRunner(Library(), "MaxPool", opset)
                 .Attr("kernel_shape", c.kernel)
                 .Attr("strides", c.strides)
                 .Attr("dilations", c.dilations)
                 .Attr("pads", c.pads)
                 .Attr("ceil_mode", int64_t{c.ceil_mode})
                 .Attr("storage_order", int64_t{c.column_major})
                 .Outputs(2)
                 .Run({HostTensor::From<T>(c.x, x)});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  Dims want_dims{c.x[0], c.x[1]};
  for (int64_t d : testing::PoolOutDims(c)) want_dims.push_back(d);
  const HostTensor& y = out.value()[0];
  EXPECT_EQ(y.dims(), want_dims);
  const HostTensor& indices = out.value()[1];
  EXPECT_EQ(indices.dims(), want_dims);
  EXPECT_EQ(indices.dtype(), DType::kInt64);
  EXPECT_EQ(y.values<T>(), want);
  EXPECT_EQ(indices.values<int64_t>(), want_ind);
}

template <typename T>
void CheckRandom(uint32_t seed, int opset) {
  std::mt19937 rng(seed);
  for (int trial = 0; trial < 30; ++trial) {
    testing::PoolCase c = testing::RandomPoolCase(trial, rng);
    c.column_major = trial % 4 >= 2;
    CheckCase<T>(c, opset, rng);
  }
}

TEST(MaxPool, RandomMatchesNaiveFloat) { CheckRandom<float>(11, 12); }
TEST(MaxPool, RandomMatchesNaiveDouble) { CheckRandom<double>(12, 10); }
TEST(MaxPool, RandomMatchesNaiveInt8) { CheckRandom<int8_t>(13, 12); }
TEST(MaxPool, RandomMatchesNaiveUInt8) { CheckRandom<uint8_t>(14, 22); }

// Goldens from the ONNX operator docs, X = 1..16 or 1..25.
TEST(MaxPool, OnnxDocGoldens) {
  const HostTensor x16 = HostTensor::From<float>({1, 1, 4, 4}, testing::Iota(16, 1));
  const HostTensor x25 = HostTensor::From<float>({1, 1, 5, 5}, testing::Iota(25, 1));
  auto ceil = KernelRunner(Library(), "MaxPool", 10)
                  .Attr("kernel_shape", Dims{3, 3})
                  .Attr("strides", Dims{2, 2})
                  .Attr("ceil_mode", int64_t{1})
                  .Run({x16});
  ASSERT_TRUE(ceil.ok()) << ceil.status().ToString();
  EXPECT_EQ(ceil.value()[0].values<float>(), (std::vector<float>{11, 12, 15, 16}));
  auto floor = KernelRunner(Library(), "MaxPool", 10)
                   .Attr("kernel_shape", Dims{3, 3})
                   .Attr("strides", Dims{2, 2})
                   .Run({x16});
  ASSERT_TRUE(floor.ok()) << floor.status().ToString();
  EXPECT_EQ(floor.value()[0].values<float>(), (std::vector<float>{11}));
  auto upper = KernelRunner(Library(), "MaxPool", 12)
                   .Attr("kernel_shape", Dims{3, 3})
                   .Attr("strides", Dims{2, 2})
                   .Attr("auto_pad", std::string("SAME_UPPER"))
                   .Run({x25});
  ASSERT_TRUE(upper.ok()) << upper.status().ToString();
  EXPECT_EQ(upper.value()[0].values<float>(),
            (std::vector<float>{7, 9, 10, 17, 19, 20, 22, 24, 25}));
  auto pads = KernelRunner(Library(), "MaxPool", 12)
                  .Attr("kernel_shape", Dims{5, 5})
                  .Attr("pads", Dims{2, 2, 2, 2})
                  .Outputs(2)
                  .Run({x25});
  ASSERT_TRUE(pads.ok()) << pads.status().ToString();
  EXPECT_EQ(pads.value()[0].values<float>(),
            (std::vector<float>{13, 14, 15, 15, 15, 18, 19, 20, 20, 20, 23, 24, 25,
                                25, 25, 23, 24, 25, 25, 25, 23, 24, 25, 25, 25}));
  EXPECT_EQ(pads.value()[1].values<int64_t>(),
            (std::vector<int64_t>{12, 13, 14, 14, 14, 17, 18, 19, 19, 19, 22, 23, 24,
                                  24, 24, 22, 23, 24, 24, 24, 22, 23, 24, 24, 24}));
}

// maxpool_with_argmax_2d_precomputed_strides: the same maxima, indices
// flattened row-major (storage_order 0) or column-major (1).
TEST(MaxPool, IndicesFollowStorageOrder) {
  std::vector<float> x = testing::Iota(50, 1);
  const HostTensor x2 = HostTensor::From<float>({1, 2, 5, 5}, x);
  for (int64_t order : {0, 1}) {
    auto out = KernelRunner(Library(), "MaxPool", 8)
                   .Attr("kernel_shape", Dims{2, 2})
                   .Attr("strides", Dims{2, 2})
                   .Attr("storage_order", order)
                   .Outputs(2)
                   .Run({x2});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    EXPECT_EQ(out.value()[0].values<float>(), (std::vector<float>{7, 9, 17, 19, 32, 34, 42, 44}));
    // The second plane starts at 25 in either order.
    EXPECT_EQ(out.value()[1].values<int64_t>(),
              order == 0 ? (std::vector<int64_t>{6, 8, 16, 18, 31, 33, 41, 43})
                         : (std::vector<int64_t>{6, 16, 8, 18, 31, 41, 33, 43}));
  }
}

TEST(MaxPool, SameLowerPadsTheBegin) {
  const HostTensor x = HostTensor::From<float>({1, 1, 4}, {1, 5, 2, 3});
  auto lower = KernelRunner(Library(), "MaxPool", 12)
                   .Attr("kernel_shape", Dims{2})
                   .Attr("auto_pad", std::string("SAME_LOWER"))
                   .Run({x});
  ASSERT_TRUE(lower.ok()) << lower.status().ToString();
  EXPECT_EQ(lower.value()[0].values<float>(), (std::vector<float>{1, 5, 5, 3}));
  auto upper = KernelRunner(Library(), "MaxPool", 12)
                   .Attr("kernel_shape", Dims{2})
                   .Attr("auto_pad", std::string("SAME_UPPER"))
                   .Run({x});
  ASSERT_TRUE(upper.ok()) << upper.status().ToString();
  EXPECT_EQ(upper.value()[0].values<float>(), (std::vector<float>{5, 5, 3, 3}));
}

TEST(MaxPool, EmptyBatchAndNegativeInf) {
  auto empty = KernelRunner(Library(), "MaxPool", 12)
                   .Attr("kernel_shape", Dims{2, 2})
                   .Outputs(2)
                   .Run({HostTensor::From<float>({0, 3, 4, 4}, {})});
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_EQ(empty.value()[0].dims(), (Dims{0, 3, 3, 3}));
  const float inf = std::numeric_limits<float>::infinity();
  auto out = KernelRunner(Library(), "MaxPool", 12)
                 .Attr("kernel_shape", Dims{2})
                 .Attr("pads", Dims{1, 1})
                 .Outputs(2)
                 .Run({HostTensor::From<float>({1, 1, 2}, {-inf, -inf})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].values<float>(), (std::vector<float>{-inf, -inf, -inf}));
  EXPECT_EQ(out.value()[1].values<int64_t>(), (std::vector<int64_t>{0, 0, 1}));
}

Status RunError(KernelRunner r, const Dims& x = {1, 1, 4, 4}) {
  auto out = r.Run({HostTensor::From<float>(x, std::vector<float>(NumElements(x)))});
  return out.ok() ? Status::Ok() : out.status();
}

TEST(MaxPool, OpsetDifferences) {
  auto lib = Library();
  testing::ExpectError(RunError(KernelRunner(lib, "MaxPool", 8)
                                    .Attr("kernel_shape", Dims{2, 2})
                                    .Attr("dilations", Dims{1, 1})),
                       StatusCode::kInvalidModel, "'dilations' is not defined before opset 10");
  testing::ExpectError(RunError(KernelRunner(lib, "MaxPool", 9)
                                    .Attr("kernel_shape", Dims{2, 2})
                                    .Attr("ceil_mode", int64_t{1})),
                       StatusCode::kInvalidModel, "'ceil_mode' is not defined before opset 10");
  testing::ExpectError(
      RunError(KernelRunner(lib, "MaxPool", 7).Attr("kernel_shape", Dims{2, 2}).Outputs(2)),
      StatusCode::kInvalidModel, "number of outputs at opset 7 (expected at most 1, got 2)");
  testing::ExpectError(RunError(KernelRunner(lib, "MaxPool", 7)
                                    .Attr("kernel_shape", Dims{2, 2})
                                    .Attr("storage_order", int64_t{1})),
                       StatusCode::kInvalidModel, "'storage_order' is not defined before opset 8");
  auto int8_at_11 = KernelRunner(lib, "MaxPool", 11)
                        .Attr("kernel_shape", Dims{1})
                        .Run({HostTensor::From<int8_t>({1, 1, 1}, {1})});
  EXPECT_EQ(int8_at_11.status().code(), StatusCode::kNotFound);
}

TEST(MaxPool, AttributeAndShapeErrors) {
  auto lib = Library();
  testing::ExpectError(RunError(KernelRunner(lib, "MaxPool", 12)), StatusCode::kInvalidModel,
                       "'kernel_shape' is required (expected 2 values, got none)");
  testing::ExpectError(RunError(KernelRunner(lib, "MaxPool", 12).Attr("kernel_shape", Dims{2})),
                       StatusCode::kInvalidModel, "'kernel_shape' length (expected 2, got 1)");
  testing::ExpectError(RunError(KernelRunner(lib, "MaxPool", 12).Attr("kernel_shape", Dims{5, 5})),
                       StatusCode::kInvalidArgument, "spatial dim 0 plus pads (expected >= 5");
  testing::ExpectError(RunError(KernelRunner(lib, "MaxPool", 12)
                                    .Attr("kernel_shape", Dims{2, 2})
                                    .Attr("storage_order", int64_t{2})),
                       StatusCode::kInvalidModel, "'storage_order' (expected 0 or 1, got 2)");
  testing::ExpectError(RunError(KernelRunner(lib, "MaxPool", 12)
                                    .Attr("kernel_shape", Dims{2, 2})
                                    .Attr("dilations", Dims{0, 1})),
                       StatusCode::kInvalidModel, "'dilations' values (expected >= 1");
  testing::ExpectError(
      RunError(KernelRunner(lib, "MaxPool", 12).Attr("kernel_shape", Dims{2}), {2, 4}),
      StatusCode::kInvalidArgument, "rank (expected >= 3");
}

// float16 from opset 1, bfloat16 from 22: small integers are exact in both,
// so maxima and indices match the naive pool exactly.
TEST(MaxPool, RandomMatchesNaiveFloat16) { CheckRandom<Float16>(15, 12); }
TEST(MaxPool, RandomMatchesNaiveBFloat16) { CheckRandom<BFloat16>(16, 22); }

TEST(MaxPool, BFloat16NeedsOpset22) {
  auto out = KernelRunner(Library(), "MaxPool", 21)
                 .Attr("kernel_shape", Dims{1})
                 .Run({HostTensor::From<BFloat16>({1, 1, 1}, {BFloat16(1.0f)})});
  testing::ExpectError(out, StatusCode::kNotFound, "no kernel for MaxPool opset 21 dtype bfloat16");
}

}  // namespace
}  // namespace onyx::kernels::ref
