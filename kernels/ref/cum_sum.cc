// CumSum: running sums along the axis given by a scalar int32/int64 input;
// `exclusive` leaves out the current element (starting from 0), `reverse`
// runs from the end. Opset 14 adds float16 and bfloat16. Floating types
// accumulate in double; integers wrap around as numpy's do.

#include "kernels/ref/internal/axis_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status CumSumPrepare(PrepareContext& ctx) { return PrepareScan(ctx, kReduceTypes); }

Status CumSumRun(const RunContext& ctx) { return RunScan</*kProduct=*/false>(ctx); }

}  // namespace onyx::kernels::ref
