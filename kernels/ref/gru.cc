// GRU: zt = f(Xt Wz^T + Ht-1 Rz^T + Wbz + Rbz), rt likewise, and
// ht = g(Xt Wh^T + (rt . Ht-1) Rh^T + Rbh + Wbh), or with
// linear_before_reset ht = g(Xt Wh^T + rt . (Ht-1 Rh^T + Rbh) + Wbh); then
// Ht = (1 - zt) . ht + zt . Ht-1. f, g default to Sigmoid, Tanh. Shared
// recurrent machinery in rnn_util.h. Opset 1 has output_sequence (ignored),
// 3 adds linear_before_reset, 14 layout, 22 bfloat16.

#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/rnn_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct GruParams {
  RnnShape shape;
  bool linear_before_reset = false;
};

template <typename T>
struct GruCell {
  const GruParams& p;
  const T* w;
  const T* r;
  const T* bias;

  double Bias(int64_t d, int64_t i) const {
    return bias != nullptr ? static_cast<double>(bias[d * 6 * p.shape.hidden + i]) : 0.0;
  }

  void Step(int64_t d, const T* x, double* h, double*, double* work) const {
    const RnnShape& s = p.shape;
    const int64_t hs = s.hidden;
    const T* wd = w + d * 3 * hs * s.input;
    const T* rd = r + d * 3 * hs * hs;
    double* z = work;
    double* rg = work + hs;
    double* rh = work + 2 * hs;
    double* out = work + 3 * hs;
    for (int64_t j = 0; j < hs; ++j) {
      z[j] = s.act[d][0](s.Clip(RowDot(wd, j, s.input, x) + RowDot(rd, j, hs, h) + Bias(d, j) +
                                Bias(d, 3 * hs + j)));
      rg[j] = s.act[d][0](s.Clip(RowDot(wd, hs + j, s.input, x) + RowDot(rd, hs + j, hs, h) +
                                 Bias(d, hs + j) + Bias(d, 4 * hs + j)));
      rh[j] = rg[j] * h[j];
    }
    for (int64_t j = 0; j < hs; ++j) {
      const double xw = RowDot(wd, 2 * hs + j, s.input, x) + Bias(d, 2 * hs + j);
      const double rb = Bias(d, 5 * hs + j);
      const double pre = p.linear_before_reset ? xw + rg[j] * (RowDot(rd, 2 * hs + j, hs, h) + rb)
                                               : xw + RowDot(rd, 2 * hs + j, hs, rh) + rb;
      const double ht = s.act[d][1](s.Clip(pre));
      out[j] = (1 - z[j]) * ht + z[j] * h[j];
    }
    for (int64_t j = 0; j < hs; ++j) h[j] = out[j];
  }
};

}  // namespace

Status GRUPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(3, 6));
  RETURN_IF_ERROR(RejectAttrBefore(ctx.attrs(), "linear_before_reset", ctx.node().opset, 3));
  static const char* const kDefaults[] = {"Sigmoid", "Tanh"};
  GruParams p;
  RETURN_IF_ERROR(PrepareRnn(ctx, 3, 2, kDefaults, p.shape));
  ASSIGN_OR_RETURN(p.linear_before_reset, BoolAttr(ctx.attrs(), "linear_before_reset", false));
  ctx.EmplaceState<GruParams>(p);
  return Status::Ok();
}

Status GRURun(const RunContext& ctx) {
  const auto& p = ctx.state<GruParams>();
  return DispatchFloatOrHalf(p.shape.dtype, [&](auto tag) {
    using T = decltype(tag);
    GruCell<T> cell{p, ctx.input(kRnnW).data_as<const T>(), ctx.input(kRnnR).data_as<const T>(),
                    p.shape.has_bias ? ctx.input(kRnnB).data_as<const T>() : nullptr};
    return RunRnnLoop<T>(ctx, p.shape, false, cell);
  });
}

}  // namespace onyx::kernels::ref
