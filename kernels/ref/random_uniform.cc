// RandomUniform: an output of attribute 'shape' and attribute 'dtype'
// (default float) filled with uniform draws from [low, high) (attributes,
// defaults 0 and 1). float16, float and double; opset 22 adds bfloat16.
// internal/random_util.h describes the generator and 'seed'.

#include "kernels/ref/internal/random_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status RandomUniformPrepare(PrepareContext& ctx) { return PrepareFill(ctx, false); }

Status RandomUniformRun(const RunContext& ctx) { return RunFill(ctx); }

}  // namespace onyx::kernels::ref
