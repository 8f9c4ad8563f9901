#pragma once

// The matrix product loop shared by MatMul, Gemm and Conv (after im2col).

#include <cstdint>
#include <type_traits>

#include "runtime/core/half.h"

namespace onyx::kernels::ref {

// The type products are summed in: the element type for floating point; for
// integers the unsigned type of the promoted width, so that overflow wraps
// modulo 2^n as numpy's integer matmul does instead of being undefined.
template <typename T, bool = std::is_integral_v<T>>
struct MatMulAccumulator {
  using type = T;
};
template <typename T>
struct MatMulAccumulator<T, true> {
  using type = std::make_unsigned_t<decltype(T{} * T{})>;
};
// float16 and bfloat16 sum in float and round once per output (MatMulRows).
template <>
struct MatMulAccumulator<Float16, false> {
  using type = float;
};
template <>
struct MatMulAccumulator<BFloat16, false> {
  using type = float;
};
template <typename T>
using MatMulAcc = typename MatMulAccumulator<T>::type;
// True for the element types that MatMulRows, not MatMulInto, must handle.
template <typename T>
constexpr bool kMatMulNeedsRowScratch =
    !std::is_integral_v<T> && !std::is_same_v<MatMulAcc<T>, T>;

// A strided view of a matrix: element (i, j) is data[i * row_stride + j * col_stride].
template <typename T>
struct MatrixRef {
  const T* data;
  int64_t row_stride;
  int64_t col_stride;

  T at(int64_t i, int64_t j) const { return data[i * row_stride + j * col_stride]; }
};

// out (m x n, row-major, dense) = a (m x k) * b (k x n). Loops i-k-j so the
// innermost loop walks rows of b and out; each output still sums over k in order.
// Rows of b that are contiguous (col_stride 1, the usual case) take a loop
// the compiler vectorizes; the sums and their order are the same.
template <typename T>
void MatMulInto(int64_t m, int64_t n, int64_t k, MatrixRef<T> a, MatrixRef<T> b, T* out) {
  using Acc = MatMulAcc<T>;
  for (int64_t i = 0; i < m * n; ++i) out[i] = T(0);
  for (int64_t i = 0; i < m; ++i) {
    T* row = out + i * n;
    for (int64_t p = 0; p < k; ++p) {
      const Acc av = static_cast<Acc>(a.at(i, p));
      const T* brow = b.data + p * b.row_stride;
      if (b.col_stride == 1) {
        for (int64_t j = 0; j < n; ++j) {
          row[j] = static_cast<T>(static_cast<Acc>(row[j]) + av * static_cast<Acc>(brow[j]));
        }
      } else {
        for (int64_t j = 0; j < n; ++j) {
          row[j] = static_cast<T>(static_cast<Acc>(row[j]) +
                                  av * static_cast<Acc>(brow[j * b.col_stride]));
        }
      }
    }
  }
}

// a (m x k) * b (k x n), one output row at a time: row i is summed in `row`
// (n accumulators of MatMulAcc<T>, caller's scratch) in the order MatMulInto
// uses, then finish(i, row) stores it, so the element type is rounded to once.
// For element types narrower than their accumulator (float16, bfloat16).
template <typename T, typename Finish>
void MatMulRows(int64_t m, int64_t n, int64_t k, MatrixRef<T> a, MatrixRef<T> b,
                MatMulAcc<T>* row, Finish&& finish) {
  using Acc = MatMulAcc<T>;
  for (int64_t i = 0; i < m; ++i) {
    for (int64_t j = 0; j < n; ++j) row[j] = Acc(0);
    for (int64_t p = 0; p < k; ++p) {
      const Acc av = static_cast<Acc>(a.at(i, p));
      const T* brow = b.data + p * b.row_stride;
      for (int64_t j = 0; j < n; ++j) row[j] += av * static_cast<Acc>(brow[j * b.col_stride]);
    }
    finish(i, static_cast<const Acc*>(row));
  }
}

}  // namespace onyx::kernels::ref
