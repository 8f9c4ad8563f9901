// CumProd (opset 26): running products along the axis given by a scalar
// int32/int64 input; `exclusive` leaves out the current element (starting
// from 1), `reverse` runs from the end. Floating types accumulate in double;
// integers wrap around as numpy's do.

#include "kernels/ref/internal/axis_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status CumProdPrepare(PrepareContext& ctx) { return PrepareScan(ctx, kReduceTypes); }

Status CumProdRun(const RunContext& ctx) { return RunScan</*kProduct=*/true>(ctx); }

}  // namespace onyx::kernels::ref
