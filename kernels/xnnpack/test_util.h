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
using Configure = std::function<void(KernelRunner&)>;

// `library` with every row's domain cleared, so that KernelRunner (which
// builds nodes of the default domain) finds com.microsoft ops too. The
// result points into a table kept for the test binary's lifetime.
inline KernelLibrary WithoutDomains(const KernelLibrary& library) {
  auto* rows = new std::vector<KernelDef>(library.kernels.begin(), library.kernels.end());
  for (KernelDef& row : *rows) row.domain = "";
  KernelLibrary out = library;
  out.kernels = Span<const KernelDef>(rows->data(), rows->size());
  return out;
}

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
  KernelRunner fast(xnn, op_type, opset);
  KernelRunner truth(ref, op_type, opset);
  if (configure) {
    configure(fast);
    configure(truth);
  }
  Result<std::vector<HostTensor>> got = fast.Run(inputs);
  Result<std::vector<HostTensor>> want = truth.Run(inputs);
  ASSERT_TRUE(want.ok()) << what << ": reference: " << want.status().ToString();
  ASSERT_TRUE(got.ok()) << what << ": " << got.status().ToString();
  ASSERT_EQ(got->size(), want->size()) << what;
  for (size_t o = 0; o < got->size(); ++o) {
    const HostTensor& g = (*got)[o];
    const HostTensor& w = (*want)[o];
    ASSERT_EQ(g.dtype(), w.dtype()) << what;
    ASSERT_EQ(g.dims(), w.dims()) << what;
    const std::vector<float> gv = g.values<float>(), wv = w.values<float>();
    for (size_t i = 0; i < gv.size(); ++i) {
      if (std::isnan(wv[i])) {
        EXPECT_TRUE(std::isnan(gv[i])) << what << " at " << i << ": got " << gv[i] << ", want NaN";
        continue;
      }
      if (gv[i] == wv[i]) continue;  // Infinities too.
      EXPECT_NEAR(gv[i], wv[i], tol * std::max(1.0, std::abs(static_cast<double>(wv[i])))) << what << " at " << i;
    }
  }
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
