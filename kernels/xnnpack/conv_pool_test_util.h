#pragma once

// Tests of the NHWC-domain kernels (conv_test.cc and the pool tests): the
// com.ms.internal.nhwc rows of the XNNPACK and reference tables under the
// default domain (KernelRunner's nodes have it), and test_util.h's
// comparison and decline checks on them. Header-only and testonly.

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "kernels/xnnpack/test_util.h"

namespace onyx::kernels::xnnpack::testing {

// The rows of `library` in the NHWC domain, domain cleared. The table lives
// for the test binary's lifetime.
inline KernelLibrary NhwcRows(const KernelLibrary& library) {
  auto* rows = new std::vector<KernelDef>();
  for (const KernelDef& row : library.kernels) {
    if (std::string(row.domain) != "com.ms.internal.nhwc") continue;
    rows->push_back(row);
    rows->back().domain = "";
  }
  KernelLibrary out = library;
  out.kernels = Span<const KernelDef>(rows->data(), rows->size());
  return out;
}

// ExpectMatchesReference for the NHWC op `op_type`.
inline void ExpectNhwcMatchesReference(const std::string& op_type, int opset, const Configure& configure,
                                       const std::vector<HostTensor>& inputs, double tol, const std::string& what) {
  KernelRunner fast(NhwcRows(Library()), op_type, opset);
  KernelRunner truth(NhwcRows(ref::Library()), op_type, opset);
  if (configure) {
    configure(fast);
    configure(truth);
  }
  Result<std::vector<HostTensor>> want = truth.Run(inputs);
  Result<std::vector<HostTensor>> got = fast.Run(inputs);
  ASSERT_TRUE(want.ok()) << what << ": reference: " << want.status().ToString();
  ASSERT_TRUE(got.ok()) << what << ": " << got.status().ToString();
  ASSERT_EQ(got->size(), 1u) << what;
  ASSERT_EQ((*got)[0].dims(), (*want)[0].dims()) << what;
  const std::vector<float> g = (*got)[0].values<float>(), w = (*want)[0].values<float>();
  for (size_t i = 0; i < g.size(); ++i) {
    if (g[i] == w[i]) continue;
    ASSERT_NEAR(g[i], w[i], tol * std::max(1.0, std::abs(static_cast<double>(w[i])))) << what << " at " << i;
  }
}

// ExpectDeclines for the NHWC op `op_type`.
inline void ExpectNhwcDeclines(const std::string& op_type, int opset, const Configure& configure,
                               const std::vector<HostTensor>& inputs, const std::string& why) {
  KernelRunner fast(NhwcRows(Library()), op_type, opset);
  if (configure) configure(fast);
  Result<std::vector<HostTensor>> got = fast.Run(inputs);
  ASSERT_FALSE(got.ok()) << op_type << " was not declined";
  EXPECT_EQ(got.status().code(), StatusCode::kUnsupported) << got.status().ToString();
  EXPECT_NE(got.status().message().find("test_node"), std::string::npos) << got.status().message();
  EXPECT_NE(got.status().message().find(why), std::string::npos) << got.status().message();
}

inline int64_t Pick(std::mt19937& rng, int64_t lo, int64_t hi) {
  return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
}

}  // namespace onyx::kernels::xnnpack::testing
