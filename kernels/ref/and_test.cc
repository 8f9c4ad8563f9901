#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "kernels/ref/internal/binary_test_util.h"

namespace onyx::kernels::ref {
namespace {

TEST(And, TruthTable) {
  auto out = KernelRunner(Library(), "And", 7)
                 .Run({testing::BoolTensor({4}, {false, false, true, true}),
                       testing::BoolTensor({4}, {false, true, false, true})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  std::vector<uint8_t> want;
  for (int i = 0; i < 4; ++i) want.push_back(bool(i & 2) && bool(i & 1));
  EXPECT_EQ(out.value()[0].values<uint8_t>(), want);
}

TEST(And, RandomBroadcastMatchesNaiveReference) {
  testing::CheckBinaryRandom<bool, bool>("And", 7, 11, testing::IntsIn<bool>(0, 1),
                                         [](bool a, bool b) { return a && b; });
}

TEST(And, Opset1NeedsBroadcastToBroadcast) {
  const HostTensor a = testing::BoolTensor({2, 2}, {true, false, true, true});
  const HostTensor b = testing::BoolTensor({2}, {true, false});
  auto out = KernelRunner(Library(), "And", 1).Attr("broadcast", int64_t{1}).Run({a, b});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out.value()[0].values<uint8_t>(),
            (std::vector<uint8_t>{true && true, false && false, true && true, true && false}));
  testing::ExpectError(KernelRunner(Library(), "And", 1).Run({a, b}), StatusCode::kInvalidArgument,
                       "without broadcast=1");
}

TEST(And, OnlyBool) {
  const HostTensor i = testing::Tensor<int32_t>({1}, {1});
  testing::ExpectError(KernelRunner(Library(), "And", 7).Run({i, i}), StatusCode::kNotFound,
                       "no kernel for And opset 7 dtype int32");
  testing::ExpectError(KernelRunner(Library(), "And", 7).Run({testing::BoolTensor({1}, {true}), i}),
                       StatusCode::kInvalidArgument, "different dtypes");
}

}  // namespace
}  // namespace onyx::kernels::ref
