#pragma once

// Shapes shared by MatMulInteger and QLinearMatMul: numpy.matmul of A and B
// (1-D operands promoted, batch dims broadcast) plus where each quantization
// parameter (scale, zero point) applies. A parameter is one value, or
// broadcasts (numpy, right-aligned) over its operand; a 1-D parameter of A
// with M values is per row ([M, 1]), one of B with N values per column.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "kernels/api/kernel.h"
#include "kernels/ref/internal/broadcast.h"
#include "runtime/core/shape.h"
#include "runtime/core/status.h"

namespace onyx::kernels::ref {

// A tensor laid over the output's batch dims and one matrix: element
// (batch, r, c) is at Base(batch) + r * row + c * col.
struct QMatrix {
  Dims batch;  // Per output batch dim; 0 where broadcast.
  int64_t row = 0, col = 0;

  // Offset of flat output batch index `ob` over batch extents `extent`.
  int64_t Base(const Dims& extent, int64_t ob) const {
    int64_t off = 0;
    for (size_t d = extent.size(); d-- > 0;) {
      off += (ob % extent[d]) * batch[d];
      ob /= extent[d];
    }
    return off;
  }
};

struct QMatMulShape {
  int64_t m = 0, n = 0, k = 0;
  Dims batch, out;   // Output batch dims; output dims.
  Dims a_dims, b_dims;  // Operands promoted to rank >= 2.
  QMatrix a, b;
  int64_t batch_count = 1;
};

// Strides of a tensor of `dims` broadcast over `operand` (same rank or less),
// split into batch strides over `out_batch` and the matrix strides.
inline Result<QMatrix> LayOver(const ValueInfo& t, Dims dims, const Dims& operand,
                               const Dims& out_batch) {
  RETURN_ERROR_IF(dims.size() > operand.size(), StatusCode::kInvalidArgument, "input '", t.name,
                  "' rank (expected <= ", operand.size(), ", got shape ", DimsToString(t.dims), ")");
  for (size_t k = 0; k < dims.size(); ++k) {
    const int64_t d = dims[dims.size() - 1 - k], o = operand[operand.size() - 1 - k];
    RETURN_ERROR_IF(d != 1 && d != o, StatusCode::kInvalidArgument, "input '", t.name, "' shape ",
                    DimsToString(t.dims), " (expected to broadcast to ", DimsToString(operand),
                    ")");
  }
  while (dims.size() < operand.size()) dims.insert(dims.begin(), 1);
  std::vector<int64_t> full = BroadcastStrides(dims, operand);
  QMatrix q;
  q.row = full[full.size() - 2];
  q.col = full[full.size() - 1];
  q.batch.assign(out_batch.size(), 0);
  const size_t nb = operand.size() - 2;
  for (size_t k = 0; k < nb; ++k) q.batch[out_batch.size() - 1 - k] = full[nb - 1 - k];
  return q;
}

inline Result<QMatMulShape> ResolveQMatMul(const ValueInfo& a, const ValueInfo& b) {
  for (const ValueInfo* v : {&a, &b}) {
    RETURN_ERROR_IF(v->dims.empty(), StatusCode::kInvalidArgument, "input '", v->name,
                    "' rank (expected >= 1, got 0)");
  }
  QMatMulShape s;
  s.a_dims = a.dims.size() == 1 ? Dims{1, a.dims[0]} : a.dims;
  s.b_dims = b.dims.size() == 1 ? Dims{b.dims[0], 1} : b.dims;
  s.m = s.a_dims[s.a_dims.size() - 2];
  s.k = s.a_dims.back();
  s.n = s.b_dims.back();
  const int64_t kb = s.b_dims[s.b_dims.size() - 2];
  RETURN_ERROR_IF(kb != s.k, StatusCode::kInvalidArgument, "input '", b.name, "' rows (expected ",
                  s.k, ", the columns of input '", a.name, "' ", DimsToString(a.dims), ", got ", kb,
                  ")");
  Result<Dims> batch = BroadcastDims(Dims(s.a_dims.begin(), s.a_dims.end() - 2),
                                     Dims(s.b_dims.begin(), s.b_dims.end() - 2));
  if (!batch.ok()) return batch.status().WithContext("batch dims of inputs '" + a.name + "' and '" + b.name + "'");
  s.batch = batch.value();
  s.batch_count = NumElements(s.batch);
  s.out = s.batch;
  if (a.dims.size() > 1) s.out.push_back(s.m);
  if (b.dims.size() > 1) s.out.push_back(s.n);
  ASSIGN_OR_RETURN(s.a, LayOver(a, s.a_dims, s.a_dims, s.batch));
  ASSIGN_OR_RETURN(s.b, LayOver(b, s.b_dims, s.b_dims, s.batch));
  return s;
}

// Where parameter `p` of operand A (`of_a`) or B applies.
inline Result<QMatrix> ParamOver(const ValueInfo& p, const QMatMulShape& s, bool of_a) {
  const Dims& operand = of_a ? s.a_dims : s.b_dims;
  Dims dims = p.dims;
  if (NumElements(dims) == 1) dims.clear();
  if (of_a && dims.size() == 1) dims.push_back(1);  // [M] is per row.
  return LayOver(p, dims, operand, s.batch);
}

// Where a parameter of the output (y_scale, y_zero_point) applies.
inline Result<QMatrix> ParamOverOutput(const ValueInfo& p, const QMatMulShape& s) {
  Dims dims = p.dims;
  if (NumElements(dims) == 1) dims.clear();
  Dims out = s.batch;
  out.push_back(s.m);
  out.push_back(s.n);
  return LayOver(p, dims, out, s.batch);
}

}  // namespace onyx::kernels::ref
