// BitCast (opset 26): reinterprets each element's bits as dtype `to`, which
// must have the input's bit width (float <-> int32, int4 <-> uint4 <->
// float4e2m1, bool <-> uint8 ...). Every fixed-size type but float6 takes
// part; strings are not supported. Sub-byte elements sit one per byte in the
// low bits, so their copies clear the high bits.

#include <cstdint>

#include "kernels/ref/internal/cast_util.h"
#include "kernels/ref/internal/copy.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

constexpr uint64_t kBitCastDTypes = kFixedSizeTypes | CastTypes(25);

// Bits of one element as BitCast counts them.
int BitWidth(DType dtype) {
  const int packed = PackedBits(dtype);
  return packed != 0 ? packed : static_cast<int>(DTypeSize(dtype)) * 8;
}

struct BitCastState {
  int sub_byte_bits = 0;  // 4 or 2 for sub-byte types, else 0.
};

}  // namespace

Status BitCastPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, 1));
  const ValueInfo& x = ctx.input(0);
  const Attribute* to_attr = ctx.attrs().Find("to");
  RETURN_ERROR_IF(to_attr == nullptr, StatusCode::kInvalidModel,
                  "attribute 'to' is required (expected a dtype, got none)");
  RETURN_IF_ERROR(CheckAttrType(*to_attr, AttrType::kInt));
  RETURN_ERROR_IF(to_attr->i == static_cast<int64_t>(DType::kString) || x.dtype == DType::kString,
                  StatusCode::kUnsupported,
                  "string tensors are not supported yet (expected a fixed-size type, got string)");
  const auto to = static_cast<DType>(to_attr->i);
  RETURN_ERROR_IF(to_attr->i < 1 || to_attr->i > kMaxDType || (kBitCastDTypes & DTypeBit(to)) == 0,
                  StatusCode::kInvalidModel, "attribute 'to' (expected one of ",
                  DTypeList(kBitCastDTypes), ", got ", to_attr->i, ")");
  RETURN_IF_ERROR(ExpectDType(ctx, 0, kBitCastDTypes));
  RETURN_ERROR_IF(BitWidth(x.dtype) != BitWidth(to), StatusCode::kInvalidArgument,
                  "attribute 'to' (", DTypeName(to), ") must have the bit width of input '", x.name,
                  "' (", DTypeName(x.dtype), ") (expected ", BitWidth(x.dtype), " bits, got ",
                  BitWidth(to), ")");
  ctx.EmplaceState<BitCastState>(BitCastState{PackedBits(to)});
  ctx.SetOutput(0, to, x.dims);
  return Status::Ok();
}

Status BitCastRun(const RunContext& ctx) {
  const int bits = ctx.state<BitCastState>().sub_byte_bits;
  const TensorView& in = ctx.input(0);
  if (bits == 0) {
    CopyUnlessSame(ctx.output(0).data, in.data, in.nbytes());
    return Status::Ok();
  }
  const uint8_t mask = static_cast<uint8_t>((1u << bits) - 1);
  const uint8_t* src = in.data_as<const uint8_t>();
  uint8_t* dst = ctx.output(0).data_as<uint8_t>();
  const int64_t n = in.num_elements();
  for (int64_t i = 0; i < n; ++i) dst[i] = src[i] & mask;
  return Status::Ok();
}

}  // namespace onyx::kernels::ref
