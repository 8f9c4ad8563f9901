#pragma once

// Shared Prepare and Run for elementwise unary kernels (Relu, Sigmoid, ...).

#include "kernels/api/kernel.h"
#include "kernels/ref/internal/dispatch.h"

namespace onyx::kernels::ref {

// One input, one output of the same dtype and shape.
inline Status PrepareUnary(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, 1));
  ctx.SetOutput(0, ctx.input(0).dtype, ctx.input(0).dims);
  return Status::Ok();
}

template <typename T, typename F>
Status ApplyUnary(const RunContext& ctx, F op) {
  const T* in = ctx.input(0).data_as<const T>();
  T* out = ctx.output(0).data_as<T>();
  const int64_t n = ctx.input(0).num_elements();
  for (int64_t i = 0; i < n; ++i) out[i] = op(in[i]);
  return Status::Ok();
}

}  // namespace onyx::kernels::ref
