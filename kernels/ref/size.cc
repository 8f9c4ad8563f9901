// Size: the input's element count as an int64 scalar. Only the shape is
// read, so any fixed-size dtype works.

#include "kernels/ref/internal/copy.h"
#include "kernels/ref/internal/index_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct SizeParams {
  int64_t count = 0;
};

}  // namespace

Status SizePrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(1, 1));
  ctx.EmplaceState<SizeParams>()->count = NumElements(ctx.input(0).dims);
  ctx.SetOutput(0, DType::kInt64, Dims{});
  return Status::Ok();
}

Status SizeRun(const RunContext& ctx) {
  *ctx.output(0).data_as<int64_t>() = ctx.state<SizeParams>().count;
  return Status::Ok();
}

}  // namespace onyx::kernels::ref
