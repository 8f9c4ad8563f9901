// Concat as strided XNNPACK copies, against the reference kernel: every
// axis, negative axes, two to five inputs, inputs empty along the axis; and
// what is declined.

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "kernels/xnnpack/test_util.h"

namespace onyx::kernels::xnnpack {
namespace {

using testing::ExpectDeclines;
using testing::ExpectMatchesReference;
using testing::RandomDims;
using testing::RandomTensor;

TEST(Concat, MatchesReferenceOnEveryAxis) {
  std::mt19937 rng(41);
  for (int trial = 0; trial < 40; ++trial) {
    Dims base = RandomDims(rng, 5, 6);
    if (base.empty()) base = {3};
    const int rank = static_cast<int>(base.size());
    const int axis = std::uniform_int_distribution<int>(-rank, rank - 1)(rng);
    const int count = std::uniform_int_distribution<int>(1, 5)(rng);
    std::vector<HostTensor> inputs;
    for (int i = 0; i < count; ++i) {
      Dims d = base;
      // Extents 0 to 4 along the axis; the first input keeps at least 1.
      d[(axis + rank) % rank] = std::uniform_int_distribution<int>(i == 0 ? 1 : 0, 4)(rng);
      inputs.push_back(RandomTensor(d, rng));
    }
    ExpectMatchesReference(
        "Concat", 13, [axis](KernelRunner& r) { r.Attr("axis", int64_t{axis}); }, inputs, 0,
        "Concat axis " + std::to_string(axis) + " of " + std::to_string(count) + " " + DimsToString(base));
  }
}

TEST(Concat, LargeChannelConcat) {
  std::mt19937 rng(42);
  const HostTensor a = RandomTensor({1, 64, 28, 28}, rng), b = RandomTensor({1, 32, 28, 28}, rng);
  ExpectMatchesReference(
      "Concat", 4, [](KernelRunner& r) { r.Attr("axis", int64_t{1}); }, {a, b}, 0, "channels");
  ExpectMatchesReference(
      "Concat", 11, [](KernelRunner& r) { r.Attr("axis", int64_t{-1}); }, {a, RandomTensor({1, 64, 28, 5}, rng)}, 0,
      "last axis");
}

TEST(Concat, Declines) {
  std::mt19937 rng(43);
  const HostTensor a = RandomTensor({2, 3}, rng);
  ExpectDeclines("Concat", 13, nullptr, {a, a}, "attribute 'axis'");
  ExpectDeclines(
      "Concat", 13, [](KernelRunner& r) { r.Attr("axis", int64_t{2}); }, {a, a}, "out of range");
  ExpectDeclines(
      "Concat", 13, [](KernelRunner& r) { r.Attr("axis", int64_t{0}); }, {a, RandomTensor({2, 4}, rng)},
      "has shape [2,4]");
  ExpectDeclines(
      "Concat", 13, [](KernelRunner& r) { r.Attr("axis", int64_t{0}); },
      {a, HostTensor::From<double>({1, 3}, {1, 2, 3})}, "is not a float tensor");
}

}  // namespace
}  // namespace onyx::kernels::xnnpack
