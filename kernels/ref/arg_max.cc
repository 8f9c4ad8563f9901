// ArgMax: the int64 index of the largest element along `axis` (default 0),
// with keepdims. Opset 12 adds select_last_index (the last of tied maxima
// instead of the first); opset 13 bfloat16. NaN counts as the maximum, as in
// numpy.argmax.

#include "kernels/ref/internal/axis_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status ArgMaxPrepare(PrepareContext& ctx) { return PrepareArgReduce(ctx); }

Status ArgMaxRun(const RunContext& ctx) { return RunArgReduce</*kMax=*/true>(ctx); }

}  // namespace onyx::kernels::ref
