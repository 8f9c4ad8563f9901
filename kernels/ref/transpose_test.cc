#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <numeric>
#include <random>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

// The naive reference: input element feeding output element `flat`.
int64_t SourceIndex(const Dims& in, const std::vector<int64_t>& perm, int64_t flat) {
  const size_t rank = in.size();
  std::vector<int64_t> in_coord(rank);
  for (size_t k = rank; k-- > 0;) {
    const int64_t extent = in[perm[k]];
    in_coord[perm[k]] = flat % extent;
    flat /= extent;
  }
  int64_t index = 0;
  for (size_t d = 0; d < rank; ++d) index = index * in[d] + in_coord[d];
  return index;
}

// A tensor of `dtype` whose elements all have distinct byte patterns.
HostTensor Distinct(DType dtype, const Dims& dims) {
  HostTensor t = HostTensor::Allocate(dtype, dims).value();
  uint8_t* p = static_cast<uint8_t*>(t.data());
  for (size_t i = 0; i < t.nbytes(); ++i) p[i] = static_cast<uint8_t>(i * 31 + i / 256);
  if (dtype == DType::kBool) {
    for (size_t i = 0; i < t.nbytes(); ++i) p[i] = static_cast<uint8_t>(i % 3 == 0);
  }
  return t;
}

TEST(Transpose, DefaultPermReversesDims) {
  // The ONNX example: shape (2, 3, 4) becomes (4, 3, 2).
  std::vector<float> x(24);
  std::iota(x.begin(), x.end(), 0.0f);
  auto out = KernelRunner(Library(), "Transpose", 13).Run({HostTensor::From<float>({2, 3, 4}, x)});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dims(), (Dims{4, 3, 2}));
  std::vector<float> v = out.value()[0].values<float>();
  EXPECT_EQ(v[0], 0);
  EXPECT_EQ(v[1], 12);  // out[0][0][1] = x[1][0][0].
  EXPECT_EQ(v[2], 4);   // out[0][1][0] = x[0][1][0].
  EXPECT_EQ(v[23], 23);
}

TEST(Transpose, MatrixGolden) {
  auto out = KernelRunner(Library(), "Transpose", 1)
                 .Attr("perm", std::vector<int64_t>{1, 0})
                 .Run({HostTensor::From<int32_t>({2, 3}, {1, 2, 3, 4, 5, 6})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dims(), (Dims{3, 2}));
  EXPECT_EQ(out.value()[0].values<int32_t>(), (std::vector<int32_t>{1, 4, 2, 5, 3, 6}));
}

TEST(Transpose, RandomShapesAndDtypesMatchNaiveReference) {
  std::mt19937 rng(2024);
  const DType dtypes[] = {DType::kBool,    DType::kInt8,   DType::kFloat16,   DType::kFloat32,
                          DType::kFloat64, DType::kUInt64, DType::kComplex128};
  for (int trial = 0; trial < 300; ++trial) {
    const int rank = std::uniform_int_distribution<int>(0, 6)(rng);
    Dims dims(rank);
    for (int64_t& d : dims) d = std::uniform_int_distribution<int>(trial % 17 == 0 ? 0 : 1, 4)(rng);
    std::vector<int64_t> perm(rank);
    std::iota(perm.begin(), perm.end(), 0);
    std::shuffle(perm.begin(), perm.end(), rng);
    const DType dtype = dtypes[trial % std::size(dtypes)];
    HostTensor x = Distinct(dtype, dims);
    auto out = KernelRunner(Library(), "Transpose", 13).Attr("perm", perm).Run({x});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    const HostTensor& y = out.value()[0];
    ASSERT_EQ(y.dtype(), dtype);
    for (int d = 0; d < rank; ++d) ASSERT_EQ(y.dims()[d], dims[perm[d]]);
    const size_t esize = DTypeSize(dtype);
    const uint8_t* in = static_cast<const uint8_t*>(x.data());
    const uint8_t* got = static_cast<const uint8_t*>(y.data());
    for (int64_t i = 0; i < NumElements(y.dims()); ++i) {
      ASSERT_EQ(std::memcmp(got + i * esize, in + SourceIndex(dims, perm, i) * esize, esize), 0)
          << DimsToString(dims) << " " << DTypeName(dtype) << " at " << i;
    }
  }
}

TEST(Transpose, ScalarAndEmpty) {
  auto scalar = KernelRunner(Library(), "Transpose", 13).Run({HostTensor::From<double>({}, {2.5})});
  ASSERT_TRUE(scalar.ok()) << scalar.status().ToString();
  EXPECT_EQ(scalar.value()[0].dims(), (Dims{}));
  EXPECT_EQ(scalar.value()[0].values<double>(), (std::vector<double>{2.5}));
  auto empty = KernelRunner(Library(), "Transpose", 13)
                   .Attr("perm", std::vector<int64_t>{2, 0, 1})
                   .Run({HostTensor::From<float>({2, 0, 3}, {})});
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_EQ(empty.value()[0].dims(), (Dims{3, 2, 0}));
}

TEST(Transpose, RejectsBadPerm) {
  const HostTensor x = HostTensor::From<float>({2, 3}, std::vector<float>(6));
  testing::ExpectError(
      KernelRunner(Library(), "Transpose", 13).Attr("perm", std::vector<int64_t>{0, 0}).Run({x}),
      StatusCode::kInvalidModel,
      "attribute 'perm' is not a permutation (expected each of 0..1 once, got [0,0])");
  testing::ExpectError(
      KernelRunner(Library(), "Transpose", 13).Attr("perm", std::vector<int64_t>{0, 2}).Run({x}),
      StatusCode::kInvalidModel, "got [0,2]");
  testing::ExpectError(
      KernelRunner(Library(), "Transpose", 13).Attr("perm", std::vector<int64_t>{-1, 0}).Run({x}),
      StatusCode::kInvalidModel, "got [-1,0]");
  testing::ExpectError(
      KernelRunner(Library(), "Transpose", 13).Attr("perm", std::vector<int64_t>{2, 0, 1}).Run({x}),
      StatusCode::kInvalidArgument,
      "attribute 'perm' length does not match the rank of input 'input0' of shape [2,3] (expected "
      "2, got 3)");
  testing::ExpectError(KernelRunner(Library(), "Transpose", 13).Attr("perm", int64_t{0}).Run({x}),
                       StatusCode::kInvalidModel, "attribute 'perm' type (expected ints, got int)");
}

}  // namespace
}  // namespace onyx::kernels::ref
