// And: logical A and B on bool tensors, with numpy broadcasting from opset 7
// and the legacy broadcast/axis attributes before (binary_util.h).

#include "kernels/ref/internal/binary_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status AndPrepare(PrepareContext& ctx) {
  return PrepareBinary(ctx, {DTypeBit(DType::kBool), true, DType::kBool});
}

Status AndRun(const RunContext& ctx) {
  return RunBinary<bool, bool, bool>(ctx, [](bool a, bool b) { return a && b; });
}

}  // namespace onyx::kernels::ref
