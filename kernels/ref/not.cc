// Not: logical negation of a bool tensor, elementwise (opset 1).

#include "kernels/ref/internal/unary_math_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status NotPrepare(PrepareContext& ctx) { return PrepareUnaryOf(ctx, DTypeBit(DType::kBool)); }

Status NotRun(const RunContext& ctx) {
  // Bytes other than 0 and 1 are not valid bools; reading them as bytes
  // keeps any nonzero value true without undefined behaviour.
  const uint8_t* in = ctx.input(0).data_as<const uint8_t>();
  bool* out = ctx.output(0).data_as<bool>();
  const int64_t n = ctx.input(0).num_elements();
  for (int64_t i = 0; i < n; ++i) out[i] = in[i] == 0;
  return Status::Ok();
}

}  // namespace onyx::kernels::ref
