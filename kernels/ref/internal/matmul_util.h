#pragma once

// The matrix product loop shared by MatMul, Gemm and Conv (after im2col).

#include <cstdint>
#include <type_traits>

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
template <typename T>
using MatMulAcc = typename MatMulAccumulator<T>::type;

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
template <typename T>
void MatMulInto(int64_t m, int64_t n, int64_t k, MatrixRef<T> a, MatrixRef<T> b, T* out) {
  using Acc = MatMulAcc<T>;
  for (int64_t i = 0; i < m * n; ++i) out[i] = T(0);
  for (int64_t i = 0; i < m; ++i) {
    T* row = out + i * n;
    for (int64_t p = 0; p < k; ++p) {
      const Acc av = static_cast<Acc>(a.at(i, p));
      const T* brow = b.data + p * b.row_stride;
      for (int64_t j = 0; j < n; ++j) {
        row[j] = static_cast<T>(static_cast<Acc>(row[j]) +
                                av * static_cast<Acc>(brow[j * b.col_stride]));
      }
    }
  }
}

}  // namespace onyx::kernels::ref
