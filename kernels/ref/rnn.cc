// RNN: Ht = f(Xt W^T + Ht-1 R^T + Wb + Rb), f defaulting to Tanh, with the
// shared recurrent machinery (directions, layout, sequence_lens, clip,
// activations) of rnn_util.h. Opset 1 has output_sequence (ignored: Y is
// produced when the node asks for it), 14 adds layout, 22 bfloat16.

#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/rnn_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

template <typename T>
struct RnnCell {
  const RnnShape& s;
  const T* w;
  const T* r;
  const T* bias;

  void Step(int64_t d, const T* x, double* h, double*, double* work) const {
    const int64_t hs = s.hidden;
    const T* wd = w + d * hs * s.input;
    const T* rd = r + d * hs * hs;
    const T* bd = bias != nullptr ? bias + d * 2 * hs : nullptr;
    for (int64_t j = 0; j < hs; ++j) {
      double v = RowDot(wd, j, s.input, x) + RowDot(rd, j, hs, h);
      if (bd != nullptr) v += static_cast<double>(bd[j]) + static_cast<double>(bd[hs + j]);
      work[j] = s.act[d][0](s.Clip(v));
    }
    for (int64_t j = 0; j < hs; ++j) h[j] = work[j];
  }
};

}  // namespace

Status RNNPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(3, 6));
  static const char* const kDefaults[] = {"Tanh"};
  RnnShape s;
  RETURN_IF_ERROR(PrepareRnn(ctx, 1, 1, kDefaults, s));
  ctx.EmplaceState<RnnShape>(s);
  return Status::Ok();
}

Status RNNRun(const RunContext& ctx) {
  const auto& s = ctx.state<RnnShape>();
  return DispatchFloatOrHalf(s.dtype, [&](auto tag) {
    using T = decltype(tag);
    RnnCell<T> cell{s, ctx.input(kRnnW).data_as<const T>(), ctx.input(kRnnR).data_as<const T>(),
                    s.has_bias ? ctx.input(kRnnB).data_as<const T>() : nullptr};
    return RunRnnLoop<T>(ctx, s, false, cell);
  });
}

}  // namespace onyx::kernels::ref
