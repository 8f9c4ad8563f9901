// The binary elementwise kernels (binary.h: Add, Sub, Mul, Div, Min, Max)
// against the reference kernels on random broadcasting shapes up to rank 6,
// and the configurations they decline.

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <string>

#include "kernels/xnnpack/test_util.h"

namespace onyx::kernels::xnnpack {
namespace {

using testing::ExpectDeclines;
using testing::ExpectMatchesReference;
using testing::RandomTensor;

struct BinaryCase {
  const char* op;
  int opset;
};

class BinaryTest : public ::testing::TestWithParam<BinaryCase> {};

// Two shapes broadcasting to a random output of rank 0 to `max_rank`: each
// takes a suffix of the output's extents, some replaced by 1.
void RandomPair(std::mt19937& rng, int max_rank, Dims* a, Dims* b) {
  Dims out(std::uniform_int_distribution<int>(0, max_rank)(rng));
  for (int64_t& d : out) d = std::uniform_int_distribution<int>(1, 5)(rng);
  auto derive = [&](Dims* in) {
    const size_t rank = std::uniform_int_distribution<size_t>(0, out.size())(rng);
    in->assign(out.end() - rank, out.end());
    for (int64_t& d : *in) d = std::uniform_int_distribution<int>(0, 2)(rng) == 0 ? 1 : d;
  };
  derive(a);
  derive(b);
}

TEST_P(BinaryTest, MatchesReferenceOnBroadcastShapes) {
  const BinaryCase& c = GetParam();
  std::mt19937 rng(std::hash<std::string>()(c.op));
  std::vector<std::pair<Dims, Dims>> cases = {{{}, {}},
                                              {{1}, {}},
                                              {{3, 1000}, {1000}},
                                              {{3, 1000}, {3, 1}},
                                              {{2, 1, 4, 1, 3, 2}, {1, 7, 3, 1}},
                                              {{64, 56}, {64, 56}},
                                              {{1, 8, 1}, {7, 1, 9}}};
  for (int i = 0; i < 60; ++i) {
    Dims a, b;
    RandomPair(rng, 6, &a, &b);
    cases.emplace_back(a, b);
  }
  // Div by values away from 0, so the relative tolerance means something.
  const bool div = std::string(c.op) == "Div";
  for (const auto& [a, b] : cases) {
    const HostTensor x = RandomTensor(a, rng, -4, 4);
    const HostTensor y = div ? RandomTensor(b, rng, 0.5, 4) : RandomTensor(b, rng, -4, 4);
    const std::string what = std::string(c.op) + " " + DimsToString(a) + " " + DimsToString(b);
    ExpectMatchesReference(c.op, c.opset, nullptr, {x, y}, 1e-6, what);
    ExpectMatchesReference(c.op, c.opset, nullptr, {y, x}, div ? 1e-5 : 1e-6, what + " swapped");
  }
}

INSTANTIATE_TEST_SUITE_P(Ops, BinaryTest,
                         ::testing::Values(BinaryCase{"Add", 14}, BinaryCase{"Add", 7}, BinaryCase{"Sub", 14},
                                           BinaryCase{"Mul", 13}, BinaryCase{"Div", 14}, BinaryCase{"Min", 13},
                                           BinaryCase{"Max", 8}),
                         [](const ::testing::TestParamInfo<BinaryCase>& info) {
                           return std::string(info.param.op) + std::to_string(info.param.opset);
                         });

TEST(Binary, InfinitiesAndDivisionByZero) {
  const float inf = std::numeric_limits<float>::infinity();
  const HostTensor x = HostTensor::From<float>({4}, {1, -1, inf, -inf});
  const HostTensor y = HostTensor::From<float>({4}, {0, 0, 2, 3});
  ExpectMatchesReference("Div", 14, nullptr, {x, y}, 0, "x / 0");
  ExpectMatchesReference("Add", 14, nullptr, {x, x}, 0, "inf + inf");
  ExpectMatchesReference("Max", 13, nullptr, {x, y}, 0, "max with inf");
}

// What XNNPACK does with NaN, where it differs from the reference (which
// keeps NaN, as numpy): its arithmetic clamps every result to [-inf, inf]
// with max/min instructions, which turn NaN into -inf; Max and Min return
// the second operand when the first is NaN. README.md says so.
TEST(Binary, NaNAsXnnpackTreatsIt) {
  const float inf = std::numeric_limits<float>::infinity();
  const HostTensor x = HostTensor::From<float>({3}, {NAN, 0, inf});
  const HostTensor y = HostTensor::From<float>({3}, {1, 0, -inf});
  auto run = [&](const char* op, const HostTensor& a, const HostTensor& b) {
    auto out = KernelRunner(Library(), op, 14).Run({a, b});
    EXPECT_TRUE(out.ok()) << out.status().ToString();
    return out.ok() ? out.value()[0].values<float>() : std::vector<float>{};
  };
  EXPECT_EQ(run("Add", x, y), (std::vector<float>{-inf, 0, -inf}));     // NaN + 1, inf + -inf.
  EXPECT_EQ(run("Div", x, y), (std::vector<float>{-inf, -inf, -inf}));  // NaN / 1, 0 / 0, inf / -inf.
  EXPECT_EQ(run("Max", x, y)[0], 1.0f);
  EXPECT_TRUE(std::isnan(run("Max", y, x)[0]));
}

TEST(Binary, Declines) {
  const HostTensor x = HostTensor::From<float>({2, 3}, {1, 2, 3, 4, 5, 6});
  ExpectDeclines("Add", 14, nullptr, {x, HostTensor::From<float>({2}, {1, 2})}, "do not broadcast");
  ExpectDeclines("Add", 14, nullptr, {x, HostTensor::From<float>({0}, {})}, "non-empty");
  const HostTensor rank7 = HostTensor::From<float>({1, 1, 1, 1, 1, 2, 3}, {1, 2, 3, 4, 5, 6});
  ExpectDeclines("Mul", 14, nullptr, {rank7, x}, "rank above 6");
  ExpectDeclines("Max", 13, nullptr, {x, x, x}, "inputs");
  ExpectDeclines("Min", 13, nullptr, {x}, "inputs");
}

}  // namespace
}  // namespace onyx::kernels::xnnpack
