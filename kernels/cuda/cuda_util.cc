#include "kernels/cuda/cuda_util.h"

#include <string>
#include <vector>

#include "kernels/cuda/registry.h"

namespace onyx::kernels::cuda {

Status RequireFloat(const PrepareContext& ctx, size_t max_inputs_checked) {
  for (size_t i = 0; i < ctx.num_inputs() && i < max_inputs_checked; ++i) {
    if (!ctx.has_input(i)) continue;
    const ValueInfo& v = ctx.input(i);
    if (v.dtype != DType::kFloat32 || v.dynamic) {
      return Decline("input '", v.name, "' is ",
                       v.dynamic ? "of a shape known only at run time" : DTypeName(v.dtype),
                       " (float32 of a known shape only)");
    }
    if (v.dims.size() > 8) {
      return Decline("input '", v.name, "' has rank ",
                       v.dims.size(), " (at most 8)");
    }
  }
  return Status::Ok();
}

Status KnownInts(const PrepareContext& ctx, size_t i, const char* role, bool int32_too, std::vector<int64_t>* values) {
  const ValueInfo& v = ctx.input(i);
  if (v.dtype != DType::kInt64 && !(int32_too && v.dtype == DType::kInt32)) {
    return MakeError(StatusCode::kInvalidArgument, role, " must be ", int32_too ? "int32 or int64" : "int64", " (got ",
                     DTypeName(v.dtype), ")");
  }
  if (v.data == nullptr) return Decline(role, " known only at run time");
  const int64_t n = NumElements(v.dims);
  values->resize(n);
  for (int64_t k = 0; k < n; ++k) {
    (*values)[k] = v.dtype == DType::kInt64 ? static_cast<const int64_t*>(v.data)[k]
                                            : static_cast<const int32_t*>(v.data)[k];
  }
  return Status::Ok();
}

namespace {

// `op` with its parameters in ONNX Runtime's FusedConv order.
Status ActivationOf(const std::string& op, const std::vector<float>& params, Act* act) {
  struct Known {
    const char* name;
    ActOp op;
    size_t params;
  };
  static constexpr Known kKnown[] = {
      {"Relu", ActOp::kRelu, 0},           {"Sigmoid", ActOp::kSigmoid, 0},         {"Tanh", ActOp::kTanh, 0},
      {"HardSwish", ActOp::kHardSwish, 0}, {"LeakyRelu", ActOp::kLeakyRelu, 1},     {"Swish", ActOp::kSwish, 1},
      {"Clip", ActOp::kClip, 2},           {"HardSigmoid", ActOp::kHardSigmoid, 2},
  };
  for (const Known& k : kKnown) {
    if (op != k.name) continue;
    RETURN_ERROR_IF(params.size() != k.params, StatusCode::kInvalidModel, "activation '", op, "' takes ", k.params,
                    " parameters (got ", params.size(), ")");
    act->op = k.op;
    act->a = k.params > 0 ? params[0] : 0.0f;
    act->b = k.params > 1 ? params[1] : 0.0f;
    return Status::Ok();
  }
  return Decline("activation '", op, "'");
}

}  // namespace

void SetWindow(const Window2d& window, ConvGeometry* g) {
  g->kernel_h = window.kernel[0];
  g->kernel_w = window.kernel[1];
  g->stride_h = window.stride[0];
  g->stride_w = window.stride[1];
  g->dilation_h = window.dilation[0];
  g->dilation_w = window.dilation[1];
  g->pad_top = window.pad_begin[0];
  g->pad_left = window.pad_begin[1];
  g->pad_bottom = window.pad_end[0];
  g->pad_right = window.pad_end[1];
  g->out_h = window.out[0];
  g->out_w = window.out[1];
}

Status ReadFusedActivation(const PrepareContext& ctx, Act* act) {
  const Attributes& attrs = ctx.attrs();
  *act = Act();
  const std::string op = attrs.GetString("activation", "");
  if (op.empty()) return Status::Ok();
  if (attrs.Has("activation_params")) return ActivationOf(op, attrs.GetFloats("activation_params"), act);
  // FusedGemm: activation_alpha, activation_beta; Clip's activation_min, activation_max.
  std::vector<float> params;
  if (op == "LeakyRelu") params = {attrs.GetFloat("activation_alpha", 0.01f)};
  if (op == "Swish") params = {attrs.GetFloat("activation_alpha", 1.0f)};
  if (op == "HardSigmoid") params = {attrs.GetFloat("activation_alpha", 0.2f), attrs.GetFloat("activation_beta", 0.5f)};
  if (op == "Clip") {
    params = {attrs.GetFloat("activation_min", -3.402823466e+38f), attrs.GetFloat("activation_max", 3.402823466e+38f)};
  }
  return ActivationOf(op, params, act);
}

}  // namespace onyx::kernels::cuda
