// QLinearMatMul: y = saturate(round((a - a_zero_point) x (b - b_zero_point) *
// (a_scale * b_scale / y_scale)) + y_zero_point), numpy.matmul shapes. The
// factor is rounded to the scales' type step by step, as ONNX's reference
// does. Scales and zero points are one value, per row of a, or per column of
// b (quant_matmul_util.h). Opset 21 adds float16/bfloat16 scales and float8
// operands (dequantized exactly; a float8 y is rounded with saturation).

#include <cmath>
#include <utility>

#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/internal/quant_matmul_util.h"
#include "kernels/ref/internal/quant_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

enum Input { kA, kAScale, kAZero, kB, kBScale, kBZero, kYScale, kYZero };

struct QLinearMatMulParams {
  QMatMulShape shape;
  DType a_dtype = DType::kUndefined, b_dtype = DType::kUndefined, y_dtype = DType::kUndefined;
  DType scale_dtype = DType::kUndefined;
  QMatrix params[8];  // Indexed by Input; kA and kB unused.
};

Status CheckParams(const PrepareContext& ctx, QLinearMatMulParams& p) {
  for (Input i : {kAScale, kAZero, kBScale, kBZero}) {
    const bool of_a = i == kAScale || i == kAZero;
    ASSIGN_OR_RETURN(p.params[i], ParamOver(ctx.input(i), p.shape, of_a));
  }
  for (Input i : {kYScale, kYZero}) {
    ASSIGN_OR_RETURN(p.params[i], ParamOverOutput(ctx.input(i), p.shape));
  }
  // A scale that changed along K could not be taken out of the sum.
  RETURN_ERROR_IF(p.params[kAScale].col != 0, StatusCode::kInvalidArgument, "input '",
                  ctx.input(kAScale).name, "' shape (expected one value per row of input '",
                  ctx.input(kA).name, "', got ", DimsToString(ctx.input(kAScale).dims), ")");
  RETURN_ERROR_IF(p.params[kBScale].row != 0, StatusCode::kInvalidArgument, "input '",
                  ctx.input(kBScale).name, "' shape (expected one value per column of input '",
                  ctx.input(kB).name, "', got ", DimsToString(ctx.input(kBScale).dims), ")");
  return Status::Ok();
}

}  // namespace

Status QLinearMatMulPrepare(PrepareContext& ctx) {
  const int opset = ctx.node().opset;
  RETURN_IF_ERROR(ctx.ExpectInputCount(8, 8));
  const uint64_t types = QuantizedTypes(opset >= 21 ? 19 : 10);  // int8, uint8, float8 at 21.
  const uint64_t scale_types = DTypeBit(DType::kFloat32) | (opset >= 21 ? kHalfTypes : 0);
  for (Input i : {kA, kB, kYZero}) RETURN_IF_ERROR(ExpectDType(ctx, i, types));
  RETURN_IF_ERROR(ExpectDType(ctx, kAScale, scale_types));
  for (Input i : {kBScale, kYScale}) RETURN_IF_ERROR(ExpectSameDType(ctx, i, kAScale));
  RETURN_IF_ERROR(ExpectSameDType(ctx, kAZero, kA));
  RETURN_IF_ERROR(ExpectSameDType(ctx, kBZero, kB));
  QLinearMatMulParams p;
  ASSIGN_OR_RETURN(p.shape, ResolveQMatMul(ctx.input(kA), ctx.input(kB)));
  RETURN_IF_ERROR(CheckParams(ctx, p));
  p.a_dtype = ctx.input(kA).dtype;
  p.b_dtype = ctx.input(kB).dtype;
  p.y_dtype = ctx.input(kYZero).dtype;
  p.scale_dtype = ctx.input(kAScale).dtype;
  ctx.SetOutput(0, p.y_dtype, p.shape.out);
  ctx.EmplaceState<QLinearMatMulParams>(std::move(p));
  return Status::Ok();
}

Status QLinearMatMulRun(const RunContext& ctx) {
  const auto& p = ctx.state<QLinearMatMulParams>();
  const QMatMulShape& s = p.shape;
  auto at = [&](Input in, int64_t base, int64_t r, int64_t c) {
    const QMatrix& q = in == kA ? s.a : in == kB ? s.b : p.params[in];
    const DType dt = in == kA || in == kAZero ? p.a_dtype
                     : in == kB || in == kBZero ? p.b_dtype
                     : in == kYZero ? p.y_dtype : p.scale_dtype;
    return LoadAsDouble(dt, ctx.input(in).data, base + r * q.row + c * q.col);
  };
  IntRange range{0, 0};
  const bool integer = IntRangeOf(p.y_dtype, &range);
  for (int64_t ob = 0; ob < s.batch_count; ++ob) {
    int64_t base[8];
    for (int i = 0; i < 8; ++i) {
      const QMatrix& q = i == kA ? s.a : i == kB ? s.b : p.params[i];
      base[i] = q.Base(s.batch, ob);
    }
    for (int64_t i = 0; i < s.m; ++i) {
      for (int64_t j = 0; j < s.n; ++j) {
        double c = 0;
        for (int64_t k = 0; k < s.k; ++k) {
          c += (at(kA, base[kA], i, k) - at(kAZero, base[kAZero], i, k)) *
               (at(kB, base[kB], k, j) - at(kBZero, base[kBZero], k, j));
        }
        const double ab = RoundToDType(p.scale_dtype, at(kAScale, base[kAScale], i, 0) *
                                                          at(kBScale, base[kBScale], 0, j));
        const double factor = RoundToDType(p.scale_dtype, ab / at(kYScale, base[kYScale], i, j));
        const double d = c * factor + at(kYZero, base[kYZero], i, j);
        const int64_t o = (ob * s.m + i) * s.n + j;
        if (integer) {
          const double r = std::nearbyint(d);
          StoreInt(p.y_dtype, ctx.output(0).data, o,
                   static_cast<int64_t>(r < range.lo ? range.lo : r > range.hi ? range.hi : r));
        } else {
          StoreFloat(p.y_dtype, ctx.output(0).data, o, d, true);
        }
      }
    }
  }
  return Status::Ok();
}

}  // namespace onyx::kernels::ref
