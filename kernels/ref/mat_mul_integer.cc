// MatMulInteger (opset 10): int32 Y = (A - a_zero_point) x (B - b_zero_point),
// numpy.matmul shapes, int8/uint8 operands. a_zero_point is one value or per
// row of A, b_zero_point one value or per column of B (quant_matmul_util.h).
// Sums wrap modulo 2^32 as int32 arithmetic does.

#include <utility>

#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/internal/quant_matmul_util.h"
#include "kernels/ref/internal/quant_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

constexpr uint64_t kInt8Types = DTypeBit(DType::kInt8) | DTypeBit(DType::kUInt8);

struct MatMulIntegerParams {
  QMatMulShape shape;
  DType a_dtype = DType::kUndefined, b_dtype = DType::kUndefined;
  bool has_za = false, has_zb = false;
  QMatrix za, zb;
};

}  // namespace

Status MatMulIntegerPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(2, 4));
  RETURN_IF_ERROR(ExpectDType(ctx, 0, kInt8Types));
  RETURN_IF_ERROR(ExpectDType(ctx, 1, kInt8Types));
  MatMulIntegerParams p;
  ASSIGN_OR_RETURN(p.shape, ResolveQMatMul(ctx.input(0), ctx.input(1)));
  p.a_dtype = ctx.input(0).dtype;
  p.b_dtype = ctx.input(1).dtype;
  p.has_za = ctx.has_input(2);
  p.has_zb = ctx.has_input(3);
  if (p.has_za) {
    RETURN_IF_ERROR(ExpectSameDType(ctx, 2, 0));
    ASSIGN_OR_RETURN(p.za, ParamOver(ctx.input(2), p.shape, true));
  }
  if (p.has_zb) {
    RETURN_IF_ERROR(ExpectSameDType(ctx, 3, 1));
    ASSIGN_OR_RETURN(p.zb, ParamOver(ctx.input(3), p.shape, false));
  }
  ctx.SetOutput(0, DType::kInt32, p.shape.out);
  ctx.EmplaceState<MatMulIntegerParams>(std::move(p));
  return Status::Ok();
}

Status MatMulIntegerRun(const RunContext& ctx) {
  const auto& p = ctx.state<MatMulIntegerParams>();
  const QMatMulShape& s = p.shape;
  const void* a = ctx.input(0).data;
  const void* b = ctx.input(1).data;
  const void* za = p.has_za ? ctx.input(2).data : nullptr;
  const void* zb = p.has_zb ? ctx.input(3).data : nullptr;
  int32_t* y = ctx.output(0).data_as<int32_t>();
  for (int64_t ob = 0; ob < s.batch_count; ++ob) {
    const int64_t a0 = s.a.Base(s.batch, ob), b0 = s.b.Base(s.batch, ob);
    const int64_t za0 = za ? p.za.Base(s.batch, ob) : 0, zb0 = zb ? p.zb.Base(s.batch, ob) : 0;
    for (int64_t i = 0; i < s.m; ++i) {
      for (int64_t j = 0; j < s.n; ++j) {
        uint32_t acc = 0;  // Wraps like int32 arithmetic, without undefined behaviour.
        for (int64_t k = 0; k < s.k; ++k) {
          int64_t av = static_cast<int64_t>(LoadAsDouble(p.a_dtype, a, a0 + i * s.a.row + k * s.a.col));
          int64_t bv = static_cast<int64_t>(LoadAsDouble(p.b_dtype, b, b0 + k * s.b.row + j * s.b.col));
          if (za) av -= static_cast<int64_t>(LoadAsDouble(p.a_dtype, za, za0 + i * p.za.row + k * p.za.col));
          if (zb) bv -= static_cast<int64_t>(LoadAsDouble(p.b_dtype, zb, zb0 + k * p.zb.row + j * p.zb.col));
          acc += static_cast<uint32_t>(av * bv);
        }
        y[(ob * s.m + i) * s.n + j] = static_cast<int32_t>(acc);
      }
    }
  }
  return Status::Ok();
}

}  // namespace onyx::kernels::ref
