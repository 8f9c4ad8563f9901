// Add: elementwise sum with numpy broadcasting (opset 7+, which broadcasts
// without the legacy `broadcast` attribute).

#include "kernels/ref/internal/broadcast.h"
#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status AddPrepare(PrepareContext& ctx) { return PrepareBroadcastBinary(ctx); }

Status AddRun(const RunContext& ctx) {
  return DispatchNumeric(ctx.input(0).dtype, [&](auto tag) {
    using T = decltype(tag);
    BroadcastBinary<T, T>(ctx.input(0), ctx.input(1), ctx.output(0),
                          [](T a, T b) { return static_cast<T>(a + b); });
    return Status::Ok();
  });
}

}  // namespace onyx::kernels::ref
