// STFT: the short-time Fourier transform of signal [batch, L, C] (C = 1 real,
// 2 complex). Frame f covers samples [f * frame_step, f * frame_step +
// frame_length); it is multiplied by `window` (all ones when absent) and
// transformed with a DFT of length frame_length. Output [batch, frames, bins,
// 2] with frames = (L - frame_length) / frame_step + 1 and bins =
// frame_length / 2 + 1 when onesided (the default, real signals only) or
// frame_length otherwise. frame_length defaults to the window's length, or to
// L without a window. frame_step and frame_length decide the output shape, so
// Prepare needs their values.

#include <complex>

#include "kernels/ref/internal/dispatch.h"
#include "kernels/ref/internal/signal_util.h"
#include "kernels/ref/ops.h"

namespace onyx::kernels::ref {
namespace {

struct StftState {
  FftPlan plan;
  int64_t batch = 0, len = 0, channels = 1, step = 1, frames = 0, bins = 0;
};

template <typename T>
void StftFrame(const StftState& s, const T* x, const T* window, T* y, Complex* line,
               Complex* scratch) {
  const int64_t n = s.plan.n;
  for (int64_t t = 0; t < n; ++t) {
    const double w = window != nullptr ? static_cast<double>(window[t]) : 1.0;
    const double re = static_cast<double>(x[t * s.channels]);
    const double im = s.channels == 2 ? static_cast<double>(x[t * s.channels + 1]) : 0.0;
    line[t] = Complex(re * w, im * w);
  }
  Fft(s.plan, line, scratch, false);
  for (int64_t k = 0; k < s.bins; ++k) {
    y[2 * k] = static_cast<T>(line[k].real());
    y[2 * k + 1] = static_cast<T>(line[k].imag());
  }
}

}  // namespace

Status StftPrepare(PrepareContext& ctx) {
  RETURN_IF_ERROR(ctx.ExpectInputCount(2, 4));
  RETURN_IF_ERROR(ExpectDType(ctx, 0, kFloatTypes | kHalfTypes));
  const ValueInfo& x = ctx.input(0);
  RETURN_ERROR_IF(x.dims.size() != 3 || (x.dims[2] != 1 && x.dims[2] != 2),
                  StatusCode::kInvalidArgument, "input '", x.name,
                  "' shape (expected [batch, signal_length, 1 or 2], got ", DimsToString(x.dims),
                  ")");
  StftState s;
  s.batch = x.dims[0];
  s.len = x.dims[1];
  s.channels = x.dims[2];
  ASSIGN_OR_RETURN(s.step, KnownIntScalar(ctx, 1, "frame_step"));
  RETURN_ERROR_IF(s.step < 1, StatusCode::kInvalidArgument, "frame_step input '",
                  ctx.input(1).name, "' (expected 1 or more, got ", s.step, ")");
  int64_t frame_length = s.len;
  if (ctx.has_input(2)) {
    RETURN_IF_ERROR(ExpectSameDType(ctx, 2, 0));
    const ValueInfo& w = ctx.input(2);
    RETURN_ERROR_IF(w.dims.size() != 1, StatusCode::kInvalidArgument, "window input '", w.name,
                    "' shape (expected 1-D, got ", DimsToString(w.dims), ")");
    frame_length = w.dims[0];
  }
  if (ctx.has_input(3)) {
    ASSIGN_OR_RETURN(int64_t given, KnownIntScalar(ctx, 3, "frame_length"));
    RETURN_ERROR_IF(ctx.has_input(2) && given != frame_length, StatusCode::kInvalidArgument,
                    "frame_length input '", ctx.input(3).name, "' differs from the length of window '",
                    ctx.input(2).name, "' (expected ", frame_length, ", got ", given, ")");
    frame_length = given;
  }
  RETURN_ERROR_IF(frame_length < 1 || frame_length > s.len, StatusCode::kInvalidArgument,
                  "frame length for input '", x.name, "' ", DimsToString(x.dims),
                  " (expected [1, ", s.len, "], got ", frame_length, ")");
  ASSIGN_OR_RETURN(bool onesided, BoolAttr(ctx.attrs(), "onesided", true));
  RETURN_ERROR_IF(onesided && s.channels == 2, StatusCode::kInvalidArgument,
                  "onesided=1 takes a real signal '", x.name, "' (expected last dim 1, got ",
                  DimsToString(x.dims), "); set onesided=0 for complex signals");
  s.frames = (s.len - frame_length) / s.step + 1;
  s.bins = onesided ? frame_length / 2 + 1 : frame_length;
  s.plan = MakeFftPlan(frame_length);
  ctx.RequestScratch(static_cast<size_t>(frame_length + s.plan.scratch_elements()) *
                     sizeof(Complex));
  ctx.SetOutput(0, x.dtype, Dims{s.batch, s.frames, s.bins, 2});
  ctx.EmplaceState<StftState>(std::move(s));
  return Status::Ok();
}

Status StftRun(const RunContext& ctx) {
  const StftState& s = ctx.state<StftState>();
  Complex* line = static_cast<Complex*>(ctx.scratch);
  Complex* scratch = line + s.plan.n;
  return DispatchFloatOrHalf(ctx.input(0).dtype, [&](auto tag) {
    using T = decltype(tag);
    const T* x = ctx.input(0).data_as<const T>();
    const T* window = ctx.has_input(2) ? ctx.input(2).data_as<const T>() : nullptr;
    T* y = ctx.output(0).data_as<T>();
    for (int64_t b = 0; b < s.batch; ++b) {
      for (int64_t f = 0; f < s.frames; ++f) {
        const T* frame = x + (b * s.len + f * s.step) * s.channels;
        StftFrame(s, frame, window, y + ((b * s.frames + f) * s.bins) * 2, line, scratch);
      }
    }
    return Status::Ok();
  });
}

}  // namespace onyx::kernels::ref
