#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

using testing::ExpectClose;
using testing::ExpectError;
using testing::Random;

Result<std::vector<HostTensor>> Einsum(const std::string& eq, const std::vector<HostTensor>& in,
                                       int opset = 12) {
  return KernelRunner(Library(), "Einsum", opset).Attr("equation", eq).Run(in);
}

TEST(Einsum, BatchMatMulWithSpacesAndImplicitForms) {
  std::mt19937 rng(81);
  std::vector<float> a = Random<float>(2 * 3 * 4, rng), b = Random<float>(2 * 4 * 5, rng);
  std::vector<double> want(2 * 3 * 5, 0);
  for (int n = 0; n < 2; ++n)
    for (int i = 0; i < 3; ++i)
      for (int k = 0; k < 5; ++k)
        for (int j = 0; j < 4; ++j) want[(n * 3 + i) * 5 + k] += a[(n * 3 + i) * 4 + j] * b[(n * 4 + j) * 5 + k];
  const std::vector<HostTensor> in = {HostTensor::From<float>({2, 3, 4}, a), HostTensor::From<float>({2, 4, 5}, b)};
  auto out = Einsum("bij, bjk -> bik", in);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  ExpectClose(out.value()[0].values<float>(), want);
  // Implicit: b appears twice, so it is summed; output 'ik' in ASCII order.
  auto implicit = Einsum("bij,bjk", in);
  ASSERT_TRUE(implicit.ok()) << implicit.status().ToString();
  EXPECT_EQ(implicit.value()[0].dims(), (Dims{3, 5}));
  std::vector<double> summed(15, 0);
  for (int n = 0; n < 2; ++n)
    for (int i = 0; i < 15; ++i) summed[i] += want[n * 15 + i];
  ExpectClose(implicit.value()[0].values<float>(), summed);
}

TEST(Einsum, DiagonalTraceTransposeAndEllipsis) {
  const HostTensor m = HostTensor::From<double>({3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9});
  auto diag = Einsum("ii->i", {m});
  ASSERT_TRUE(diag.ok()) << diag.status().ToString();
  EXPECT_EQ(diag.value()[0].values<double>(), (std::vector<double>{1, 5, 9}));
  auto trace = Einsum("ii", {m});
  ASSERT_TRUE(trace.ok()) << trace.status().ToString();
  EXPECT_EQ(trace.value()[0].values<double>(), (std::vector<double>{15}));
  auto transpose = Einsum("ba", {m});  // Implicit output 'ab': the transpose.
  ASSERT_TRUE(transpose.ok()) << transpose.status().ToString();
  EXPECT_EQ(transpose.value()[0].values<double>(), (std::vector<double>{1, 4, 7, 2, 5, 8, 3, 6, 9}));
  // '...' broadcasts: [2,1,2,2] and [3,2,1] give [2,3,2,1].
  const HostTensor a = HostTensor::From<double>({2, 1, 2, 2}, {1, 2, 3, 4, 5, 6, 7, 8});
  const HostTensor b = HostTensor::From<double>({3, 2, 1}, {1, 1, 2, 0, 0, 3});
  auto ell = Einsum("...ij,...jk->...ik", {a, b});
  ASSERT_TRUE(ell.ok()) << ell.status().ToString();
  EXPECT_EQ(ell.value()[0].dims(), (Dims{2, 3, 2, 1}));
  EXPECT_EQ(ell.value()[0].values<double>(),
            (std::vector<double>{3, 7, 2, 6, 6, 12, 11, 15, 10, 14, 18, 24}));
  auto batch_diag = Einsum("...ii->...i", {HostTensor::From<double>({2, 2, 2}, {1, 2, 3, 4, 5, 6, 7, 8})});
  ASSERT_TRUE(batch_diag.ok()) << batch_diag.status().ToString();
  EXPECT_EQ(batch_diag.value()[0].values<double>(), (std::vector<double>{1, 4, 5, 8}));
}

TEST(Einsum, ThreeOperandsIntegersAndScalars) {
  auto out = Einsum("i,i,i->", {HostTensor::From<int32_t>({3}, {1, 2, 3}), HostTensor::From<int32_t>({3}, {4, 5, 6}),
                                HostTensor::From<int32_t>({3}, {1, 1, 2})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].values<int32_t>(), (std::vector<int32_t>{4 + 10 + 36}));
  // int8 sums wrap like numpy's: 100 + 100 = -56.
  auto wrap = Einsum("i->", {HostTensor::From<int8_t>({2}, {100, 100})});
  ASSERT_TRUE(wrap.ok()) << wrap.status().ToString();
  EXPECT_EQ(wrap.value()[0].values<int8_t>(), (std::vector<int8_t>{-56}));
  auto scalar = Einsum("->", {HostTensor::From<double>({}, {2.5})});
  ASSERT_TRUE(scalar.ok()) << scalar.status().ToString();
  EXPECT_EQ(scalar.value()[0].values<double>(), (std::vector<double>{2.5}));
  auto bf = Einsum("ij->i", {HostTensor::From<BFloat16>({1, 2}, {BFloat16(1.5f), BFloat16(2.0f)})}, 28);
  ASSERT_TRUE(bf.ok()) << bf.status().ToString();
  EXPECT_EQ(static_cast<float>(bf.value()[0].values<BFloat16>()[0]), 3.5f);
}

TEST(Einsum, Errors) {
  const HostTensor m = HostTensor::From<float>({2, 3}, std::vector<float>(6));
  ExpectError(Einsum("ij,jk->ik", {m}), StatusCode::kInvalidModel, "(expected 1, one per input, got 2");
  ExpectError(Einsum("ijk->i", {m}), StatusCode::kInvalidArgument, "rank (expected 3");
  ExpectError(Einsum("ij,ij->i", {m, HostTensor::From<float>({3, 2}, std::vector<float>(6))}),
              StatusCode::kInvalidArgument, "dim 1 (expected 3 for its label, got 2)");
  ExpectError(Einsum("i.j->i", {m}), StatusCode::kInvalidModel, "expected letters");
  ExpectError(Einsum("ij->k", {m}), StatusCode::kInvalidModel, "output label");
  ExpectError(Einsum("...j->j", {m}), StatusCode::kInvalidArgument, "expected '...'");
  ExpectError(KernelRunner(Library(), "Einsum", 12).Run({m}), StatusCode::kInvalidModel,
              "'equation' is required");
  ExpectError(Einsum("i->i", {HostTensor::From<BFloat16>({1}, {BFloat16(1.0f)})}, 12),
              StatusCode::kNotFound, "no kernel");
}

}  // namespace
}  // namespace onyx::kernels::ref
