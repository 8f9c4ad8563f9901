#pragma once

// The XNNPACK kernel tests' one pattern: run a node on the XNNPACK kernel and
// on the reference kernel (the truth) with the same attributes, constants and
// random inputs, and compare; and check that a configuration XNNPACK cannot
// take is declined (kUnsupported naming the node) rather than computed.
// Header-only and testonly.

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"
#include "kernels/xnnpack/registry.h"

namespace onyx::kernels::xnnpack::testing {

using kernels::testing::Random;

// Sets a runner's attributes, constant inputs and output count; applied to
// both runners.
using Configure = kernels::testing::ConfigureRunner;

using kernels::testing::WithoutDomains;

// A float tensor of `dims` with values uniform in [lo, hi).
inline HostTensor RandomTensor(const Dims& dims, std::mt19937& rng, double lo = -1.0, double hi = 1.0) {
  return HostTensor::From<float>(dims, Random<float>(static_cast<size_t>(NumElements(dims)), rng, lo, hi));
}

// Runs `op_type` at `opset` on both providers and expects equal shapes and
// values within `tol` * max(1, |reference|) (NaN where the reference has
// NaN). `what` names the case in failures.
inline void ExpectMatchesReference(const std::string& op_type, int opset, const Configure& configure,
                                   const std::vector<HostTensor>& inputs, double tol, const std::string& what,
                                   bool from_domain = false) {
  KernelLibrary xnn = from_domain ? WithoutDomains(Library()) : Library();
  KernelLibrary ref = from_domain ? WithoutDomains(ref::Library()) : ref::Library();
  kernels::testing::ExpectAgrees(xnn, ref, op_type, opset, configure, inputs, tol, what);
}

// Expects the XNNPACK kernel to decline the node: kUnsupported, with the
// node's name and `why` in the message.
inline void ExpectDeclines(const std::string& op_type, int opset, const Configure& configure,
                           const std::vector<HostTensor>& inputs, const std::string& why, bool from_domain = false) {
  KernelRunner fast(from_domain ? WithoutDomains(Library()) : Library(), op_type, opset);
  if (configure) configure(fast);
  Result<std::vector<HostTensor>> got = fast.Run(inputs);
  ASSERT_FALSE(got.ok()) << op_type << " was not declined";
  EXPECT_EQ(got.status().code(), StatusCode::kUnsupported) << got.status().ToString();
  EXPECT_NE(got.status().message().find("test_node"), std::string::npos) << got.status().message();
  EXPECT_NE(got.status().message().find(why), std::string::npos) << got.status().message();
}

// Random shapes of rank 0 to `max_rank` with extents 1 to `max_extent`.
inline Dims RandomDims(std::mt19937& rng, int max_rank, int max_extent) {
  Dims d(std::uniform_int_distribution<int>(0, max_rank)(rng));
  for (int64_t& e : d) e = std::uniform_int_distribution<int>(1, max_extent)(rng);
  return d;
}

}  // namespace onyx::kernels::xnnpack::testing
