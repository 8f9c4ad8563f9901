// OptionalHasElement: whether an optional holds a value (opset 18: an
// omitted input is an empty optional, and a plain tensor or sequence holds one).

#include "kernels/ref/internal/sequence_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status OptionalHasElementPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(ctx.node().opset >= 18 ? 0 : 1, 1));
  ctx.SetOutput(0, DType::kBool, {});
  return Status::Ok();
}

Status OptionalHasElementRun(const RunContext& ctx) {
  bool has = ctx.has_input(0) && ctx.input(0).dtype != DType::kOptionalNone;
  *ctx.output(0).data_as<uint8_t>() = has ? 1 : 0;
  return Status::Ok();
}

}  // namespace onyx::kernels::ref
