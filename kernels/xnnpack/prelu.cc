// PRelu (opset 7 on): y = x < 0 ? slope * x : x, with a constant slope that
// broadcasts to x unidirectionally (numpy rules, slope's rank at most x's).
// XNNPACK's prelu takes one slope per channel of an [N, C] tensor, C the
// innermost extent; any broadcast slope becomes that by splitting x before
// its first axis where the slope varies: N = the extents before it, C = the
// product of the extents from it on, and the slope expanded over C (NCHW's
// [C,1,1] slope gives C*H*W channels; NHWC's [C] gives C). Prepare expands
// once; XNNPACK packs its own copy.

#include <vector>

#include "kernels/xnnpack/ops.h"
#include "kernels/xnnpack/unary.h"

namespace onyx::kernels::xnnpack {
namespace {

// The slope expanded over x's extents from the first axis where it varies
// (the last axis when it never does).
Result<std::vector<float>> ExpandSlope(const Dims& x, const Dims& slope_dims, const float* slope) {
  if (slope_dims.size() > x.size()) return Decline("slope has a higher rank than the input");
  const size_t lead = x.size() - slope_dims.size();
  Dims padded(lead, 1);
  padded.insert(padded.end(), slope_dims.begin(), slope_dims.end());
  size_t first = x.size();
  for (size_t d = 0; d < x.size(); ++d) {
    if (padded[d] != 1 && padded[d] != x[d]) {
      return Decline("slope of shape ", DimsToString(slope_dims), " does not broadcast to ", DimsToString(x));
    }
    if (padded[d] != 1 && first == x.size()) first = d;
  }
  if (first == x.size() && !x.empty()) first = x.size() - 1;  // One slope value: rows of x's last extent.
  // Walk the channel block [first, rank) in row-major order, reading the
  // slope through its (broadcast) strides.
  Dims extent(x.begin() + first, x.end());
  std::vector<int64_t> stride(extent.size(), 0);
  int64_t s = 1;
  for (size_t k = padded.size(); k-- > first;) {
    stride[k - first] = padded[k] == 1 ? 0 : s;
    s *= padded[k];
  }
  std::vector<float> out(static_cast<size_t>(NumElements(extent)));
  std::vector<int64_t> idx(extent.size(), 0);
  for (float& v : out) {
    int64_t offset = 0;
    for (size_t k = 0; k < idx.size(); ++k) offset += idx[k] * stride[k];
    v = slope[offset];
    for (size_t k = idx.size(); k-- > 0;) {
      if (++idx[k] < extent[k]) break;
      idx[k] = 0;
    }
  }
  return out;
}

struct PReluState : OperatorState {
  size_t channels = 0;
};

}  // namespace

Status PReluPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(XnnPrepare(ctx, 2, 2));
  RETURN_IF_ERROR(OnlyAttrs(ctx, {}));
  const float* slope = ConstantFloats(ctx, 1);
  if (!IsFloatTensor(ctx, 1) || slope == nullptr) return Decline("slope is not a constant float tensor");
  const Dims& x = ctx.input(0).dims;
  ASSIGN_OR_RETURN(std::vector<float> channel_slopes, ExpandSlope(x, ctx.input(1).dims, slope));
  PReluState* s = ctx.EmplaceState<PReluState>();
  s->channels = channel_slopes.size();
  RETURN_IF_ERROR(
      XnnStatus(xnn_create_prelu_nc_f32(s->channels, s->channels, s->channels, channel_slopes.data(), 0, s->op.out()),
                "xnn_create_prelu_nc_f32"));
  ctx.SetOutput(0, DType::kFloat32, x);
  return Status::Ok();
}

Status PReluRun(const RunContext& ctx) {
  const PReluState& s = ctx.state<PReluState>();
  const size_t rows = static_cast<size_t>(ctx.input(0).num_elements()) / s.channels;
  const float* x = ctx.input(0).data_as<const float>();
  float* y = ctx.output(0).data_as<float>();
  return SetupAndRun(ctx, s, "xnn_setup_prelu_nc_f32", [&](xnn_operator_t op, pthreadpool_t pool) {
    return xnn_setup_prelu_nc_f32(op, rows, x, y, pool);
  });
}

}  // namespace onyx::kernels::xnnpack
