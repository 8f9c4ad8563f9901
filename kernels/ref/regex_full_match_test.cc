#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

TEST(RegexFullMatch, MatchesWholeStringsOnly) {
  HostTensor x = HostTensor::FromStrings({2, 2}, {"www.google.com", "www.google.com.au", "", "google.com"});
  auto out = KernelRunner(Library(), "RegexFullMatch", 20).Attr("pattern", std::string(R"(www\.[\w.-]+\.\bcom\b)"))
                 .Run({x});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dtype(), DType::kBool);
  EXPECT_EQ(out.value()[0].dims(), (Dims{2, 2}));
  EXPECT_EQ(out.value()[0].values<uint8_t>(), (std::vector<uint8_t>{1, 0, 0, 0}));
}

TEST(RegexFullMatch, BadPatternIsAnErrorNamingIt) {
  HostTensor x = HostTensor::FromStrings({1}, {"a"});
  testing::ExpectError(KernelRunner(Library(), "RegexFullMatch", 20).Attr("pattern", std::string("(a")).Run({x}).status(),
                       StatusCode::kInvalidModel, "'(a'");
  testing::ExpectError(KernelRunner(Library(), "RegexFullMatch", 20).Run({x}).status(), StatusCode::kInvalidModel,
                       "pattern");
}

}  // namespace
}  // namespace onyx::kernels::ref
