#include "kernels/xnnpack/fully_connected.h"

#include <vector>

namespace onyx::kernels::xnnpack {
namespace {

// Gemm's C as one bias value per output column, or a decline.
Result<std::vector<float>> BiasOf(const PrepareContext& ctx, size_t m, size_t n) {
  const ValueInfo& c = ctx.input(2);
  const float* data = ConstantFloats(ctx, 2);
  if (data == nullptr || !IsFloatTensor(ctx, 2)) return Decline("C '", c.name, "' is not a constant float tensor");
  const Dims& d = c.dims;
  const int64_t rows = d.size() == 2 ? d[0] : 1;
  const int64_t cols = d.empty() ? 1 : d.back();
  if (d.size() > 2 || rows != 1 || (cols != 1 && cols != static_cast<int64_t>(n))) {
    return Decline("C of shape ", DimsToString(d), " is not one bias per column of a [", m, ",", n, "] output");
  }
  return cols == 1 ? std::vector<float>(n, data[0]) : std::vector<float>(data, data + n);
}

}  // namespace

Status CreateFullyConnected(PrepareContext& ctx, const FullyConnectedSpec& spec) {
  FullyConnectedState* s = ctx.EmplaceState<FullyConnectedState>();
  s->input_channels = spec.input_channels;
  const size_t k = spec.input_channels, n = spec.output_channels;
  return XnnStatus(xnn_create_fully_connected_nc_f32(k, n, /*input_stride=*/k, /*output_stride=*/n, spec.weights,
                                                     spec.bias, spec.output_min, spec.output_max,
                                                     spec.weights_kn ? XNN_FLAG_TRANSPOSE_WEIGHTS : 0, s->op.out()),
                   "xnn_create_fully_connected_nc_f32");
}

Status PrepareGemmAsFullyConnected(PrepareContext& ctx, float output_min, float output_max) {
  RETURN_IF_ERROR(XnnPrepare(ctx, 2, 3));
  ASSIGN_OR_RETURN(const int64_t trans_a, IntAttr(ctx, "transA", 0));
  ASSIGN_OR_RETURN(const int64_t trans_b, IntAttr(ctx, "transB", 0));
  ASSIGN_OR_RETURN(const float alpha, FloatAttr(ctx, "alpha", 1.0f));
  ASSIGN_OR_RETURN(const float beta, FloatAttr(ctx, "beta", 1.0f));
  if (trans_a != 0) return Decline("transA = ", trans_a);
  if (alpha != 1.0f) return Decline("alpha = ", alpha);
  if (ctx.has_input(2) && beta != 1.0f) return Decline("beta = ", beta);
  const float* b = ConstantFloats(ctx, 1);
  if (b == nullptr || !IsFloatTensor(ctx, 1)) return Decline("B is not a constant float tensor");
  const Dims& a_dims = ctx.input(0).dims;
  const Dims& b_dims = ctx.input(1).dims;
  if (a_dims.size() != 2 || b_dims.size() != 2) return Decline("A and B must have rank 2");
  const size_t m = static_cast<size_t>(a_dims[0]), k = static_cast<size_t>(a_dims[1]);
  const size_t b_k = static_cast<size_t>(b_dims[trans_b ? 1 : 0]), n = static_cast<size_t>(b_dims[trans_b ? 0 : 1]);
  if (b_k != k) return Decline("inner extents differ (A ", DimsToString(a_dims), ", B ", DimsToString(b_dims), ")");
  std::vector<float> bias;
  if (ctx.has_input(2)) {
    ASSIGN_OR_RETURN(bias, BiasOf(ctx, m, n));
  }
  FullyConnectedSpec spec;
  spec.input_channels = k;
  spec.output_channels = n;
  spec.weights = b;
  spec.weights_kn = trans_b == 0;
  spec.bias = bias.empty() ? nullptr : bias.data();
  spec.output_min = output_min;
  spec.output_max = output_max;
  RETURN_IF_ERROR(CreateFullyConnected(ctx, spec));
  ctx.SetOutput(0, DType::kFloat32, Dims{static_cast<int64_t>(m), static_cast<int64_t>(n)});
  return Status::Ok();
}

Status FullyConnectedRun(const RunContext& ctx) {
  const FullyConnectedState& s = ctx.state<FullyConnectedState>();
  const size_t rows = static_cast<size_t>(ctx.input(0).num_elements()) / s.input_channels;
  const float* x = ctx.input(0).data_as<const float>();
  float* y = ctx.output(0).data_as<float>();
  return SetupAndRun(ctx, s, "xnn_setup_fully_connected_nc_f32", [&](xnn_operator_t op, pthreadpool_t pool) {
    return xnn_setup_fully_connected_nc_f32(op, rows, x, y, pool);
  });
}

}  // namespace onyx::kernels::xnnpack
