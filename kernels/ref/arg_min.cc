// ArgMin: the int64 index of the smallest element along `axis` (default 0),
// with keepdims. Opset 12 adds select_last_index (the last of tied minima
// instead of the first); opset 13 bfloat16. NaN counts as the minimum, as in
// numpy.argmin.

#include "kernels/ref/internal/axis_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status ArgMinPrepare(PrepareContext& ctx) { return PrepareArgReduce(ctx); }

Status ArgMinRun(const RunContext& ctx) { return RunArgReduce</*kMax=*/false>(ctx); }

}  // namespace onyx::kernels::ref
