#include "kernels/xnnpack/unary.h"

namespace onyx::kernels::xnnpack {

Status UnaryRun(const RunContext& ctx) {
  const UnaryState& s = ctx.state<UnaryState>();
  const size_t count = static_cast<size_t>(ctx.input(0).num_elements());
  const float* x = ctx.input(0).data_as<const float>();
  float* y = ctx.output(0).data_as<float>();
  return SetupAndRun(ctx, s, s.setup_call,
                     [&](xnn_operator_t op, pthreadpool_t pool) { return s.setup(op, count, x, y, pool); });
}

}  // namespace onyx::kernels::xnnpack
