// Gemm: Y = alpha * A' * B' + beta * C, A' = transpose(A) if transA, B' likewise.
// Opset 6 has the `broadcast` attribute (0: C must be [M,N]); opset 7 on
// broadcasts C unidirectionally to [M,N]; opset 9 adds int32/int64/uint32/
// uint64; opset 11 makes C optional (absent C acts as 0); opset 13 adds
// bfloat16 (float16 is there from the start). float16 and bfloat16 sum A' * B'
// in float, apply alpha and beta in float and round to the element type once.

#include <cmath>
#include <limits>
#include <type_traits>

#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/matmul_util.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

constexpr uint64_t kGemmIntTypes = DTypeBit(DType::kInt32) | DTypeBit(DType::kInt64) |
                                   DTypeBit(DType::kUInt32) | DTypeBit(DType::kUInt64);

struct GemmParams {
  int64_t m = 0, n = 0, k = 0;
  bool trans_a = false, trans_b = false;
  float alpha = 1, beta = 1;
  bool has_c = false;
  int64_t c_row_stride = 0, c_col_stride = 0;  // 0 along a broadcast dim of C.
};

struct GemmAttrs {
  bool trans_a, trans_b;
  float alpha, beta;
  bool broadcast;  // Opset 6 only; later opsets always broadcast.
};

Result<GemmAttrs> ReadGemmAttrs(const Attributes& attrs, int opset) {
  GemmAttrs g;
  ASSIGN_OR_RETURN(int64_t ta, IntAttr(attrs, "transA", 0));
  ASSIGN_OR_RETURN(int64_t tb, IntAttr(attrs, "transB", 0));
  ASSIGN_OR_RETURN(g.alpha, FloatAttr(attrs, "alpha", 1.0f));
  ASSIGN_OR_RETURN(g.beta, FloatAttr(attrs, "beta", 1.0f));
  g.trans_a = ta != 0;
  g.trans_b = tb != 0;
  g.broadcast = true;
  if (opset < 7) {
    ASSIGN_OR_RETURN(g.broadcast, BoolAttr(attrs, "broadcast", false));
  } else {
    RETURN_ERROR_IF(
        attrs.Has("broadcast"), StatusCode::kInvalidModel,
        "attribute 'broadcast' was removed in opset 7 (expected absent, got it at opset ", opset,
        ")");
  }
  return g;
}

// Checks that C broadcasts unidirectionally to [M,N] and records its strides.
Status PrepareC(const ValueInfo& c, const GemmAttrs& attrs, GemmParams& p) {
  const Dims& d = c.dims;
  const Dims want{p.m, p.n};
  RETURN_ERROR_IF(!attrs.broadcast && d != want, StatusCode::kInvalidArgument, "input '", c.name,
                  "' shape with broadcast=0 (expected ", DimsToString(want), ", got ",
                  DimsToString(d), ")");
  const int64_t rows = d.size() == 2 ? d[0] : 1;
  const int64_t cols = d.empty() ? 1 : d[d.size() - 1];
  RETURN_ERROR_IF(d.size() > 2 || (rows != 1 && rows != p.m) || (cols != 1 && cols != p.n),
                  StatusCode::kInvalidArgument, "input '", c.name,
                  "' shape (expected to broadcast to ", DimsToString(want), ", got ",
                  DimsToString(d), ")");
  p.has_c = true;
  p.c_col_stride = cols == 1 ? 0 : 1;
  p.c_row_stride = rows == 1 ? 0 : cols;
  return Status::Ok();
}

// A value of integer type T from a double; saturates, NaN gives 0.
template <typename T>
T FromDouble(double v) {
  if constexpr (std::is_floating_point_v<T>) {
    return static_cast<T>(v);
  } else {
    if (std::isnan(v)) return T(0);
    if (v <= static_cast<double>(std::numeric_limits<T>::lowest()))
      return std::numeric_limits<T>::lowest();
    if (v >= static_cast<double>(std::numeric_limits<T>::max()))
      return std::numeric_limits<T>::max();
    return static_cast<T>(v);
  }
}

// y = alpha * y + beta * c, where y holds A' * B'. beta == 0 ignores C, as
// ONNX's reference does (so NaN in C does not leak through a zero beta).
template <typename T>
void ApplyAlphaBeta(const GemmParams& p, const T* c, T* y) {
  const bool use_c = p.has_c && p.beta != 0.0f;
  const bool exact_int = std::is_integral_v<T> && p.alpha == 1.0f && (!use_c || p.beta == 1.0f);
  for (int64_t i = 0; i < p.m; ++i) {
    for (int64_t j = 0; j < p.n; ++j) {
      T& out = y[i * p.n + j];
      const T cv = use_c ? c[i * p.c_row_stride + j * p.c_col_stride] : T(0);
      if (exact_int) {
        using Acc = MatMulAcc<T>;
        out = static_cast<T>(static_cast<Acc>(out) + static_cast<Acc>(cv));
      } else if constexpr (std::is_floating_point_v<T>) {
        out = static_cast<T>(p.alpha) * out + (use_c ? static_cast<T>(p.beta) * cv : T(0));
      } else {
        out = FromDouble<T>(static_cast<double>(p.alpha) * static_cast<double>(out) +
                            static_cast<double>(p.beta) * static_cast<double>(cv));
      }
    }
  }
}

// Row i of y = alpha * row + beta * c for float16 and bfloat16: `row` holds
// row i of A' * B' in float; the sum is formed in float and rounded once.
template <typename T>
void FinishRow(const GemmParams& p, const T* c, int64_t i, const MatMulAcc<T>* row, T* y) {
  using Acc = MatMulAcc<T>;
  const bool use_c = p.has_c && p.beta != 0.0f;
  const Acc alpha = static_cast<Acc>(p.alpha), beta = static_cast<Acc>(p.beta);
  for (int64_t j = 0; j < p.n; ++j) {
    const Acc cv = use_c ? beta * static_cast<Acc>(c[i * p.c_row_stride + j * p.c_col_stride])
                         : Acc(0);
    y[i * p.n + j] = static_cast<T>(alpha * row[j] + cv);
  }
}

}  // namespace

Status GemmPrepare(PrepareContext& ctx) {
  const int opset = ctx.node().opset;
  RETURN_IF_ERROR(ctx.ExpectInputCount(opset >= 11 ? 2 : 3, 3));
  const uint64_t allowed = kFloatTypes | DTypeBit(DType::kFloat16) |
                           (opset >= 9 ? kGemmIntTypes : 0) |
                           (opset >= 13 ? DTypeBit(DType::kBFloat16) : 0);
  RETURN_IF_ERROR(ExpectDType(ctx, 0, allowed));
  RETURN_IF_ERROR(ExpectSameDType(ctx, 1, 0));
  if (ctx.has_input(2)) RETURN_IF_ERROR(ExpectSameDType(ctx, 2, 0));
  RETURN_IF_ERROR(ctx.ExpectRank(0, 2, 2));
  RETURN_IF_ERROR(ctx.ExpectRank(1, 2, 2));
  ASSIGN_OR_RETURN(GemmAttrs attrs, ReadGemmAttrs(ctx.attrs(), opset));

  const ValueInfo& a = ctx.input(0);
  const ValueInfo& b = ctx.input(1);
  GemmParams p;
  p.trans_a = attrs.trans_a;
  p.trans_b = attrs.trans_b;
  p.alpha = attrs.alpha;
  p.beta = attrs.beta;
  p.m = a.dims[p.trans_a ? 1 : 0];
  p.k = a.dims[p.trans_a ? 0 : 1];
  p.n = b.dims[p.trans_b ? 0 : 1];
  const int64_t kb = b.dims[p.trans_b ? 1 : 0];
  RETURN_ERROR_IF(kb != p.k, StatusCode::kInvalidArgument, "input '", b.name, "' dim ",
                  p.trans_b ? 1 : 0, " (expected K = ", p.k, " from input '", a.name, "' ",
                  DimsToString(a.dims), (p.trans_a ? " transposed" : ""), ", got ", kb, " in ",
                  DimsToString(b.dims), ")");
  if (ctx.has_input(2)) RETURN_IF_ERROR(PrepareC(ctx.input(2), attrs, p));
  // 16-bit floats accumulate one output row in float.
  if ((DTypeBit(a.dtype) & kHalfTypes) != 0) ctx.RequestScratch(p.n * sizeof(float));
  ctx.SetOutput(0, a.dtype, Dims{p.m, p.n});
  ctx.EmplaceState<GemmParams>(p);
  return Status::Ok();
}

Status GemmRun(const RunContext& ctx) {
  const auto& p = ctx.state<GemmParams>();
  return DispatchNumericOrHalf(ctx.input(0).dtype, [&](auto tag) {
    using T = decltype(tag);
    const T* a = ctx.input(0).data_as<const T>();
    const T* b = ctx.input(1).data_as<const T>();
    const T* c = p.has_c ? ctx.input(2).data_as<const T>() : nullptr;
    T* y = ctx.output(0).data_as<T>();
    // A' (i, k) and B' (k, j) as strided views of the stored matrices.
    MatrixRef<T> av = p.trans_a ? MatrixRef<T>{a, 1, p.m} : MatrixRef<T>{a, p.k, 1};
    MatrixRef<T> bv = p.trans_b ? MatrixRef<T>{b, 1, p.k} : MatrixRef<T>{b, p.n, 1};
    if constexpr (kMatMulNeedsRowScratch<T>) {
      MatMulRows<T>(p.m, p.n, p.k, av, bv, static_cast<MatMulAcc<T>*>(ctx.scratch),
                    [&](int64_t i, const MatMulAcc<T>* row) { FinishRow<T>(p, c, i, row, y); });
    } else {
      MatMulInto<T>(p.m, p.n, p.k, av, bv, y);
      ApplyAlphaBeta<T>(p, c, y);
    }
    return Status::Ok();
  });
}

}  // namespace onyx::kernels::ref
