// MatMul with a constant 2-D B [K, N] as a fully connected operator: every
// row of A [..., K] (its leading extents flattened; A of rank 1 is one row)
// times B gives Y [..., N]. A B known only at run time, or of another rank,
// is declined: this XNNPACK snapshot has no batched matrix multiply.

#include <limits>

#include "kernels/xnnpack/fully_connected.h"
#include "kernels/xnnpack/ops.h"

namespace onyx::kernels::xnnpack {

Status MatMulPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(XnnPrepare(ctx, 2, 2));
  RETURN_IF_ERROR(OnlyAttrs(ctx, {}));
  const float* b = ConstantFloats(ctx, 1);
  if (b == nullptr || !IsFloatTensor(ctx, 1)) return Decline("B is not a constant float tensor");
  const Dims& a_dims = ctx.input(0).dims;
  const Dims& b_dims = ctx.input(1).dims;
  if (b_dims.size() != 2) return Decline("B has rank ", b_dims.size(), " (batched MatMul needs XNNPACK's newer API)");
  if (a_dims.empty() || a_dims.back() != b_dims[0]) {
    return Decline("inner extents differ (A ", DimsToString(a_dims), ", B ", DimsToString(b_dims), ")");
  }
  FullyConnectedSpec spec;
  spec.input_channels = static_cast<size_t>(b_dims[0]);
  spec.output_channels = static_cast<size_t>(b_dims[1]);
  spec.weights = b;
  spec.weights_kn = true;
  spec.output_min = -std::numeric_limits<float>::infinity();
  spec.output_max = std::numeric_limits<float>::infinity();
  RETURN_IF_ERROR(CreateFullyConnected(ctx, spec));
  Dims out(a_dims.begin(), a_dims.end() - 1);
  out.push_back(b_dims[1]);
  ctx.SetOutput(0, DType::kFloat32, std::move(out));
  return Status::Ok();
}

}  // namespace onyx::kernels::xnnpack
