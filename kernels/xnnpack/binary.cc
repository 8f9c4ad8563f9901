#include "kernels/xnnpack/binary.h"

#include <algorithm>

namespace onyx::kernels::xnnpack {

Result<Dims> BroadcastDims(const Dims& a, const Dims& b) {
  const size_t rank = std::max(a.size(), b.size());
  Dims out(rank, 1);
  for (size_t k = 0; k < rank; ++k) {
    const int64_t da = k < a.size() ? a[a.size() - 1 - k] : 1;
    const int64_t db = k < b.size() ? b[b.size() - 1 - k] : 1;
    if (da != db && da != 1 && db != 1) {
      return Decline("shapes ", DimsToString(a), " and ", DimsToString(b), " do not broadcast");
    }
    out[rank - 1 - k] = std::max(da, db);
  }
  return out;
}

Status BinaryRun(const RunContext& ctx) {
  const BinaryState& s = ctx.state<BinaryState>();
  XnnShape a, b;
  // Prepare checked the ranks; a scalar goes to XNNPACK as shape [1].
  ToXnnShape(ctx.input(0).dims, &a);
  ToXnnShape(ctx.input(1).dims, &b);
  const float* x = ctx.input(0).data_as<const float>();
  const float* y = ctx.input(1).data_as<const float>();
  float* out = ctx.output(0).data_as<float>();
  return SetupAndRun(ctx, s, s.setup_call, [&](xnn_operator_t op, pthreadpool_t pool) {
    return s.setup(op, a.rank, a.dims, b.rank, b.dims, x, y, out, pool);
  });
}

}  // namespace onyx::kernels::xnnpack
