// RandomNormalLike: an output shaped like the input (whose values are not
// read), of attribute 'dtype' or else the input's dtype, filled with normal
// draws of attribute 'mean' (default 0) and 'scale' (default 1). float16,
// float and double; opset 22 adds bfloat16. internal/random_util.h describes
// the generator and 'seed'.

#include "kernels/ref/internal/random_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {

Status RandomNormalLikePrepare(PrepareContext& ctx) { return PrepareFillLike(ctx, true); }

Status RandomNormalLikeRun(const RunContext& ctx) { return RunFill(ctx); }

}  // namespace onyx::kernels::ref
