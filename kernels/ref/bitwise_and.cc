// BitwiseAnd: A & B on the bits of integer tensors (opset 18), with numpy
// broadcasting.

#include "kernels/ref/internal/binary_util.h"
#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status BitwiseAndPrepare(PrepareContext& ctx) { return PrepareBinary(ctx, {kIntTypes}); }

Status BitwiseAndRun(const RunContext& ctx) {
  return DispatchInteger(ctx.input(0).dtype, [&](auto tag) {
    using T = decltype(tag);
    return RunBinary<T, T, T>(ctx, [](T a, T b) { return static_cast<T>(a & b); });
  });
}

}  // namespace onyx::kernels::ref
