#pragma once

// Numpy-style (multidirectional) broadcasting for elementwise kernels.
//
// Prepare builds a BroadcastPlan once per shape signature: the output's
// extents and every input's element strides over them (0 where the input is
// broadcast), with extent-1 dimensions dropped and adjacent dimensions merged
// where every input steps through them alike, so [2,3,4] + [4] walks as
// [6,4]. Run walks the plan without allocating: the innermost merged
// dimension is a tight loop, and each row finds its input offsets by dividing
// its index, so no odometer state is kept.

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <vector>

#include "kernels/api/kernel.h"
#include "runtime/core/shape.h"
#include "runtime/core/status.h"

namespace onyx::kernels::ref {

// The broadcast shape of a and b, or kInvalidArgument naming both shapes.
inline Result<Dims> BroadcastDims(const Dims& a, const Dims& b) {
  size_t rank = std::max(a.size(), b.size());
  Dims out(rank);
  for (size_t i = 0; i < rank; ++i) {
    int64_t da = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
    int64_t db = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
    RETURN_ERROR_IF(da != db && da != 1 && db != 1, StatusCode::kInvalidArgument, "shapes ",
                    DimsToString(a), " and ", DimsToString(b), " cannot be broadcast");
    out[i] = da == 1 ? db : da;
  }
  return out;
}

// Element strides of `in` laid over `out` (0 where `in` is broadcast).
inline std::vector<int64_t> BroadcastStrides(const Dims& in, const Dims& out) {
  std::vector<int64_t> strides(out.size(), 0);
  int64_t stride = 1;
  for (size_t k = 0; k < in.size(); ++k) {
    size_t i = in.size() - 1 - k;
    size_t o = out.size() - 1 - k;
    strides[o] = in[i] == 1 ? 0 : stride;
    stride *= in[i];
  }
  return strides;
}

constexpr int kMaxBroadcastInputs = 3;

// Writes the merged geometry of broadcasting the `n` shapes `in` (each
// already known to broadcast to `out`) into dims and strides[k]; returns the
// merged rank, at least 1. Every array must hold out.size() + 1 entries.
inline int CollapseBroadcast(const Dims& out, const Dims* const* in, int n, int64_t* dims,
                             int64_t* const* strides) {
  const size_t rank = out.size();
  for (int k = 0; k < n; ++k) {
    const Dims& d = *in[k];
    const size_t lead = rank - d.size();
    int64_t stride = 1;
    for (size_t o = rank; o-- > 0;) {
      if (o < lead) {
        strides[k][o] = 0;
        continue;
      }
      const int64_t extent = d[o - lead];
      strides[k][o] = extent == 1 ? 0 : stride;
      stride *= extent;
    }
  }
  // Compacts in place: the write index never passes the read index.
  int merged = 0;
  for (size_t o = 0; o < rank; ++o) {
    if (out[o] == 1) continue;
    bool joins = merged > 0;
    for (int k = 0; k < n && joins; ++k) joins = strides[k][merged - 1] == strides[k][o] * out[o];
    if (joins) {
      dims[merged - 1] *= out[o];
      for (int k = 0; k < n; ++k) strides[k][merged - 1] = strides[k][o];
    } else {
      dims[merged] = out[o];
      for (int k = 0; k < n; ++k) strides[k][merged] = strides[k][o];
      ++merged;
    }
  }
  if (merged == 0) {
    dims[0] = 1;
    for (int k = 0; k < n; ++k) strides[k][0] = 0;
    merged = 1;
  }
  return merged;
}

// Calls row(out_offset, offsets, count, inner_strides) for each run of the
// innermost merged dimension, in row-major order; offsets[k] is input k's
// element offset at the row's start. Nothing is called for an empty output.
template <int N, typename F>
void ForEachBroadcastRow(int rank, const int64_t* dims, const int64_t* const* strides, F&& row) {
  const int64_t inner = dims[rank - 1];
  int64_t outer = 1;
  for (int d = 0; d < rank - 1; ++d) outer *= dims[d];
  if (inner == 0 || outer == 0) return;
  int64_t inner_strides[N];
  for (int k = 0; k < N; ++k) inner_strides[k] = strides[k][rank - 1];
  for (int64_t o = 0; o < outer; ++o) {
    int64_t offsets[N] = {};
    int64_t rest = o;
    for (int d = rank - 2; d >= 0; --d) {
      const int64_t coord = rest % dims[d];
      rest /= dims[d];
      for (int k = 0; k < N; ++k) offsets[k] += coord * strides[k][d];
    }
    row(o * inner, offsets, inner, inner_strides);
  }
}

// The geometry of one broadcast, built in Prepare and kept in kernel state.
struct BroadcastPlan {
  int num_inputs = 0;
  int rank = 0;
  int64_t count = 0;  // Output elements.
  std::vector<int64_t> dims;
  std::vector<int64_t> strides[kMaxBroadcastInputs];

  template <int N, typename F>
  void ForEachRow(F&& row) const {
    const int64_t* s[N];
    for (int k = 0; k < N; ++k) s[k] = strides[k].data();
    ForEachBroadcastRow<N>(rank, dims.data(), s, row);
  }
};

// The plan for broadcasting `inputs` (at most kMaxBroadcastInputs shapes that
// broadcast to `out`, as BroadcastDims checked) to `out`.
inline BroadcastPlan MakeBroadcastPlan(const Dims& out, std::initializer_list<const Dims*> inputs) {
  BroadcastPlan p;
  p.num_inputs = static_cast<int>(inputs.size());
  p.count = NumElements(out);
  p.dims.resize(out.size() + 1);
  const Dims* in[kMaxBroadcastInputs] = {};
  int64_t* s[kMaxBroadcastInputs] = {};
  int k = 0;
  for (const Dims* d : inputs) {
    in[k] = d;
    p.strides[k].resize(out.size() + 1);
    s[k] = p.strides[k].data();
    ++k;
  }
  p.rank = CollapseBroadcast(out, in, p.num_inputs, p.dims.data(), s);
  return p;
}

// One row of a binary broadcast, with the stride patterns that merging
// leaves (1 or 0 innermost) as loops the compiler can vectorize.
template <typename A, typename B, typename O, typename F>
void BinaryRow(const A* pa, const B* pb, O* po, int64_t n, const int64_t* st, F& op) {
  if (st[0] == 1 && st[1] == 1) {
    for (int64_t i = 0; i < n; ++i) po[i] = op(pa[i], pb[i]);
  } else if (st[0] == 1 && st[1] == 0) {
    const B b = *pb;
    for (int64_t i = 0; i < n; ++i) po[i] = op(pa[i], b);
  } else if (st[0] == 0 && st[1] == 1) {
    const A a = *pa;
    for (int64_t i = 0; i < n; ++i) po[i] = op(a, pb[i]);
  } else {
    for (int64_t i = 0; i < n; ++i) po[i] = op(pa[i * st[0]], pb[i * st[1]]);
  }
}

// out[i] = op(a[...]): a broadcast copy with a conversion (Expand, Sum's start).
template <typename A, typename O, typename F>
void ApplyBroadcast1(const BroadcastPlan& p, const A* a, O* out, F op) {
  if (p.count == 0) return;
  p.ForEachRow<1>([&](int64_t o, const int64_t* off, int64_t n, const int64_t* st) {
    const A* pa = a + off[0];
    O* po = out + o;
    if (st[0] == 1) {
      for (int64_t i = 0; i < n; ++i) po[i] = op(pa[i]);
    } else {
      const O v = op(*pa);
      for (int64_t i = 0; i < n; ++i) po[i] = v;
    }
  });
}

// out[i] = op(a[...], b[...]) with a plan made from {&a_dims, &b_dims}.
template <typename A, typename B, typename O, typename F>
void ApplyBroadcast2(const BroadcastPlan& p, const A* a, const B* b, O* out, F op) {
  if (p.count == 0) return;
  p.ForEachRow<2>([&](int64_t o, const int64_t* off, int64_t n, const int64_t* st) {
    BinaryRow(a + off[0], b + off[1], out + o, n, st, op);
  });
}

// out[i] = op(a[...], b[...], c[...]) (Where).
template <typename A, typename B, typename C, typename O, typename F>
void ApplyBroadcast3(const BroadcastPlan& p, const A* a, const B* b, const C* c, O* out, F op) {
  if (p.count == 0) return;
  p.ForEachRow<3>([&](int64_t o, const int64_t* off, int64_t n, const int64_t* st) {
    const A* pa = a + off[0];
    const B* pb = b + off[1];
    const C* pc = c + off[2];
    O* po = out + o;
    for (int64_t i = 0; i < n; ++i) po[i] = op(pa[i * st[0]], pb[i * st[1]], pc[i * st[2]]);
  });
}

// Prepare shared by binary elementwise ops: both inputs of one dtype, output
// of `out_dtype` (kUndefined: the inputs' dtype) with the broadcast shape.
inline Status PrepareBroadcastBinary(PrepareContext& ctx, DType out_dtype = DType::kUndefined) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(2, 2));
  const ValueInfo& a = ctx.input(0);
  const ValueInfo& b = ctx.input(1);
  RETURN_ERROR_IF(a.dtype != b.dtype, StatusCode::kInvalidArgument, "inputs '", a.name, "' and '",
                  b.name, "' have different dtypes (expected ", DTypeName(a.dtype), " for '",
                  b.name, "', got ", DTypeName(b.dtype), ")");
  ASSIGN_OR_RETURN(Dims dims, BroadcastDims(a.dims, b.dims));
  ctx.SetOutput(0, out_dtype == DType::kUndefined ? a.dtype : out_dtype, std::move(dims));
  return Status::Ok();
}

}  // namespace onyx::kernels::ref
