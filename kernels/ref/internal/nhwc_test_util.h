#pragma once

// Tests of the NHWC-domain kernels (nhwc_*_test.cc): each case runs the ONNX
// op on NCHW inputs and the NHWC op on the same inputs laid out channels
// last, and expects the NHWC output to be the NCHW output laid out channels
// last. The layout changes here are written out index by index, apart from
// internal/nhwc_util.h's.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "kernels/api/kernel_runner.h"
#include "kernels/api/kernel_test_util.h"
#include "kernels/ref/registry.h"

namespace onyx::kernels::ref::testing {

// The registry's com.ms.internal.nhwc rows under the default domain, which
// KernelRunner's nodes have.
inline KernelLibrary NhwcLibrary() {
  static const std::vector<KernelDef> defs = [] {
    std::vector<KernelDef> d;
    for (const KernelDef& k : Library().kernels) {
      if (std::string(k.domain) != "com.ms.internal.nhwc") continue;
      d.push_back(k);
      d.back().domain = "";
    }
    return d;
  }();
  return KernelLibrary{"nhwc-test", Span<const KernelDef>(defs.data(), defs.size())};
}

// Float tensor [N, C, D1..Dn] -> [N, D1..Dn, C] (to_last) or back.
inline HostTensor Relayout(const HostTensor& t, bool to_last) {
  const Dims& d = t.dims();
  Dims out = d;
  const size_t r = d.size();
  if (to_last) {
    out.erase(out.begin() + 1);
    out.push_back(d[1]);
  } else {
    out.pop_back();
    out.insert(out.begin() + 1, d.back());
  }
  HostTensor y = HostTensor::Allocate(t.dtype(), out).value();
  const size_t elem = DTypeSize(t.dtype());
  const auto* src = static_cast<const uint8_t*>(t.data());
  auto* dst = static_cast<uint8_t*>(y.data());
  // Walk the source's multi-index; the destination index moves axis 1 last (or back).
  std::vector<int64_t> idx(r, 0);
  for (int64_t flat = 0; flat < NumElements(d); ++flat) {
    std::vector<int64_t> o(r);
    for (size_t a = 0; a < r; ++a) {
      const size_t to = to_last ? (a == 0 ? 0 : a == 1 ? r - 1 : a - 1) : (a == 0 ? 0 : a == r - 1 ? 1 : a + 1);
      o[to] = idx[a];
    }
    int64_t off = 0;
    for (size_t a = 0; a < r; ++a) off = off * out[a] + o[a];
    std::memcpy(dst + off * elem, src + flat * elem, elem);
    for (size_t a = r; a-- > 0;) {
      if (++idx[a] < d[a]) break;
      idx[a] = 0;
    }
  }
  return y;
}

struct NhwcCase {
  std::string op;
  int opset = 0;
  std::function<void(KernelRunner&)> attrs;  // Sets the node's attributes on both runners.
  std::vector<HostTensor> inputs;            // NCHW form; absent optional inputs have kUndefined dtype.
  std::vector<bool> channels_last;           // Per input: laid out channels last for the NHWC op.
  std::vector<size_t> constants;             // Inputs Prepare sees (weights).
  KernelLibrary nchw_library = Library();    // Where the NCHW op is found under the default domain.
};

// Runs `nchw` (inputs as given) and the NHWC op of `nhwc` (inputs marked
// channels_last laid out so; `nhwc` may give other attributes or per-axis
// inputs in NHWC order) and compares; errors of either fail the test.
inline void ExpectNhwcMatchesNchwWith(const NhwcCase& nchw, const NhwcCase& nhwc, double tol = 0) {
  KernelRunner ref(nchw.nchw_library, nchw.op, nchw.opset), tested(NhwcLibrary(), nhwc.op, nhwc.opset);
  if (nchw.attrs) nchw.attrs(ref);
  if (nhwc.attrs) nhwc.attrs(tested);
  for (size_t i : nchw.constants) ref.Constant(i);
  for (size_t i : nhwc.constants) tested.Constant(i);
  std::vector<HostTensor> moved;
  for (size_t i = 0; i < nhwc.inputs.size(); ++i) {
    const HostTensor& t = nhwc.inputs[i];
    if (t.dtype() == DType::kUndefined) {
      moved.emplace_back();
    } else {
      const bool last = i < nhwc.channels_last.size() && nhwc.channels_last[i];
      moved.push_back(last ? Relayout(t, true) : HostTensor::CopyOf(t.view()).value());
    }
  }
  Result<std::vector<HostTensor>> want = ref.Run(nchw.inputs);
  ASSERT_TRUE(want.ok()) << want.status().ToString();
  Result<std::vector<HostTensor>> got = tested.Run(moved);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ASSERT_EQ(got.value().size(), 1u);
  const HostTensor expect = Relayout(want.value()[0], true);
  ASSERT_EQ(got.value()[0].dims(), expect.dims());
  ASSERT_EQ(got.value()[0].dtype(), DType::kFloat32);
  const std::vector<float> g = got.value()[0].values<float>(), e = expect.values<float>();
  for (size_t i = 0; i < g.size(); ++i) {
    if (std::isnan(e[i])) {
      EXPECT_TRUE(std::isnan(g[i])) << "at " << i;
    } else {
      EXPECT_NEAR(g[i], e[i], tol * std::max(1.0, std::abs(double{e[i]}))) << "at " << i;
    }
  }
}

inline void ExpectNhwcMatchesNchw(const NhwcCase& c, double tol = 0) { ExpectNhwcMatchesNchwWith(c, c, tol); }

}  // namespace onyx::kernels::ref::testing
