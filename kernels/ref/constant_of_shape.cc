// ConstantOfShape: a tensor of the shape given by the int64 input, filled
// with the one element of tensor attribute 'value' (default: float 0), whose
// dtype is the output's. Later opsets widen the value types: float8 (20),
// int4/uint4 (21), float4e2m1 (23), float8e8m0 (24), int2/uint2 (25). The
// shape must be known to Prepare.

#include <cstring>
#include <vector>

#include "kernels/ref/internal/copy.h"
#include "kernels/ref/internal/index_util.h"
#include "kernels/ref/internal/prepare_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct ConstantOfShapeParams {
  Bytes16 value{0, 0};
  size_t value_bytes = 0;
};

uint64_t ValueTypes(int opset) {
  uint64_t mask = kValueTypes;
  if (opset >= 20) mask |= kFloat8Types;
  if (opset >= 21) mask |= DTypeBit(DType::kInt4) | DTypeBit(DType::kUInt4);
  if (opset >= 23) mask |= DTypeBit(DType::kFloat4E2M1);
  if (opset >= 24) mask |= DTypeBit(DType::kFloat8E8M0);
  if (opset >= 25) mask |= DTypeBit(DType::kInt2) | DTypeBit(DType::kUInt2);
  return mask;
}

}  // namespace

Status ConstantOfShapePrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, 1));
  ASSIGN_OR_RETURN(std::vector<int64_t> shape, KnownInt64Input(ctx, 0, "shape"));
  for (int64_t d : shape) {
    RETURN_ERROR_IF(d < 0, StatusCode::kInvalidArgument, "shape input '", ctx.input(0).name,
                    "' has a negative extent (expected extents >= 0, got ", IntsToString(shape),
                    ")");
  }
  Dims dims(shape.begin(), shape.end());
  RETURN_IF_ERROR(CheckedNumElements(dims).status());
  auto* p = ctx.EmplaceState<ConstantOfShapeParams>();
  DType dtype = DType::kFloat32;
  p->value_bytes = sizeof(float);
  if (const Attribute* a = ctx.attrs().Find("value")) {
    RETURN_IF_ERROR(CheckAttrType(*a, AttrType::kTensor));
    const TensorView& t = a->tensor;
    RETURN_ERROR_IF(t.num_elements() != 1, StatusCode::kInvalidModel,
                    "attribute 'value' must hold one element (expected shape [] or [1], got ",
                    DimsToString(t.dims), ")");
    const uint64_t allowed = ValueTypes(ctx.node().opset);
    RETURN_ERROR_IF((allowed & DTypeBit(t.dtype)) == 0, StatusCode::kUnsupported,
                    "attribute 'value' dtype (expected one of ", DTypeList(allowed), ", got ",
                    DTypeName(t.dtype), ")");
    dtype = t.dtype;
    p->value_bytes = DTypeSize(dtype);
    std::memcpy(&p->value, t.data, p->value_bytes);
  }
  ctx.SetOutput(0, dtype, std::move(dims));
  return Status::Ok();
}

Status ConstantOfShapeRun(const RunContext& ctx) {
  const ConstantOfShapeParams& p = ctx.state<ConstantOfShapeParams>();
  TensorView& out = ctx.output(0);
  return DispatchElementSize(p.value_bytes, [&](auto tag) {
    using T = decltype(tag);
    T value;
    std::memcpy(&value, &p.value, sizeof(T));
    T* data = out.data_as<T>();
    const int64_t n = out.num_elements();
    for (int64_t i = 0; i < n; ++i) data[i] = value;
    return Status::Ok();
  });
}

}  // namespace onyx::kernels::ref
