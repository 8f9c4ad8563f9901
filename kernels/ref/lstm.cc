// LSTM: gates i, o, f, c (that order in W, R, B) and peepholes P (i, o, f):
// it = f(Xt Wi^T + Ht-1 Ri^T + Pi . Ct-1 + Wbi + Rbi), ft likewise (or
// 1 - it with input_forget), ct = g(Xt Wc^T + Ht-1 Rc^T + Wbc + Rbc),
// Ct = ft . Ct-1 + it . ct, ot = f(... + Po . Ct), Ht = ot . h(Ct); f, g, h
// default to Sigmoid, Tanh, Tanh. Outputs Y, Y_h, Y_c; inputs add initial_c
// and P. Shared recurrent machinery in rnn_util.h. Opset 1 has
// output_sequence (ignored), 14 adds layout, 22 bfloat16.

#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/rnn_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct LstmParams {
  RnnShape shape;
  bool input_forget = false, has_c0 = false, has_peepholes = false;
};

template <typename T>
struct LstmCell {
  const LstmParams& p;
  const T* w;
  const T* r;
  const T* bias;
  const T* peep;

  // Gate g's pre-activation for hidden unit j, without peepholes.
  double Pre(int64_t d, int g, int64_t j, const T* x, const double* h) const {
    const RnnShape& s = p.shape;
    const int64_t hs = s.hidden, row = g * hs + j;
    double v = RowDot(w + d * 4 * hs * s.input, row, s.input, x) + RowDot(r + d * 4 * hs * hs, row, hs, h);
    if (bias != nullptr) {
      v += static_cast<double>(bias[d * 8 * hs + row]) + static_cast<double>(bias[d * 8 * hs + 4 * hs + row]);
    }
    return v;
  }

  double Peep(int64_t d, int g, int64_t j) const {
    return peep != nullptr ? static_cast<double>(peep[(d * 3 + g) * p.shape.hidden + j]) : 0.0;
  }

  void Step(int64_t d, const T* x, double* h, double* c, double* work) const {
    const RnnShape& s = p.shape;
    const int64_t hs = s.hidden;
    const RnnActivation* act = s.act[d];
    for (int64_t j = 0; j < hs; ++j) {
      const double i = act[0](s.Clip(Pre(d, 0, j, x, h) + Peep(d, 0, j) * c[j]));
      const double f = p.input_forget ? 1 - i : act[0](s.Clip(Pre(d, 2, j, x, h) + Peep(d, 2, j) * c[j]));
      const double cc = act[1](s.Clip(Pre(d, 3, j, x, h)));
      const double cell = f * c[j] + i * cc;
      const double o = act[0](s.Clip(Pre(d, 1, j, x, h) + Peep(d, 1, j) * cell));
      work[j] = o * act[2](cell);
      work[hs + j] = cell;
    }
    for (int64_t j = 0; j < hs; ++j) {
      h[j] = work[j];
      c[j] = work[hs + j];
    }
  }
};

}  // namespace

Status LSTMPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(3, 8));
  static const char* const kDefaults[] = {"Sigmoid", "Tanh", "Tanh"};
  LstmParams p;
  RETURN_IF_ERROR(PrepareRnn(ctx, 4, 3, kDefaults, p.shape));
  const RnnShape& s = p.shape;
  ASSIGN_OR_RETURN(p.input_forget, BoolAttr(ctx.attrs(), "input_forget", false));
  p.has_c0 = ctx.has_input(kRnnC0);
  p.has_peepholes = ctx.has_input(kRnnP);
  for (size_t i : {kRnnC0, kRnnP}) {
    if (!ctx.has_input(i)) continue;
    RETURN_IF_ERROR(ExpectSameDType(ctx, i, kRnnX));
    const Dims want = i == kRnnP ? Dims{s.dirs, 3 * s.hidden} : s.StateDims();
    const ValueInfo& v = ctx.input(i);
    RETURN_ERROR_IF(v.dims != want, StatusCode::kInvalidArgument, "input '", v.name,
                    "' shape (expected ", DimsToString(want), ", got ", DimsToString(v.dims), ")");
  }
  if (ctx.num_outputs() > 2) ctx.SetOutput(2, s.dtype, s.StateDims());
  ctx.EmplaceState<LstmParams>(p);
  return Status::Ok();
}

Status LSTMRun(const RunContext& ctx) {
  const auto& p = ctx.state<LstmParams>();
  return DispatchFloatOrHalf(p.shape.dtype, [&](auto tag) {
    using T = decltype(tag);
    LstmCell<T> cell{p, ctx.input(kRnnW).data_as<const T>(), ctx.input(kRnnR).data_as<const T>(),
                     p.shape.has_bias ? ctx.input(kRnnB).data_as<const T>() : nullptr,
                     p.has_peepholes ? ctx.input(kRnnP).data_as<const T>() : nullptr};
    return RunRnnLoop<T>(ctx, p.shape, true, cell);
  });
}

}  // namespace onyx::kernels::ref
