// Softmax on XNNPACK against the reference kernel: the legacy flattening
// (opset 1 to 12) at every axis, the innermost axis from opset 13, wide and
// narrow rows; and the axes declined.

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

TEST(Softmax, LastAxisMatchesReference) {
  std::mt19937 rng(31);
  std::vector<Dims> shapes = {{1}, {1000}, {3, 1000}, {2, 12, 128, 128}, {5, 1}, {4, 3, 1, 1}};
  for (int i = 0; i < 20; ++i) {
    Dims d = RandomDims(rng, 4, 40);
    if (!d.empty()) shapes.push_back(d);
  }
  for (const Dims& dims : shapes) {
    const HostTensor x = RandomTensor(dims, rng, -10, 10);
    ExpectMatchesReference("Softmax", 13, nullptr, {x}, 1e-5, "Softmax 13 " + DimsToString(dims));
    ExpectMatchesReference(
        "Softmax", 13, [&](KernelRunner& r) { r.Attr("axis", int64_t(dims.size()) - 1); }, {x}, 1e-5,
        "Softmax 13 explicit axis " + DimsToString(dims));
  }
}

TEST(Softmax, LegacyOpsetsFlattenAtAxis) {
  std::mt19937 rng(32);
  for (int i = 0; i < 20; ++i) {
    Dims dims = RandomDims(rng, 4, 12);
    if (dims.empty()) continue;
    for (int64_t axis = -static_cast<int64_t>(dims.size()); axis < static_cast<int64_t>(dims.size()); ++axis) {
      ExpectMatchesReference(
          "Softmax", 11, [axis](KernelRunner& r) { r.Attr("axis", axis); }, {RandomTensor(dims, rng, -5, 5)}, 1e-5,
          "Softmax 11 axis " + std::to_string(axis) + " " + DimsToString(dims));
    }
    if (dims.size() < 2) continue;  // The default axis 1 needs rank 2.
    ExpectMatchesReference("Softmax", 1, nullptr, {RandomTensor(dims, rng, -5, 5)}, 1e-5, "Softmax 1 default axis");
  }
}

TEST(Softmax, Declines) {
  std::mt19937 rng(33);
  const HostTensor x = RandomTensor({2, 3, 4}, rng);
  ExpectDeclines(
      "Softmax", 13, [](KernelRunner& r) { r.Attr("axis", int64_t{1}); }, {x}, "not the innermost");
  ExpectDeclines(
      "Softmax", 13, [](KernelRunner& r) { r.Attr("axis", int64_t{3}); }, {x}, "out of range");
  ExpectDeclines("Softmax", 13, nullptr, {HostTensor::From<float>({}, {1.0f})}, "out of range");
}

}  // namespace
}  // namespace onyx::kernels::xnnpack
