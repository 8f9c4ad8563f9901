// Conv and FusedConv of the NHWC domain (com.ms.internal.nhwc, which the
// converter's layout pass emits): X [N, H, W, C], W [M, kH, kW, C/group]
// (OHWI, grouped output channels contiguous: XNNPACK's GOHWI), optional bias
// [M], Y [N, OH, OW, M], as xnn convolution2d_nhwc_f32. Regular, grouped,
// depthwise and dilated convolutions with any pads or auto_pad
// (pool_window.h). W and B must be constants: they are packed when the
// operator is created.
//
// FusedConv's activation: Relu and Clip are the convolution's output bounds;
// HardSigmoid (clamp(alpha * y + beta, 0, 1)) folds alpha and beta into the
// packed weights and bias and clamps to [0, 1]; HardSwish, Sigmoid and
// LeakyRelu run as a second XNNPACK operator over Y in place; Swish (alpha
// 1) as a sigmoid into scratch times Y. Tanh and Swish with another alpha
// are declined (this XNNPACK has no tanh).

#include <limits>
#include <mutex>
#include <string>
#include <vector>

#include "kernels/xnnpack/conv_pool_ops.h"
#include "kernels/xnnpack/pool_window.h"

namespace onyx::kernels::xnnpack {
namespace {

// What follows the convolution in a FusedConv.
enum class Post { kNone, kHardSwish, kSigmoid, kLeakyRelu, kSwish };

struct Activation {
  float lo = -std::numeric_limits<float>::infinity();
  float hi = std::numeric_limits<float>::infinity();
  float scale = 1.0f, shift = 0.0f;  // HardSigmoid: folded into W and B.
  Post post = Post::kNone;
  float alpha = 0.0f;  // LeakyRelu.
};

struct ConvState : OperatorState {
  size_t batch = 0, height = 0, width = 0;
  size_t rows = 0, channels = 0;  // Of Y as [N * OH * OW, M], for the activation.
  Post post = Post::kNone;
  Operator act;  // HardSwish, Sigmoid, LeakyRelu, or Swish's sigmoid.
  Operator mul;  // Swish's product.
};

// FusedConv's activation (`activation`, `activation_params` in ONNX
// Runtime's order); anything the reference would reject is declined.
Result<Activation> ReadActivation(const PrepareContext& ctx) {
  ASSIGN_OR_RETURN(const std::string name, StringAttr(ctx, "activation", ""));
  const Attribute* params = ctx.attrs().Find("activation_params");
  if (params != nullptr && params->type != AttrType::kFloats) return Decline("activation_params is not floats");
  const std::vector<float> p = params ? params->floats : std::vector<float>{};
  const size_t want = name == "Clip" || name == "HardSigmoid" ? 2 : name == "LeakyRelu" || name == "Swish" ? 1 : 0;
  if (p.size() != want) return Decline("activation '", name, "' with ", p.size(), " parameters");
  Activation a;
  if (name.empty()) return a;
  if (name == "Relu") {
    a.lo = 0.0f;
  } else if (name == "Clip") {
    a.lo = p[0];
    a.hi = p[1];
    if (!(a.lo < a.hi)) return Decline("Clip bounds min ", a.lo, " and max ", a.hi, " are not increasing");
  } else if (name == "HardSigmoid") {
    a.scale = p[0];
    a.shift = p[1];
    a.lo = 0.0f;
    a.hi = 1.0f;
  } else if (name == "HardSwish") {
    a.post = Post::kHardSwish;
  } else if (name == "Sigmoid") {
    a.post = Post::kSigmoid;
  } else if (name == "LeakyRelu") {
    a.post = Post::kLeakyRelu;
    a.alpha = p[0];
  } else if (name == "Swish" && p[0] == 1.0f) {
    a.post = Post::kSwish;
  } else {
    return Decline("activation '", name, "' has no XNNPACK operator");
  }
  return a;
}

// The operators that run after the convolution, over Y as [rows, channels].
Status CreatePost(PrepareContext& ctx, Post post, float alpha, ConvState* s) {
  const size_t c = s->channels;
  switch (post) {
    case Post::kNone:
      return Status::Ok();
    case Post::kHardSwish:
      return XnnStatus(xnn_create_hardswish_nc_f32(c, c, c, 0, s->act.out()), "xnn_create_hardswish_nc_f32");
    case Post::kLeakyRelu:
      return XnnStatus(xnn_create_leaky_relu_nc_f32(c, c, c, alpha, 0, s->act.out()), "xnn_create_leaky_relu_nc_f32");
    case Post::kSigmoid:
    case Post::kSwish:
      break;
  }
  RETURN_IF_ERROR(XnnStatus(xnn_create_sigmoid_nc_f32(c, c, c, 0, s->act.out()), "xnn_create_sigmoid_nc_f32"));
  if (post == Post::kSwish) {
    const float inf = std::numeric_limits<float>::infinity();
    RETURN_IF_ERROR(XnnStatus(xnn_create_multiply_nd_f32(-inf, inf, 0, s->mul.out()), "xnn_create_multiply_nd_f32"));
    ctx.RequestScratch(s->rows * c * sizeof(float));
  }
  return Status::Ok();
}

// Checks W and B against X and group; the per-group channel counts.
Status CheckWeights(const PrepareContext& ctx, int64_t group, int64_t* group_in, int64_t* group_out) {
  const Dims& x = ctx.input(0).dims;
  if (x.size() != 4) return Decline("input '", ctx.input(0).name, "' is not 4-D NHWC (got ", DimsToString(x), ")");
  if (ConstantFloats(ctx, 1) == nullptr || !IsFloatTensor(ctx, 1)) return Decline("W is not a float constant");
  const Dims& w = ctx.input(1).dims;
  if (w.size() != 4) return Decline("W is not 4-D OHWI (got ", DimsToString(w), ")");
  if (group < 1 || x[3] % group != 0 || w[0] % group != 0 || w[3] * group != x[3]) {
    return Decline("W ", DimsToString(w), " does not fit X ", DimsToString(x), " with group ", group);
  }
  if (ctx.has_input(2)) {
    if (ConstantFloats(ctx, 2) == nullptr) return Decline("B is not a float constant");
    if (ctx.input(2).dims != Dims{w[0]}) return Decline("B is not [", w[0], "]");
  }
  *group_in = w[3];
  *group_out = w[0] / group;
  return Status::Ok();
}

}  // namespace

Status NhwcConvPrepare(PrepareContext& ctx) {
  const bool fused = ctx.node().op_type == "FusedConv";
  RETURN_IF_ERROR(XnnPrepare(ctx, 2, 3));
  if (fused) {
    RETURN_IF_ERROR(OnlyAttrs(
        ctx, {"auto_pad", "dilations", "group", "kernel_shape", "pads", "strides", "activation", "activation_params"}));
  } else {
    RETURN_IF_ERROR(OnlyAttrs(ctx, {"auto_pad", "dilations", "group", "kernel_shape", "pads", "strides"}));
  }
  Activation act;
  if (fused) {
    ASSIGN_OR_RETURN(act, ReadActivation(ctx));
  }
  ASSIGN_OR_RETURN(const int64_t group, IntAttr(ctx, "group", 1));
  int64_t group_in = 0, group_out = 0;
  RETURN_IF_ERROR(CheckWeights(ctx, group, &group_in, &group_out));
  const Dims& x = ctx.input(0).dims;
  const Dims& w = ctx.input(1).dims;
  const int64_t kernel[2] = {w[1], w[2]}, in[2] = {x[1], x[2]};
  if (ctx.attrs().Has("kernel_shape") && ctx.attrs().GetInts("kernel_shape") != std::vector<int64_t>{w[1], w[2]}) {
    return Decline("kernel_shape differs from W's spatial extents");
  }
  ASSIGN_OR_RETURN(const Window2d win, ResolveWindow2d(ctx, kernel, in, /*allow_ceil=*/false));
  ConvState* s = ctx.EmplaceState<ConvState>();
  s->batch = static_cast<size_t>(x[0]);
  s->height = static_cast<size_t>(x[1]);
  s->width = static_cast<size_t>(x[2]);
  s->rows = static_cast<size_t>(x[0] * win.out[0] * win.out[1]);
  s->channels = static_cast<size_t>(w[0]);
  s->post = act.post;
  const float* weights = ConstantFloats(ctx, 1);
  const float* bias = ConstantFloats(ctx, 2);
  std::vector<float> scaled_w, scaled_b;  // HardSigmoid's alpha * W and alpha * B + beta.
  if (act.scale != 1.0f || act.shift != 0.0f) {
    scaled_w.assign(weights, weights + NumElements(w));
    for (float& v : scaled_w) v *= act.scale;
    scaled_b.assign(s->channels, 0.0f);
    for (size_t m = 0; m < s->channels; ++m) scaled_b[m] = (bias ? bias[m] * act.scale : 0.0f) + act.shift;
    weights = scaled_w.data();
    bias = scaled_b.data();
  }
  RETURN_IF_ERROR(XnnStatus(
      xnn_create_convolution2d_nhwc_f32(win.pad_begin[0], win.pad_end[1], win.pad_end[0], win.pad_begin[1],
                                        win.kernel[0], win.kernel[1], win.stride[0], win.stride[1], win.dilation[0],
                                        win.dilation[1], static_cast<uint32_t>(group), static_cast<size_t>(group_in),
                                        static_cast<size_t>(group_out), static_cast<size_t>(x[3]), s->channels, weights,
                                        bias, act.lo, act.hi, 0, s->op.out()),
      "xnn_create_convolution2d_nhwc_f32"));
  RETURN_IF_ERROR(CreatePost(ctx, act.post, act.alpha, s));
  ctx.SetOutput(0, DType::kFloat32, Dims{x[0], win.out[0], win.out[1], w[0]});
  return Status::Ok();
}

namespace {

// The activation operator over Y, in place (Swish: sigmoid into scratch,
// then Y times it). Called with the state's mutex held.
xnn_status RunPost(const RunContext& ctx, const ConvState& s, float* y, pthreadpool_t pool) {
  xnn_operator_t act = s.act.get();
  xnn_status status = xnn_status_success;
  switch (s.post) {
    case Post::kNone:
      return status;
    case Post::kHardSwish:
      status = xnn_setup_hardswish_nc_f32(act, s.rows, y, y, pool);
      break;
    case Post::kLeakyRelu:
      status = xnn_setup_leaky_relu_nc_f32(act, s.rows, y, y, pool);
      break;
    case Post::kSigmoid:
      status = xnn_setup_sigmoid_nc_f32(act, s.rows, y, y, pool);
      break;
    case Post::kSwish: {
      float* gate = static_cast<float*>(ctx.scratch);
      status = xnn_setup_sigmoid_nc_f32(act, s.rows, y, gate, pool);
      if (status == xnn_status_success) status = xnn_run_operator(act, pool);
      if (status != xnn_status_success) return status;
      const size_t shape[2] = {s.rows, s.channels};
      status = xnn_setup_multiply_nd_f32(s.mul.get(), 2, shape, 2, shape, y, gate, y, pool);
      return status == xnn_status_success ? xnn_run_operator(s.mul.get(), pool) : status;
    }
  }
  return status == xnn_status_success ? xnn_run_operator(act, pool) : status;
}

}  // namespace

Status NhwcConvRun(const RunContext& ctx) {
  const ConvState& s = ctx.state<ConvState>();
  const float* x = ctx.input(0).data_as<const float>();
  float* y = ctx.output(0).data_as<float>();
  pthreadpool_t pool = ThreadPool(ctx);
  std::lock_guard<std::mutex> lock(s.mutex);
  xnn_status status = xnn_setup_convolution2d_nhwc_f32(s.op.get(), s.batch, s.height, s.width, x, y, pool);
  if (status != xnn_status_success) return XnnStatus(status, "xnn_setup_convolution2d_nhwc_f32");
  status = xnn_run_operator(s.op.get(), pool);
  if (status != xnn_status_success) return XnnStatus(status, "xnn_run_operator");
  status = RunPost(ctx, s, y, pool);
  return status == xnn_status_success ? Status::Ok() : XnnStatus(status, "the activation's operator");
}

}  // namespace onyx::kernels::xnnpack
