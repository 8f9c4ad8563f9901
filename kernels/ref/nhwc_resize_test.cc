// NHWC Resize against Resize on NCHW data: scales and sizes in NHWC axis
// order, nearest, linear and cubic, the `axes` attribute (opset 18) and
// tf_crop_and_resize's roi; a hand-computed case pins down the axis order.

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "kernels/ref/internal/nhwc_test_util.h"

namespace onyx::kernels::ref {
namespace {

using kernels::testing::Random;
using testing::ExpectNhwcMatchesNchw;
using testing::NhwcCase;
using testing::NhwcLibrary;

// [N, C, H, W] entries -> [N, H, W, C] order (the NHWC op's).
template <typename T>
std::vector<T> NhwcOrder(const std::vector<T>& v) {
  std::vector<T> out;
  for (size_t g = 0; g < v.size(); g += 4) {
    out.insert(out.end(), {v[g], v[g + 2], v[g + 3], v[g + 1]});
  }
  return out;
}

TEST(NhwcResizeTest, MatchesResizeOnRandomCases) {
  const char* kModes[] = {"nearest", "linear", "cubic"};
  std::mt19937 rng(19);
  for (int trial = 0; trial < 24; ++trial) {
    const std::string mode = kModes[trial % 3];
    const Dims x{1 + trial % 2, 1 + trial % 3, 2 + trial % 4, 3 + trial % 3};
    const bool use_sizes = trial % 2 == 1;
    const bool crop = trial % 8 == 6;
    std::vector<float> scales{1, 1, 0.5f + 0.25f * (trial % 5), 1.5f + 0.5f * (trial % 3)};
    std::vector<int64_t> sizes{x[0], x[1], 1 + trial % 5, 2 + trial % 7};
    std::vector<float> roi{0, 0, 0.1f, 0.2f, 1, 1, 0.9f, 0.7f};
    SCOPED_TRACE(::testing::Message() << "trial " << trial << " " << mode);
    NhwcCase c;
    c.op = "Resize";
    c.opset = 13;
    c.attrs = [=](KernelRunner& r) {
      r.Attr("mode", mode);
      if (crop) r.Attr("coordinate_transformation_mode", std::string("tf_crop_and_resize"));
    };
    c.inputs.push_back(HostTensor::From<float>(x, Random<float>(NumElements(x), rng)));
    c.inputs.push_back(crop ? HostTensor::From<float>({8}, roi) : HostTensor());
    c.inputs.push_back(use_sizes ? HostTensor() : HostTensor::From<float>({4}, scales));
    if (use_sizes) c.inputs.push_back(HostTensor::From<int64_t>({4}, sizes));
    c.channels_last = {true};
    c.constants = {1, 2, 3};
    // The NHWC op reads its per-axis inputs in NHWC order: give them so.
    NhwcCase n = c;
    if (crop) n.inputs[1] = HostTensor::From<float>({8}, NhwcOrder(roi));
    if (!use_sizes) n.inputs[2] = HostTensor::From<float>({4}, NhwcOrder(scales));
    if (use_sizes) n.inputs[3] = HostTensor::From<int64_t>({4}, NhwcOrder(sizes));
    testing::ExpectNhwcMatchesNchwWith(c, n, 1e-6);
  }
}

TEST(NhwcResizeTest, AxesAttribute) {
  std::mt19937 rng(23);
  const Dims x{1, 3, 4, 5};
  NhwcCase c;
  c.op = "Resize";
  c.opset = 18;
  c.attrs = [](KernelRunner& r) { r.Attr("mode", std::string("linear")).Attr("axes", std::vector<int64_t>{2, 3}); };
  c.inputs = {HostTensor::From<float>(x, Random<float>(NumElements(x), rng)), HostTensor(),
              HostTensor::From<float>({2}, {2.0f, 0.5f})};
  c.channels_last = {true};
  c.constants = {1, 2};
  NhwcCase n = c;
  n.attrs = [](KernelRunner& r) { r.Attr("mode", std::string("linear")).Attr("axes", std::vector<int64_t>{1, 2}); };
  testing::ExpectNhwcMatchesNchwWith(c, n, 1e-6);
}

// Nearest upsampling by 2 along W only: scales given as [N, H, W, C].
TEST(NhwcResizeTest, HandComputed) {
  KernelRunner r(NhwcLibrary(), "Resize", 13);
  r.Constant(2);
  auto out = r.Run({HostTensor::From<float>({1, 1, 2, 2}, {1, 10, 2, 20}), HostTensor(),
                    HostTensor::From<float>({4}, {1, 1, 2, 1})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dims(), (Dims{1, 1, 4, 2}));
  EXPECT_EQ(out.value()[0].values<float>(), (std::vector<float>{1, 10, 1, 10, 2, 20, 2, 20}));
}

}  // namespace
}  // namespace onyx::kernels::ref
