#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref {
namespace {

using Strings = std::vector<std::string>;

TEST(StringConcat, BroadcastsAndKeepsUtf8) {
  HostTensor x = HostTensor::FromStrings({2, 2}, {"a", "", "héllo", "日本"});
  HostTensor y = HostTensor::FromStrings({2}, {"!", "語"});
  auto out = KernelRunner(Library(), "StringConcat", 20).Run({x, y});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dtype(), DType::kString);
  EXPECT_EQ(out.value()[0].dims(), (Dims{2, 2}));
  EXPECT_EQ(out.value()[0].strings(), (Strings{"a!", "語", "héllo!", "日本語"}));
}

TEST(StringConcat, ZeroDimensionalAndEmbeddedNul) {
  HostTensor x = HostTensor::FromStrings({}, {std::string("a\0b", 3)});
  HostTensor y = HostTensor::FromStrings({}, {"c"});
  auto out = KernelRunner(Library(), "StringConcat", 20).Run({x, y});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].dims(), Dims{});
  EXPECT_EQ(out.value()[0].strings(), (Strings{std::string("a\0bc", 4)}));
}

TEST(StringConcat, RejectsNumbersAndBadShapes) {
  HostTensor x = HostTensor::FromStrings({3}, {"a", "b", "c"});
  HostTensor y = HostTensor::FromStrings({2}, {"a", "b"});
  testing::ExpectError(KernelRunner(Library(), "StringConcat", 20).Run({x, y}).status(),
                       StatusCode::kInvalidArgument, "broadcast");
  HostTensor f = HostTensor::From<float>({3}, {1, 2, 3});
  EXPECT_FALSE(KernelRunner(Library(), "StringConcat", 20).Run({f, f}).ok());
}

}  // namespace
}  // namespace onyx::kernels::ref
