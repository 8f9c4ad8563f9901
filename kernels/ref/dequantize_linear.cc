// DequantizeLinear: y = (x - x_zero_point) * x_scale, per tensor, per axis
// (opset 13+) or per block (block_size, opset 21+), rounded once to the
// output type: x_scale's, or attribute output_dtype (23+). Float8 x (19+)
// takes only an all-zero zero point; float4 x (23+) ignores it, as ONNX's
// reference does. Opset 19 allows float16/bfloat16 scales, 21 int16/uint16/
// int4/uint4 x, 23 float4e2m1, 24 float8e8m0 scales, 25 int2/uint2, 28
// float6.

#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/internal/quant_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct DequantizeParams {
  QuantLayout layout;
  DType x_dtype = DType::kUndefined, scale_dtype = DType::kUndefined;
  DType out_dtype = DType::kUndefined;
  bool use_zero_point = false;
};

constexpr uint64_t kFloat8Types = DTypeBit(DType::kFloat8E4M3FN) |
                                  DTypeBit(DType::kFloat8E4M3FNUZ) | DTypeBit(DType::kFloat8E5M2) |
                                  DTypeBit(DType::kFloat8E5M2FNUZ);
constexpr uint64_t kOutTypes = DTypeBit(DType::kFloat32) | kHalfTypes;

Status CheckZeroPoint(const PrepareContext& ctx, DequantizeParams& p) {
  if (!ctx.has_input(2)) return Status::Ok();
  RETURN_IF_ERROR(ExpectSameDType(ctx, 2, 0));
  const ValueInfo& zp = ctx.input(2);
  p.use_zero_point = p.x_dtype != DType::kFloat4E2M1 && (kFloat8Types & DTypeBit(p.x_dtype)) == 0;
  if ((kFloat8Types & DTypeBit(p.x_dtype)) == 0 || zp.data == nullptr) return Status::Ok();
  // A float8 zero point must be zero; checked here when it is a constant.
  const uint8_t* bits = static_cast<const uint8_t*>(zp.data);
  for (int64_t i = 0; i < NumElements(zp.dims); ++i) {
    RETURN_ERROR_IF(bits[i] != 0, StatusCode::kInvalidArgument, "input '", zp.name,
                    "' must be zero for float8 x (expected 0, got bits ", int{bits[i]}, " at ", i,
                    ")");
  }
  return Status::Ok();
}

Result<DType> OutputDType(const PrepareContext& ctx) {
  ASSIGN_OR_RETURN(int64_t attr, IntAttr(ctx.attrs(), "output_dtype", 0));
  const DType out = static_cast<DType>(attr);
  RETURN_ERROR_IF(attr != 0 && (attr < 0 || attr > kMaxDType || (kOutTypes & DTypeBit(out)) == 0),
                  StatusCode::kInvalidModel, "attribute 'output_dtype' (expected one of ",
                  DTypeList(kOutTypes), ", got ", attr, ")");
  if (attr != 0) return out;
  const ValueInfo& s = ctx.input(1);
  RETURN_ERROR_IF((kOutTypes & DTypeBit(s.dtype)) == 0, StatusCode::kInvalidModel,
                  "attribute 'output_dtype' is required when input '", s.name, "' is ",
                  DTypeName(s.dtype), " (expected one of ", DTypeList(kOutTypes), ", got none)");
  return s.dtype;
}

}  // namespace

Status DequantizeLinearPrepare(PrepareContext& ctx) {
  const int opset = ctx.node().opset;
  RETURN_IF_ERROR(ctx.ExpectInputCount(2, 3));
  RETURN_IF_ERROR(RejectAttrBefore(ctx.attrs(), "axis", opset, 13));
  RETURN_IF_ERROR(RejectAttrBefore(ctx.attrs(), "block_size", opset, 21));
  RETURN_IF_ERROR(RejectAttrBefore(ctx.attrs(), "output_dtype", opset, 23));
  RETURN_IF_ERROR(ExpectDType(ctx, 0, QuantizedTypes(opset) | DTypeBit(DType::kInt32)));
  const uint64_t scale_types = opset < 19 ? DTypeBit(DType::kFloat32)
                               : kOutTypes | (opset >= 24 ? DTypeBit(DType::kFloat8E8M0) : 0);
  RETURN_IF_ERROR(ExpectDType(ctx, 1, scale_types));
  DequantizeParams p;
  p.x_dtype = ctx.input(0).dtype;
  p.scale_dtype = ctx.input(1).dtype;
  RETURN_IF_ERROR(CheckZeroPoint(ctx, p));
  ASSIGN_OR_RETURN(p.out_dtype, OutputDType(ctx));
  ASSIGN_OR_RETURN(int64_t axis, IntAttr(ctx.attrs(), "axis", 1));
  ASSIGN_OR_RETURN(int64_t block, IntAttr(ctx.attrs(), "block_size", 0));
  ASSIGN_OR_RETURN(p.layout, ResolveQuantLayout(ctx, 0, 1, 2, axis, block));
  ctx.SetOutput(0, p.out_dtype, ctx.input(0).dims);
  ctx.EmplaceState<DequantizeParams>(p);
  return Status::Ok();
}

Status DequantizeLinearRun(const RunContext& ctx) {
  const auto& p = ctx.state<DequantizeParams>();
  const void* x = ctx.input(0).data;
  const void* scale = ctx.input(1).data;
  const void* zp = p.use_zero_point ? ctx.input(2).data : nullptr;
  void* y = ctx.output(0).data;
  const int64_t n = ctx.input(0).num_elements();
  for (int64_t i = 0; i < n; ++i) {
    const int64_t s = p.layout.ScaleIndex(i);
    double v = LoadAsDouble(p.x_dtype, x, i);
    if (zp != nullptr) v -= LoadAsDouble(p.x_dtype, zp, s);
    StoreFloat(p.out_dtype, y, i, v * LoadAsDouble(p.scale_dtype, scale, s));
  }
  return Status::Ok();
}

}  // namespace onyx::kernels::ref
