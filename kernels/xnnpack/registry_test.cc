// The XNNPACK kernel table: named as ONNX Runtime names the provider, sorted
// (domain, then op type, then opset) without overlapping rows, float32 only,
// every row with both functions; and XNNPACK starts on this machine.

#include <gtest/gtest.h>

#include <string>
#include <tuple>

#include "kernels/xnnpack/test_util.h"

namespace onyx::kernels::xnnpack {
namespace {

TEST(Registry, TableIsSortedAndComplete) {
  const KernelLibrary library = Library();
  EXPECT_STREQ(library.provider, "XnnpackExecutionProvider");
  ASSERT_GT(library.kernels.size(), 0u);
  for (size_t i = 0; i < library.kernels.size(); ++i) {
    const KernelDef& row = library.kernels[i];
    EXPECT_NE(row.prepare, nullptr) << row.op_type;
    EXPECT_NE(row.run, nullptr) << row.op_type;
    EXPECT_EQ(row.dtypes, DTypeBit(DType::kFloat32)) << row.op_type;
    EXPECT_LE(row.since_version, row.until_version) << row.op_type;
    if (i == 0) continue;
    const KernelDef& prev = library.kernels[i - 1];
    const auto key = [](const KernelDef& d) { return std::make_tuple(std::string(d.domain), std::string(d.op_type)); };
    EXPECT_TRUE(key(prev) < key(row) || (key(prev) == key(row) && prev.until_version < row.since_version))
        << prev.op_type << " then " << row.op_type;
  }
}

TEST(Registry, XnnpackStarts) {
  const KernelLibrary library = Library();
  ASSERT_NE(library.initialize, nullptr);
  EXPECT_TRUE(library.initialize().ok());
  EXPECT_TRUE(library.initialize().ok());  // Again: a no-op.
}

TEST(Registry, FindsFloatKernelsOnly) {
  const KernelLibrary library = Library();
  EXPECT_NE(FindKernel(library, "", "Relu", 14, DType::kFloat32), nullptr);
  EXPECT_EQ(FindKernel(library, "", "Relu", 14, DType::kFloat16), nullptr);
  EXPECT_EQ(FindKernel(library, "", "Relu", 14, DType::kInt32), nullptr);
  EXPECT_EQ(FindKernel(library, "", "Add", 6, DType::kFloat32), nullptr);  // Legacy broadcasting: reference only.
  EXPECT_NE(FindKernel(library, "com.microsoft", "FusedGemm", 1, DType::kFloat32), nullptr);
}

}  // namespace
}  // namespace onyx::kernels::xnnpack
