// SequenceEmpty: an empty sequence of tensors of `dtype` (default float).

#include "kernels/ref/internal/sequence_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status SequenceEmptyPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(0, 0));
  int64_t dtype = ctx.attrs().GetInt("dtype", static_cast<int64_t>(DType::kFloat32));
  RETURN_ERROR_IF(!IsKnownDType(static_cast<int32_t>(dtype)), StatusCode::kInvalidModel, "attribute 'dtype' is ",
                  dtype, " (expected an ONNX tensor type)");
  ctx.SetDynamicOutput(0, DType::kSequence);
  return Status::Ok();
}

Status SequenceEmptyRun(const RunContext& ctx) {
  DType dtype = static_cast<DType>(ctx.node->attrs.GetInt("dtype", static_cast<int64_t>(DType::kFloat32)));
  return NewSequenceOutput(ctx, 0, dtype).status();
}

}  // namespace onyx::kernels::ref
