#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

using Strings = std::vector<std::string>;

TEST(StringNormalizer, StopwordsIgnoringCaseThenUpper) {
  HostTensor x = HostTensor::FromStrings({1, 4}, {"Monday", "tuesday", "MONDAY", "straße"});
  auto out = KernelRunner(Library(), "StringNormalizer", 10)
                 .Attr("case_change_action", std::string("UPPER"))
                 .Attr("stopwords", Strings{"monday"})
                 .Run({x});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dims(), (Dims{1, 2}));
  // Sharp s has no one-to-one upper case: it stays.
  EXPECT_EQ(out.value()[0].strings(), (Strings{"TUESDAY", "STRAßE"}));
}

TEST(StringNormalizer, CaseSensitiveLowerAndLatin1Greek) {
  HostTensor x = HostTensor::FromStrings({4}, {"Monday", "monday", "ÇÉÜ", "ΑΒΓ"});
  auto out = KernelRunner(Library(), "StringNormalizer", 10)
                 .Attr("case_change_action", std::string("LOWER"))
                 .Attr("is_case_sensitive", int64_t{1})
                 .Attr("stopwords", Strings{"monday"})
                 .Run({x});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].strings(), (Strings{"monday", "çéü", "αβγ"}));
}

TEST(StringNormalizer, AllRemovedLeavesOneEmptyString) {
  HostTensor x = HostTensor::FromStrings({2}, {"monday", "monday"});
  auto out = KernelRunner(Library(), "StringNormalizer", 10).Attr("stopwords", Strings{"monday"}).Run({x});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dims(), (Dims{1}));
  EXPECT_EQ(out.value()[0].strings(), (Strings{""}));
}

TEST(StringNormalizer, Errors) {
  HostTensor x = HostTensor::FromStrings({2, 2}, {"a", "b", "c", "d"});
  testing::ExpectError(KernelRunner(Library(), "StringNormalizer", 10).Run({x}).status(),
                       StatusCode::kInvalidArgument, "[C] or [1, C]");
  HostTensor y = HostTensor::FromStrings({1}, {"a"});
  testing::ExpectError(KernelRunner(Library(), "StringNormalizer", 10)
                           .Attr("case_change_action", std::string("TITLE")).Run({y}).status(),
                       StatusCode::kInvalidModel, "case_change_action");
}

}  // namespace
}  // namespace onyx::kernels::ref
