// OptionalGetElement: the value an optional holds; an empty optional is an
// error. From opset 18 a plain tensor or sequence passes through.

#include "kernels/ref/internal/sequence_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status OptionalGetElementPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, 1));
  const ValueInfo& in = ctx.input(0);
  RETURN_ERROR_IF(in.dtype == DType::kOptionalNone, StatusCode::kInvalidArgument, "input '", in.name,
                  "' is an empty optional (expected one holding a value)");
  if (in.dtype == DType::kSequence) {
    ctx.SetDynamicOutput(0, DType::kSequence);
  } else {
    ctx.SetOutput(0, in.dtype, in.dims);
  }
  return Status::Ok();
}

Status OptionalGetElementRun(const RunContext& ctx) {
  const TensorView& in = ctx.input(0);
  if (in.dtype == DType::kSequence) return CopyValueToOutput(ctx, 0, in);
  if (in.nbytes()) std::memcpy(ctx.output(0).data, in.data, in.nbytes());
  return Status::Ok();
}

}  // namespace onyx::kernels::ref
