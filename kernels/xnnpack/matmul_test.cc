// MatMul with a constant 2-D B as an XNNPACK fully connected operator,
// against the reference kernel: A of rank 1 to 5, many sizes; and the
// configurations declined (B not constant, batched B).

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "kernels/xnnpack/test_util.h"

namespace onyx::kernels::xnnpack {
namespace {

using testing::ExpectDeclines;
using testing::ExpectMatchesReference;
using testing::RandomTensor;

TEST(MatMul, MatchesReferenceForEveryRankOfA) {
  std::mt19937 rng(21);
  const std::vector<std::pair<Dims, int64_t>> cases = {
      {{5}, 3},          {{1, 5}, 3},         {{4, 16}, 32},         {{2, 3, 64}, 10},
      {{2, 2, 2, 7}, 9}, {{1, 128, 768}, 64}, {{3, 1, 2, 5, 17}, 1}, {{6, 300}, 257},
      {{1, 1}, 1}};
  for (const auto& [a_dims, n] : cases) {
    const int64_t k = a_dims.back();
    const std::string what = "A " + DimsToString(a_dims) + " B [" + std::to_string(k) + "," + std::to_string(n) + "]";
    ExpectMatchesReference(
        "MatMul", 13, [](KernelRunner& r) { r.Constant(1); }, {RandomTensor(a_dims, rng), RandomTensor({k, n}, rng)},
        2e-5, what);
    ExpectMatchesReference(
        "MatMul", 1, [](KernelRunner& r) { r.Constant(1); }, {RandomTensor(a_dims, rng), RandomTensor({k, n}, rng)},
        2e-5, what + " opset 1");
  }
}

TEST(MatMul, Declines) {
  std::mt19937 rng(22);
  const HostTensor a = RandomTensor({2, 3, 4}, rng);
  ExpectDeclines("MatMul", 13, nullptr, {a, RandomTensor({4, 5}, rng)}, "B is not a constant");
  ExpectDeclines(
      "MatMul", 13, [](KernelRunner& r) { r.Constant(1); }, {a, RandomTensor({2, 4, 5}, rng)}, "B has rank 3");
  ExpectDeclines(
      "MatMul", 13, [](KernelRunner& r) { r.Constant(1); }, {a, RandomTensor({4}, rng)}, "B has rank 1");
  ExpectDeclines(
      "MatMul", 13, [](KernelRunner& r) { r.Constant(1); }, {a, RandomTensor({5, 5}, rng)}, "inner extents differ");
}

}  // namespace
}  // namespace onyx::kernels::xnnpack
