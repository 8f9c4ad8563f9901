#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

using Strings = std::vector<std::string>;

// Truth: Python's str.split on the same strings.
TEST(StringSplit, DelimiterKeepsEmptyPiecesAndPads) {
  HostTensor x = HostTensor::FromStrings({3}, {"a,,b", "", "c,d"});
  auto out = KernelRunner(Library(), "StringSplit", 20).Attr("delimiter", std::string(",")).Outputs(2).Run({x});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  // "a,,b".split(",") == ["a", "", "b"]; "".split(",") == [""]; "c,d".split(",") == ["c", "d"].
  EXPECT_EQ(out.value()[0].dims(), (Dims{3, 3}));
  EXPECT_EQ(out.value()[0].strings(), (Strings{"a", "", "b", "", "", "", "c", "d", ""}));
  EXPECT_EQ(out.value()[1].values<int64_t>(), (std::vector<int64_t>{3, 1, 2}));
}

TEST(StringSplit, WhitespaceRunsAndMaxsplit) {
  HostTensor x = HostTensor::FromStrings({2, 1}, {"  one\ttwo  three ", "   "});
  auto all = KernelRunner(Library(), "StringSplit", 20).Outputs(2).Run({x});
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  EXPECT_EQ(all.value()[0].dims(), (Dims{2, 1, 3}));
  EXPECT_EQ(all.value()[0].strings(), (Strings{"one", "two", "three", "", "", ""}));
  EXPECT_EQ(all.value()[1].values<int64_t>(), (std::vector<int64_t>{3, 0}));
  // "  one\ttwo  three ".split(None, 1) == ["one", "two  three "]
  auto one = KernelRunner(Library(), "StringSplit", 20).Attr("maxsplit", int64_t{1}).Outputs(2).Run({x});
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  EXPECT_EQ(one.value()[0].strings(), (Strings{"one", "two  three ", "", ""}));
  // "a-b-c".split("-", 1) == ["a", "b-c"]
  HostTensor y = HostTensor::FromStrings({1}, {"a-b-c"});
  auto dash = KernelRunner(Library(), "StringSplit", 20).Attr("delimiter", std::string("-"))
                  .Attr("maxsplit", int64_t{1}).Outputs(2).Run({y});
  ASSERT_TRUE(dash.ok()) << dash.status().ToString();
  EXPECT_EQ(dash.value()[0].strings(), (Strings{"a", "b-c"}));
}

TEST(StringSplit, EmptyTensorGetsAZeroAxis) {
  HostTensor x = HostTensor::FromStrings({0}, {});
  auto out = KernelRunner(Library(), "StringSplit", 20).Outputs(2).Run({x});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dims(), (Dims{0, 0}));
  EXPECT_EQ(out.value()[1].dims(), (Dims{0}));
}

TEST(StringSplit, Errors) {
  HostTensor x = HostTensor::FromStrings({1}, {"a b"});
  testing::ExpectError(KernelRunner(Library(), "StringSplit", 20).Attr("maxsplit", int64_t{-1}).Run({x}).status(),
                       StatusCode::kInvalidModel, "maxsplit");
  testing::ExpectError(KernelRunner(Library(), "StringSplit", 20).Attr("delimiter", int64_t{1}).Run({x}).status(),
                       StatusCode::kInvalidModel, "delimiter");
}

}  // namespace
}  // namespace onyx::kernels::ref
