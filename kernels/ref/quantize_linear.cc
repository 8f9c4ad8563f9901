// QuantizeLinear: y = saturate(round(x / y_scale) + y_zero_point), rounding
// half to even, per tensor, per axis (opset 13+) or per block (block_size,
// opset 21+). The output type is y_zero_point's, else attribute output_dtype
// (21+), else uint8. Float8 outputs (19+) take no zero point, as ONNX's
// reference computes them, and clamp to the largest finite value when
// `saturate` (the default) or become NaN/Inf otherwise; float4 (23+) and
// float6 (28+) add the zero point and always saturate. The division runs in
// y_scale's type, or in `precision` (23+). Opset 19 allows float16/bfloat16
// x with y_scale of x's type, 21 int16/uint16/int4/uint4, 23 a y_scale type
// of its own, 24 float8e8m0 scales, 25 int2/uint2.

#include <cmath>

#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/internal/quant_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct QuantizeParams {
  QuantLayout layout;
  DType x_dtype = DType::kUndefined, scale_dtype = DType::kUndefined;
  DType out_dtype = DType::kUndefined, div_dtype = DType::kFloat32;
  bool has_zero_point = false, saturate = true;
};

constexpr uint64_t kScaleFloatTypes = DTypeBit(DType::kFloat32) | kHalfTypes;

Status ReadAttributes(const PrepareContext& ctx, int opset) {
  const Attributes& a = ctx.attrs();
  RETURN_IF_ERROR(RejectAttrBefore(a, "axis", opset, 13));
  RETURN_IF_ERROR(RejectAttrBefore(a, "saturate", opset, 19));
  RETURN_IF_ERROR(RejectAttrBefore(a, "block_size", opset, 21));
  RETURN_IF_ERROR(RejectAttrBefore(a, "output_dtype", opset, 21));
  return RejectAttrBefore(a, "precision", opset, 23);
}

// y's dtype: the zero point's, output_dtype's (which must agree), or uint8.
Result<DType> OutputDType(const PrepareContext& ctx, int opset) {
  ASSIGN_OR_RETURN(int64_t attr, IntAttr(ctx.attrs(), "output_dtype", 0));
  const uint64_t allowed = QuantizedTypes(opset);
  const DType out = static_cast<DType>(attr);
  RETURN_ERROR_IF(attr != 0 && (attr < 0 || attr > kMaxDType || (allowed & DTypeBit(out)) == 0),
                  StatusCode::kInvalidModel, "attribute 'output_dtype' (expected one of ",
                  DTypeList(allowed), ", got ", attr, ")");
  if (!ctx.has_input(2)) return attr != 0 ? out : DType::kUInt8;
  RETURN_IF_ERROR(ExpectDType(ctx, 2, allowed));
  const ValueInfo& zp = ctx.input(2);
  RETURN_ERROR_IF(attr != 0 && zp.dtype != out, StatusCode::kInvalidModel,
                  "attribute 'output_dtype' (expected ", DTypeName(zp.dtype), ", the type of input '",
                  zp.name, "', got ", DTypeName(out), ")");
  return zp.dtype;
}

// The type the division x / y_scale is rounded to.
Result<DType> DivisionDType(const PrepareContext& ctx) {
  ASSIGN_OR_RETURN(int64_t precision, IntAttr(ctx.attrs(), "precision", 0));
  const DType p = static_cast<DType>(precision);
  if (precision != 0) {
    RETURN_ERROR_IF(precision < 0 || precision > kMaxDType ||
                        ((kScaleFloatTypes | DTypeBit(DType::kFloat64)) & DTypeBit(p)) == 0,
                    StatusCode::kInvalidModel,
                    "attribute 'precision' (expected one of float, float16, bfloat16, double, got ",
                    precision, ")");
    return p;
  }
  const DType s = ctx.input(1).dtype, x = ctx.input(0).dtype;
  if (kScaleFloatTypes & DTypeBit(s)) return s;
  return (kScaleFloatTypes & DTypeBit(x)) ? x : DType::kFloat32;
}

template <typename X>
Status RunQuantize(const RunContext& ctx, const QuantizeParams& p) {
  const X* x = ctx.input(0).data_as<const X>();
  const void* scale = ctx.input(1).data;
  const void* zp = p.has_zero_point ? ctx.input(2).data : nullptr;
  void* y = ctx.output(0).data;
  const int64_t n = ctx.input(0).num_elements();
  IntRange range{0, 0};
  const bool integer = IntRangeOf(p.out_dtype, &range);
  const NarrowFloat* f = NarrowFloatOf(p.out_dtype);
  for (int64_t i = 0; i < n; ++i) {
    const int64_t s = p.layout.ScaleIndex(i);
    const double xv = RoundToDType(p.div_dtype, static_cast<double>(x[i]));
    const double q = RoundToDType(p.div_dtype, xv / LoadAsDouble(p.scale_dtype, scale, s));
    const double z = zp != nullptr ? LoadAsDouble(p.out_dtype, zp, s) : 0.0;
    if (integer) {
      // NaN goes to the low end, as numpy's int32 conversion does.
      double v = std::isnan(q) ? static_cast<double>(range.lo) : std::nearbyint(q) + z;
      v = v < range.lo ? range.lo : v > range.hi ? range.hi : v;
      StoreInt(p.out_dtype, y, i, static_cast<int64_t>(v));
    } else if (f->special == NarrowFloat::kNone) {
      StoreFloat(p.out_dtype, y, i, q + z, true);
    } else {
      StoreFloat(p.out_dtype, y, i, q, p.saturate);
    }
  }
  return Status::Ok();
}

}  // namespace

Status QuantizeLinearPrepare(PrepareContext& ctx) {
  const int opset = ctx.node().opset;
  RETURN_IF_ERROR(ctx.ExpectInputCount(2, 3));
  RETURN_IF_ERROR(ReadAttributes(ctx, opset));
  const uint64_t x_types = DTypeBit(DType::kFloat32) | DTypeBit(DType::kInt32) |
                           (opset >= 19 ? kHalfTypes : 0);
  RETURN_IF_ERROR(ExpectDType(ctx, 0, x_types));
  if (opset < 19) {
    RETURN_IF_ERROR(ExpectDType(ctx, 1, DTypeBit(DType::kFloat32)));
  } else if (opset < 23) {
    RETURN_IF_ERROR(ExpectSameDType(ctx, 1, 0));
  } else {
    RETURN_IF_ERROR(ExpectDType(ctx, 1, x_types | (opset >= 24 ? DTypeBit(DType::kFloat8E8M0) : 0)));
  }
  QuantizeParams p;
  ASSIGN_OR_RETURN(p.out_dtype, OutputDType(ctx, opset));
  ASSIGN_OR_RETURN(p.div_dtype, DivisionDType(ctx));
  ASSIGN_OR_RETURN(p.saturate, BoolAttr(ctx.attrs(), "saturate", true));
  ASSIGN_OR_RETURN(int64_t axis, IntAttr(ctx.attrs(), "axis", 1));
  ASSIGN_OR_RETURN(int64_t block, IntAttr(ctx.attrs(), "block_size", 0));
  ASSIGN_OR_RETURN(p.layout, ResolveQuantLayout(ctx, 0, 1, 2, axis, block));
  p.x_dtype = ctx.input(0).dtype;
  p.scale_dtype = ctx.input(1).dtype;
  p.has_zero_point = ctx.has_input(2);
  ctx.SetOutput(0, p.out_dtype, ctx.input(0).dims);
  ctx.EmplaceState<QuantizeParams>(p);
  return Status::Ok();
}

Status QuantizeLinearRun(const RunContext& ctx) {
  const auto& p = ctx.state<QuantizeParams>();
  if (p.x_dtype == DType::kInt32) return RunQuantize<int32_t>(ctx, p);
  return DispatchFloatOrHalf(p.x_dtype, [&](auto tag) {
    return RunQuantize<decltype(tag)>(ctx, p);
  });
}

}  // namespace onyx::kernels::ref
