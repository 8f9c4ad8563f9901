#pragma once

// Helpers shared by the kernel tests: seeded random data, comparison with a
// relative tolerance, error checks, bool tensors, and the index arithmetic of
// the tests' naive references (broadcasting, pooling windows). Header-only and
// testonly; failures are reported through gtest. Tests in onyx::kernels::ref
// call them as testing::ExpectError(...) and so on (this namespace, not gtest's).

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <initializer_list>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "kernels/api/kernel.h"
#include "kernels/api/kernel_runner.h"
#include "runtime/core/host_tensor.h"
#include "runtime/core/shape.h"
#include "runtime/core/status.h"

namespace onyx::kernels::testing {

// `n` values drawn uniformly from [lo, hi) and cast to T.
template <typename T>
std::vector<T> Random(size_t n, std::mt19937& rng, double lo = -1.0, double hi = 1.0) {
  std::uniform_real_distribution<double> dist(lo, hi);
  std::vector<T> v(n);
  for (T& x : v) x = static_cast<T>(dist(rng));
  return v;
}

// start, start + 1, ..., n values.
inline std::vector<float> Iota(int64_t n, float start = 0) {
  std::vector<float> v(n);
  for (int64_t i = 0; i < n; ++i) v[i] = start + static_cast<float>(i);
  return v;
}

// A float tensor of `dims` holding Iota(NumElements(dims)).
inline HostTensor IotaTensor(const Dims& dims) {
  return HostTensor::From<float>(dims, Iota(NumElements(dims)));
}

// A bool tensor (HostTensor::From cannot take std::vector<bool>). Aborts if
// the counts disagree, as From does.
inline HostTensor BoolTensor(Dims dims, std::initializer_list<bool> values) {
  HostTensor t = HostTensor::Allocate(DType::kBool, std::move(dims)).value();
  if (static_cast<int64_t>(values.size()) != NumElements(t.dims())) std::abort();
  bool* p = static_cast<bool*>(t.data());
  for (bool v : values) *p++ = v;
  return t;
}

// Each of `got` within a relative tolerance (1e-5 for float, 1e-12 for
// double) of `want`, computed in double.
template <typename T>
void ExpectClose(const std::vector<T>& got, const std::vector<double>& want) {
  const double tol = sizeof(T) == 4 ? 1e-5 : 1e-12;
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_NEAR(got[i], want[i], tol * std::max(1.0, std::abs(want[i]))) << "at " << i;
  }
}

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

// Sets a runner's attributes, constant inputs and output count; applied to
// every runner of a comparison.
using ConfigureRunner = std::function<void(KernelRunner&)>;

// Runs `op_type` at `opset` on `library` and on `truth` (the reference
// kernels) with the same configuration and inputs, and expects equal dtypes,
// shapes, and float values within `tol` * max(1, |truth|) (NaN where the truth
// has NaN). `what` names the case in failures. How every provider's kernel
// tests compare with the reference kernels.
inline void ExpectAgrees(const KernelLibrary& library, const KernelLibrary& truth, const std::string& op_type,
                         int opset, const ConfigureRunner& configure, const std::vector<HostTensor>& inputs,
                         double tol, const std::string& what) {
  KernelRunner fast(library, op_type, opset);
  KernelRunner reference(truth, op_type, opset);
  if (configure) {
    configure(fast);
    configure(reference);
  }
  Result<std::vector<HostTensor>> got = fast.Run(inputs);
  Result<std::vector<HostTensor>> want = reference.Run(inputs);
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

// `status` has `code` and a message containing `text`.
inline void ExpectError(const Status& status, StatusCode code, const std::string& text) {
  EXPECT_EQ(status.code(), code) << status.ToString();
  EXPECT_NE(status.message().find(text), std::string::npos) << status.message();
}

// `result` is an error with `code` and a message containing `text`.
template <typename T>
void ExpectError(const Result<T>& result, StatusCode code, const std::string& text) {
  ASSERT_FALSE(result.ok());
  ExpectError(result.status(), code, text);
}

// The run succeeded with one float output of dims `expected` holding
// Iota(NumElements(expected)): the input's values, in order (for the ops that
// only move data, fed an IotaTensor).
inline void ExpectDims(const Result<std::vector<HostTensor>>& r, const Dims& expected) {
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r.value()[0].dims(), expected);
  EXPECT_EQ(r.value()[0].values<float>(), Iota(NumElements(expected)));
}

// Steps `idx` through every point of `extent` in row-major order; false at the end.
inline bool Next(std::vector<int64_t>& idx, const Dims& extent) {
  for (size_t d = idx.size(); d-- > 0;) {
    if (++idx[d] < extent[d]) return true;
    idx[d] = 0;
  }
  return false;
}

// Broadcasting (elementwise binary ops).

// Offset into a tensor of dims `in` of output element `flat` (of dims `out`),
// with numpy broadcasting: the naive reference for broadcasting kernels.
inline int64_t BroadcastOffset(const Dims& in, const Dims& out, int64_t flat) {
  int64_t offset = 0, stride = 1;
  for (size_t k = 0; k < out.size(); ++k) {
    const int64_t extent = out[out.size() - 1 - k];
    const int64_t coord = flat % extent;
    flat /= extent;
    if (k < in.size()) {
      const int64_t in_extent = in[in.size() - 1 - k];
      if (in_extent != 1) offset += coord * stride;
      stride *= in_extent;
    }
  }
  return offset;
}

// A random output shape and two shapes that broadcast to it.
inline void RandomBroadcastShapes(std::mt19937& rng, Dims& a, Dims& b, Dims& out) {
  std::uniform_int_distribution<int> rank_dist(0, 4), extent(1, 4), coin(0, 3);
  out.assign(rank_dist(rng), 0);
  for (int64_t& d : out) d = extent(rng);
  auto derive = [&](Dims& in) {
    in.assign(out.end() - std::uniform_int_distribution<int>(0, out.size())(rng), out.end());
    for (int64_t& d : in) d = coin(rng) == 0 ? 1 : d;
  };
  derive(a);
  derive(b);
  // The output shape is what a and b broadcast to, which may be smaller.
  for (size_t k = 0; k < out.size(); ++k) {
    int64_t e = 1;
    const size_t i = out.size() - 1 - k;
    if (k < a.size()) e = std::max(e, a[a.size() - 1 - k]);
    if (k < b.size()) e = std::max(e, b[b.size() - 1 - k]);
    out[i] = e;
  }
  while (out.size() > std::max(a.size(), b.size())) out.erase(out.begin());
}

// Runs the binary `op_type` at `opset` on 200 random pairs of shapes that
// broadcast, filled by `value()`, and expects every output element to equal
// `op` of the naively broadcast inputs exactly. `symbol` (" * ") joins the
// input shapes in failure messages.
template <typename T, typename Value, typename Op>
void CheckRandomBroadcast(const KernelLibrary& library, const std::string& op_type, int opset,
                          std::mt19937& rng, Value value, Op op, const std::string& symbol) {
  for (int trial = 0; trial < 200; ++trial) {
    Dims da, db, dout;
    RandomBroadcastShapes(rng, da, db, dout);
    std::vector<T> a(NumElements(da)), b(NumElements(db));
    for (T& v : a) v = value();
    for (T& v : b) v = value();
    Result<std::vector<HostTensor>> out =
        KernelRunner(library, op_type, opset)
            .Run({HostTensor::From<T>(da, a), HostTensor::From<T>(db, b)});
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    ASSERT_EQ(out.value()[0].dims(), dout) << DimsToString(da) << symbol << DimsToString(db);
    std::vector<T> got = out.value()[0].values<T>();
    for (int64_t i = 0; i < NumElements(dout); ++i) {
      ASSERT_EQ(got[i], op(a[BroadcastOffset(da, dout, i)], b[BroadcastOffset(db, dout, i)]))
          << DimsToString(da) << symbol << DimsToString(db) << " at " << i;
    }
  }
}

// Pooling windows (AveragePool, MaxPool).

// X's dims [N, C, D...] and, per spatial dim, the window; pads are begins
// then ends. The last two fields belong to one op each.
struct PoolCase {
  Dims x, kernel, strides, dilations, pads;
  bool ceil_mode = false;
  bool count_include_pad = false;  // AveragePool.
  bool column_major = false;       // MaxPool's storage_order = 1.
};

// Output extent per ONNX: floor or ceil of (in + pads - dilated kernel) /
// stride + 1, ceil dropping a last window that would start in the end pad.
inline Dims PoolOutDims(const PoolCase& c) {
  const size_t nsp = c.kernel.size();
  Dims out(nsp);
  for (size_t d = 0; d < nsp; ++d) {
    const int64_t in = c.x[d + 2];
    const double span = static_cast<double>(in + c.pads[d] + c.pads[nsp + d] -
                                            (c.kernel[d] - 1) * c.dilations[d] - 1);
    const double q = span / static_cast<double>(c.strides[d]) + 1;
    out[d] = static_cast<int64_t>(c.ceil_mode ? std::ceil(q) : std::floor(q));
    if (c.ceil_mode && (out[d] - 1) * c.strides[d] >= in + c.pads[d]) --out[d];
  }
  return out;
}

// A random 1-D, 2-D or 3-D case (by `trial` % 3) whose window fits the input,
// with ceil_mode on odd trials; the op-specific fields are left false.
inline PoolCase RandomPoolCase(int trial, std::mt19937& rng) {
  auto pick = [&](int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
  };
  PoolCase c;
  const size_t nsp = 1 + trial % 3;
  c.x = {pick(1, 2), pick(1, 3)};
  for (size_t d = 0; d < nsp; ++d) {
    const int64_t k = pick(1, 3), dil = pick(1, 2);
    c.kernel.push_back(k);
    c.dilations.push_back(dil);
    c.strides.push_back(pick(1, 3));
    c.pads.push_back(pick(0, k - 1));
    c.x.push_back((k - 1) * dil + 1 + pick(0, nsp == 3 ? 3 : 6));
  }
  for (size_t d = 0; d < nsp; ++d) c.pads.push_back(pick(0, c.kernel[d] - 1));
  c.ceil_mode = trial % 2 == 1;
  return c;
}

// "X[...] kernel[...] strides[...] dilations[...] pads[...] ceil <0|1>", for
// SCOPED_TRACE.
inline std::string PoolCaseString(const PoolCase& c) {
  return StrCat("X", DimsToString(c.x), " kernel", DimsToString(c.kernel), " strides",
                DimsToString(c.strides), " dilations", DimsToString(c.dilations), " pads",
                DimsToString(c.pads), " ceil ", c.ceil_mode);
}

}  // namespace onyx::kernels::testing
