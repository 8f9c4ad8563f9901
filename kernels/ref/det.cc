// Det (opset 11; 22 adds bfloat16): determinant of each square matrix in the
// last two dims of X [..., M, M], by Gaussian elimination with partial
// pivoting in double. The output has X's leading dims.

#include <cmath>
#include <type_traits>
#include <utility>

#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct DetParams {
  DType dtype = DType::kUndefined;
  int64_t count = 0, m = 0;
};

// Determinant of the n x n matrix `a` (row-major), which it overwrites.
double Determinant(double* a, int64_t n) {
  double det = 1;
  for (int64_t c = 0; c < n; ++c) {
    int64_t pivot = c;
    for (int64_t r = c + 1; r < n; ++r) {
      if (std::fabs(a[r * n + c]) > std::fabs(a[pivot * n + c])) pivot = r;
    }
    if (a[pivot * n + c] == 0) return 0;
    if (pivot != c) {
      for (int64_t k = 0; k < n; ++k) std::swap(a[c * n + k], a[pivot * n + k]);
      det = -det;
    }
    det *= a[c * n + c];
    for (int64_t r = c + 1; r < n; ++r) {
      const double f = a[r * n + c] / a[c * n + c];
      for (int64_t k = c; k < n; ++k) a[r * n + k] -= f * a[c * n + k];
    }
  }
  return det;
}

}  // namespace

Status DetPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, 1));
  const uint64_t types =
      kFloatTypes | DTypeBit(DType::kFloat16) | (ctx.node().opset >= 22 ? DTypeBit(DType::kBFloat16) : 0);
  RETURN_IF_ERROR(ExpectDType(ctx, 0, types));
  const ValueInfo& x = ctx.input(0);
  RETURN_ERROR_IF(x.dims.size() < 2 || x.dims[x.dims.size() - 1] != x.dims[x.dims.size() - 2],
                  StatusCode::kInvalidArgument, "input '", x.name,
                  "' shape (expected [..., M, M], square matrices, got ", DimsToString(x.dims), ")");
  DetParams p;
  p.dtype = x.dtype;
  p.m = x.dims.back();
  Dims out(x.dims.begin(), x.dims.end() - 2);
  p.count = NumElements(out);
  ctx.SetOutput(0, x.dtype, std::move(out));
  ctx.RequestScratch(static_cast<size_t>(p.m * p.m) * sizeof(double));
  ctx.EmplaceState<DetParams>(p);
  return Status::Ok();
}

Status DetRun(const RunContext& ctx) {
  const auto& p = ctx.state<DetParams>();
  return DispatchFloatOrHalf(p.dtype, [&](auto tag) {
    using T = decltype(tag);
    const T* x = ctx.input(0).data_as<const T>();
    T* y = ctx.output(0).data_as<T>();
    double* a = static_cast<double*>(ctx.scratch);
    const int64_t mm = p.m * p.m;
    for (int64_t i = 0; i < p.count; ++i) {
      for (int64_t k = 0; k < mm; ++k) a[k] = static_cast<double>(x[i * mm + k]);
      const double d = Determinant(a, p.m);
      if constexpr (std::is_same_v<T, double>) {
        y[i] = d;
      } else {
        y[i] = T(static_cast<float>(d));
      }
    }
    return Status::Ok();
  });
}

}  // namespace onyx::kernels::ref
